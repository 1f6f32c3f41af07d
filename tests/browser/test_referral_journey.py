"""Issue 5's referral journey in a real browser: a case worker of A refers a case to B with the
person's names, a second case worker of A approves sending the identity (four eyes), B's focal
point accepts and assigns an agency, and B's case worker reads exactly the names that were sent.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.factories import SYNTHETIC_IDENTITY, Persona, World, make_case, make_user

pytestmark = pytest.mark.browser

CONSENT = {"purposes": ["referral", "identity_sharing"], "given_on": "2026-02-11"}


def sign_in(page: Page, persona: Persona) -> None:
    page.goto("/login")
    page.get_by_label("Email address").fill(persona.email)
    page.get_by_label("Password").fill(persona.password)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code from your authenticator app").fill(persona.next_code())
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=f"Welcome, {persona.user.full_name}")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_referral_is_approved_accepted_and_read_by_the_other_member(
    browser_page: Page, db: Session, runtime: Runtime, world: World
) -> None:
    page = browser_page
    sender = world.persona("A", Role.CASE_WORKER)
    approver = make_user(db, runtime, world.agencies["A"], Role.CASE_WORKER, email="cw2@tha.test")
    case = make_case(db, runtime, sender, consent=CONSENT)
    db.commit()

    sign_in(page, sender)
    page.goto(f"/trafficking/cases/{case.id}")
    page.get_by_role("link", name="Refer to another member").click()
    page.get_by_label("Receiving member").select_option("IDN")
    page.get_by_label("names").check()
    page.get_by_role("button", name="Create the referral").click()
    heading = page.get_by_role("heading", name="Referral", level=1)
    expect(heading).to_contain_text("to")
    referral_url = page.url
    sign_out(page)

    sign_in(page, approver)
    page.goto(referral_url)
    page.get_by_role("button", name="Approve sending the identity (second pair of eyes)").click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    sign_out(page)

    sign_in(page, world.persona("B", Role.FOCAL_POINT))
    page.goto(referral_url)
    expect(page.get_by_text(SYNTHETIC_IDENTITY["names"])).to_have_count(0)
    page.get_by_label("Assign to agency").select_option(str(world.agencies["B"].id))
    page.get_by_role("button", name="Accepted").click()
    expect(page.get_by_text("The referral is now accepted.")).to_be_visible()
    sign_out(page)

    sign_in(page, world.persona("B", Role.CASE_WORKER))
    page.goto(referral_url)
    expect(page.get_by_text(SYNTHETIC_IDENTITY["names"])).to_be_visible()
    expect(page.get_by_text(SYNTHETIC_IDENTITY["birth_date"])).to_have_count(0)
