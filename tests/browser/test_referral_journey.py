"""Issue 5's journey end to end in a real browser: a case worker of A completes the
identification screening, saves it as a case with the person's name and consent, and refers it
to B with the names; a second case worker of A approves sending the identity (four eyes), B's
focal point accepts and assigns an agency without seeing the names or the messages, and B's
case worker reads exactly the names that were sent, opens the file the sender attached, and
answers the sender by secure message.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.runtime import Runtime
from tests.browser.test_trafficking_journey import OBSERVED
from tests.factories import SYNTHETIC_IDENTITY, Persona, World, make_user

pytestmark = pytest.mark.browser
NOTE = b"Synthetic note: arrival on Tuesday.\n"


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


def screen_and_open_a_case(page: Page) -> None:
    """The screening saved as a case, with the name and the consent a referral needs."""
    page.goto("/trafficking/screening")
    page.get_by_role("radio", name="No", exact=True).check()
    for indicator in OBSERVED:
        page.get_by_label(indicator.spec.question).check()
    page.get_by_role("button", name="Assess").click()
    expect(page.get_by_role("heading", name="Screening result: Likely")).to_be_visible()
    page.get_by_role("button", name="Save to a new case").click()
    page.get_by_label("Names").fill(SYNTHETIC_IDENTITY["names"])
    page.get_by_label("Referral to another organisation or member").check()
    page.get_by_label("Sharing identity data in a referral").check()
    page.get_by_label("Consent given on").fill("2026-02-11")
    page.get_by_role("button", name="Save the amendment").click()
    expect(page.get_by_text("Outcome: likely")).to_be_visible()


def test_screening_case_referral_and_acceptance_by_the_other_member(
    browser_page: Page, db: Session, runtime: Runtime, world: World
) -> None:
    page = browser_page
    sender = world.persona("A", Role.CASE_WORKER)
    approver = make_user(db, runtime, world.agencies["A"], Role.CASE_WORKER, email="cw2@tha.test")
    db.commit()

    sign_in(page, sender)
    screen_and_open_a_case(page)
    page.get_by_role("link", name="Refer to another member").click()
    page.get_by_label("Receiving member").select_option("IDN")
    page.get_by_label("names").check()
    page.get_by_role("button", name="Create the referral").click()
    heading = page.get_by_role("heading", name="Referral", level=1)
    expect(heading).to_contain_text("to")
    referral_url = page.url
    page.get_by_label(re.compile("^Attach a file")).set_input_files(
        files=[{"name": "arrival-note.txt", "mimeType": "text/plain", "buffer": NOTE}]
    )
    page.get_by_role("button", name="Attach", exact=True).click()
    expect(page.get_by_text("The file was attached.")).to_be_visible()
    sign_out(page)

    sign_in(page, approver)
    page.goto(referral_url)
    page.get_by_role("button", name="Approve sending the identity (second pair of eyes)").click()
    expect(page.get_by_text("Approved.")).to_be_visible()
    sign_out(page)

    sign_in(page, world.persona("B", Role.FOCAL_POINT))
    # The focal point finds it from the dashboard's count of referrals waiting, in the inbox.
    page.goto("/trafficking/dashboard")
    expect(page.locator("#referrals-waiting")).to_contain_text("1 pending")
    page.locator("#referrals-waiting").get_by_role("link", name="Referral inbox").click()
    referral_id = referral_url.rsplit("/", 1)[1]
    page.get_by_role("link", name=f"Referral {referral_id}", exact=True).click()
    expect(page).to_have_url(referral_url)
    expect(page.get_by_text(SYNTHETIC_IDENTITY["names"])).to_have_count(0)
    expect(page.get_by_label("Message to the other side")).to_have_count(0)
    expect(page.get_by_role("link", name="arrival-note.txt")).to_have_count(0)
    page.get_by_label("Assign to agency").select_option(str(world.agencies["B"].id))
    page.get_by_role("button", name="Accepted").click()
    expect(page.get_by_text("The referral is now accepted.")).to_be_visible()
    sign_out(page)

    sign_in(page, world.persona("B", Role.CASE_WORKER))
    page.goto(referral_url)
    expect(page.get_by_text(SYNTHETIC_IDENTITY["names"])).to_be_visible()
    expect(page.get_by_text(SYNTHETIC_IDENTITY["birth_date"])).to_have_count(0)
    with page.expect_download() as download:
        page.get_by_role("link", name="arrival-note.txt").click()
    assert download.value.path().read_bytes() == NOTE
    page.get_by_label("Message to the other side").fill("Shelter bed ready")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_text("Message sent.")).to_be_visible()
    sign_out(page)

    sign_in(page, sender)
    page.goto(referral_url)
    expect(page.get_by_text("Shelter bed ready")).to_be_visible()
