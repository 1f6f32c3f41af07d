"""Issue 4's journey in a real browser: a border officer of member B checks a Thai passport by
its MRZ, gets a hit, and member A, which issued it, confirms the hit; the officer sees the
answer. Locators are by label and role."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.accounts.auth import actor_for_user
from rcf.documents.register import create_record
from rcf.documents.register_schemas import RecordIn
from tests.factories import Persona, World
from tests.unit.documents.builders import td3

pytestmark = pytest.mark.browser

# A TD3 zone of a synthetic Thai passport AB1234567 (check digits computed per Doc 9303).
MRZ = "\n".join(
    td3(
        number="AB1234567", state="THA", nationality="THA", surname="SAMPLE",
        given="TRAVELLER", birth="800101", sex="M", expiry="310101", optional="",
    )
)  # fmt: skip


def sign_in(page: Page, persona: Persona) -> None:
    page.goto("/login")
    page.get_by_label("Email address").fill(persona.email)
    page.get_by_label("Password").fill(persona.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name=f"Welcome, {persona.user.full_name}")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_an_officer_checks_a_passport_and_the_issuer_confirms_the_hit(
    browser_page: Page, db: Session, world: World
) -> None:
    issuer = world.persona("A", Role.CONTRIBUTOR)
    data = RecordIn(
        national_reference="THA-STOLEN-77",
        document_number="AB1234567",
        issuing_state="THA",
        document_type="passport",
        status="stolen_from_bearer",
        handling_code="H1",
    )
    create_record(db, actor_for_user(issuer.user), data, review_years=10)
    db.commit()
    page = browser_page

    officer = world.persona("B", Role.VIEWER)
    sign_in(page, officer)
    page.get_by_role("link", name="Documents").click()
    page.get_by_label("Or the machine-readable zone").fill(MRZ)
    page.get_by_role("button", name="Check", exact=True).click()
    expect(
        page.get_by_role("heading", name="HIT: 1 register record(s) for AB1234567 (THA)")
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text="stolen from bearer")
    expect(row).to_contain_text("THA")
    expect(row).to_contain_text("H1")
    expect(page.get_by_text("THA-STOLEN-77")).to_have_count(0)  # never the owner's reference
    reference = row.get_by_role("link").inner_text()
    sign_out(page)

    sign_in(page, issuer)
    page.goto("/documents/hits")
    expect(page.get_by_role("status").filter(has_text="1 new hit(s)")).to_be_visible()
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("THA-STOLEN-77")).to_be_visible()
    page.get_by_label("Yes: confirmed").check()
    page.get_by_label("Message to the checking member").fill("Confirmed: our stolen passport.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.locator("#hit-status")).to_have_text("confirmed")
    sign_out(page)

    sign_in(page, officer)
    page.goto(f"/documents/hits/{reference}")
    expect(page.locator("#hit-status")).to_have_text("confirmed")
    expect(page.get_by_text("Confirmed: our stolen passport.")).to_be_visible()
