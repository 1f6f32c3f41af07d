"""Issue 5's first journey in a real browser: a case worker completes the identification
screening, saves it to a new case, adds the person's name, and finds the case in the list.

Locators are by label and role, so the checklist and the case form are also checked for
assistive technology.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from rcf.access.roles import Role
from rcf.trafficking.indicators import Indicator
from tests.browser.test_journey import sign_in_with_password
from tests.factories import SYNTHETIC_IDENTITY, World

pytestmark = pytest.mark.browser

OBSERVED = (
    Indicator.DECEIVED_ABOUT_JOB,
    Indicator.RECRUITMENT_DEBT,
    Indicator.NO_PAY,
    Indicator.EXCESSIVE_HOURS,
    Indicator.WITHHELD_DOCUMENTS,
    Indicator.DEBT_BONDAGE,
)


def test_screening_saved_as_a_case_appears_in_the_list(browser_page: Page, world: World) -> None:
    page = browser_page
    worker = world.persona("A", Role.CASE_WORKER)
    sign_in_with_password(page, worker)
    page.get_by_label("Code from your authenticator app").fill(worker.next_code())
    page.get_by_role("button", name="Continue").click()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trafficking").click()
    page.get_by_role("link", name="Identification screening").click()
    expect(page.get_by_role("heading", name="Identification screening", level=1)).to_be_visible()
    page.get_by_role("radio", name="No", exact=True).check()
    for indicator in OBSERVED:
        page.get_by_label(indicator.spec.question).check()
    page.get_by_role("button", name="Assess").click()

    expect(page.get_by_role("heading", name="Screening result: Likely")).to_be_visible()
    expect(page.get_by_text("Refer now to the anti-trafficking focal point")).to_be_visible()
    page.get_by_role("button", name="Save to a new case").click()

    heading = page.get_by_role("heading", name=re.compile(r"^Amend case TC-"), level=1)
    expect(heading).to_be_visible()
    case_number = heading.inner_text().removeprefix("Amend case ")
    page.get_by_label("Names").fill(SYNTHETIC_IDENTITY["names"])
    page.get_by_role("button", name="Save the amendment").click()

    expect(page.get_by_role("heading", name=f"Case {case_number}", level=1)).to_be_visible()
    expect(page.get_by_text(SYNTHETIC_IDENTITY["names"])).to_be_visible()
    expect(page.get_by_text("Outcome: likely")).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Trafficking").click()
    expect(page.get_by_role("heading", name="Trafficking cases", level=1)).to_be_visible()
    page.get_by_role("link", name=case_number).click()
    expect(page).to_have_url(re.compile(r"/trafficking/cases/\d+$"))
