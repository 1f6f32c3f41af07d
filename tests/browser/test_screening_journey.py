"""Issue 6's journey in a real browser: an officer of member B screens a name written in
Arabic script, sees the explained hit on member A's entry (names shown: H0) with whom to
contact; member A finds the hit in its inbox, says it is the same person and opens the network
around its entry (the phone it shares with the incident report it is linked to)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy.orm import Session

from rcf.access.roles import Role
from rcf.incidents.models import Incident
from rcf.runtime import Runtime
from tests.browser.test_document_journey import sign_in, sign_out
from tests.factories import World, make_incident, make_watchlist_person

pytestmark = pytest.mark.browser


def test_an_officer_screens_a_name_and_the_owner_confirms_the_hit(
    browser_page: Page, db: Session, runtime: Runtime, world: World
) -> None:
    owner = world.persona("A", Role.CONTRIBUTOR)
    report = make_incident(db, owner, reference="THA-BOAT-7", transport_identifier="KM Sri Laut")
    assert isinstance(report, Incident)
    link = {"record_type": "incident", "record_id": report.id}
    make_watchlist_person(db, runtime, owner, links=[link])
    # B contributes a regional entry of its own: reciprocity lets it screen regional entries.
    other = {"reference": "B-1", "primary_name": "Ozri Tal", "aliases": [], "documents": []}
    make_watchlist_person(db, runtime, world.persona("B", Role.CONTRIBUTOR), **other)
    db.commit()
    page = browser_page

    sign_in(page, world.persona("B", Role.VIEWER))
    page.get_by_role("link", name="Screening").click()
    page.get_by_label("Name").fill("محمد رحيم قاسمی")
    page.get_by_label("Birth date").fill("1979")
    page.get_by_role("button", name="Screen", exact=True).click()
    expect(page.get_by_role("heading", name="1 candidate")).to_be_visible()
    contact = page.get_by_role("link", name="Contact member THA, hit reference")
    expect(contact).to_be_visible()
    expect(page.get_by_text("Why it matched")).to_be_visible()
    expect(page.get_by_text("Names: Mohammed Rahim Qasimi")).to_be_visible()
    expect(page.get_by_text("POI-0001")).to_have_count(0)  # never the owner's reference
    reference = contact.inner_text().rsplit(" ", 1)[-1].rstrip(".")
    sign_out(page)

    sign_in(page, owner)
    page.goto("/screening/hits")
    expect(page.get_by_role("status").filter(has_text="1 new hit(s)")).to_be_visible()
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_text("POI-0001: Mohammed Rahim Qasimi")).to_be_visible()
    page.get_by_label("Yes, the same person").check()
    page.get_by_role("button", name="Send the answer").click()
    expect(page.get_by_text("Your answer was sent to the screening member.")).to_be_visible()
    expect(page.get_by_text("confirmed", exact=False).first).to_be_visible()

    page.get_by_role("link", name="Network around it").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Network of Mohammed Rahim Qasimi")
    expect(page.get_by_role("img", name="Network drawing")).to_be_visible()
    nodes = page.get_by_role("table", name="nodes")
    expect(nodes).to_contain_text("+93705550199")  # the entry's phone, E.164
    expect(nodes).to_contain_text("THA-BOAT-7")  # the report it is linked to
    expect(nodes).to_contain_text("SRI LAUT")  # that report's boat
