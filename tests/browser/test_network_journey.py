"""Issue 6's network journey in a real browser: an analyst confirms that two members' entries
are one person, then walks the network from an incident report to that person, drawn as one
node with both records."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.screening.proposing import propose_links
from tests.factories import Persona, World
from tests.functional.network.helpers import make_person, make_report

pytestmark = pytest.mark.browser

SCREENSHOTS = Path(tempfile.gettempdir())  # for a person to look at; never committed
KARZAI = {"birth_dates": ["1985-03-02"], "nationalities": ["AF"], "documents": ["P7654321"]}


def sign_in(page: Page, persona: Persona) -> None:
    """Email and password only: an analyst needs no second factor."""
    page.goto("/login")
    page.get_by_label("Email address").fill(persona.email)
    page.get_by_label("Password").fill(persona.password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome")


def test_confirm_a_person_link_and_open_the_network(
    browser_page: Page, db: Session, world: World
) -> None:
    page = browser_page
    report = make_report(db, world, "A", "THA-NET-1", transport_identifier="KM Bintang Laut")
    make_person(db, world, "A", "Mohammad Rahimi Karzai", incidents=[report], phones=["+66811"],
                **KARZAI)  # type: ignore[arg-type]  # fmt: skip
    make_person(db, world, "B", "KARZAI, Mohammad Rahimi", **KARZAI)  # type: ignore[arg-type]
    propose_links(db)
    db.commit()
    sign_in(page, world.persona("A", Role.ANALYST))

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Links").click()
    expect(page.get_by_role("heading", name="Proposed links", level=1)).to_be_visible()
    expect(page.get_by_text("birth date: exact")).to_be_visible()
    page.get_by_role("button", name="Same person").click()
    expect(page.get_by_role("status")).to_contain_text("Link confirmed")

    page.goto(f"/incidents/{report}")
    page.get_by_role("link", name="Network").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Network of THA-NET-1")
    expect(page.get_by_role("img", name="Network drawing")).to_be_visible()
    nodes = page.get_by_role("table", name="nodes")
    expect(nodes).to_contain_text("BINTANG LAUT")
    person_row = nodes.get_by_role("row").filter(has_text="Mohammad Rahimi Karzai")
    # One node, both members' records: B's named by its member only (never B's reference).
    expect(person_row).to_contain_text(re.compile(r"THA WL-A-\d+, IDN"))
    expect(person_row).not_to_contain_text("WL-B-")
    person_row.get_by_role("link", name="its network").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Network of")
    expect(page.get_by_role("table", name="connections")).to_contain_text("+66811")
    page.screenshot(path=str(SCREENSHOTS / "rcf-network.png"), full_page=True)
