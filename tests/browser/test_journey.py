"""A person's journey through the portal in a real browser: sign in with a second factor, create
a user, find it in the audit trail, sign out; and the portal without JavaScript.

Locators are by label and role only, so these tests also check that forms and navigation are
labelled for assistive technology.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from rcf.access.roles import Role
from tests.browser.conftest import TIMEOUT_MS
from tests.factories import Persona, World

pytestmark = pytest.mark.browser

# Screenshots for a person to look at (/tmp/rcf-*.png on Linux); never committed.
SCREENSHOTS = Path(tempfile.gettempdir())


def sign_in_with_password(page: Page, persona: Persona) -> None:
    page.goto("/login")
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    page.get_by_label("Email address").fill(persona.email)
    page.get_by_label("Password").fill(persona.password)
    page.get_by_role("button", name="Sign in").click()


def test_focal_point_creates_a_user_and_finds_it_in_the_audit_trail(
    browser_page: Page, world: World
) -> None:
    page = browser_page
    focal_point = world.persona("A", Role.FOCAL_POINT)

    # Sign in: password, then the code from the authenticator app.
    page.goto("/login")
    page.screenshot(path=SCREENSHOTS / "rcf-login.png", full_page=True)
    sign_in_with_password(page, focal_point)
    expect(page).to_have_url(re.compile(r"/login/second-factor$"))
    expect(page.get_by_role("heading", name="Enter your sign-in code")).to_be_visible()
    page.get_by_label("Code from your authenticator app").fill(focal_point.next_code())
    page.get_by_role("button", name="Continue").click()

    # The home page, with the session cookie set as __Host- and Secure over http://127.0.0.1.
    expect(page).to_have_url(re.compile(r"/$"))
    welcome = f"Welcome, {focal_point.user.full_name}"
    expect(page.get_by_role("heading", name=welcome, level=1)).to_be_visible()
    # The banner says who is signed in, as what.
    expect(page.get_by_role("banner")).to_contain_text(
        f"{focal_point.user.full_name} · THA · {Role.FOCAL_POINT.label}"
    )
    cookies = {c["name"]: c for c in page.context.cookies()}
    session_cookie = cookies["__Host-rcf_session"]
    assert session_cookie["secure"] is True
    assert session_cookie["httpOnly"] is True
    assert session_cookie["sameSite"] == "Lax"
    page.screenshot(path=SCREENSHOTS / "rcf-home.png", full_page=True)

    # Users -> Create a user.
    main_nav = page.get_by_role("navigation", name="Main")
    main_nav.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users", level=1)).to_be_visible()
    expect(main_nav.get_by_role("link", name="Users")).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="Create a user").click()
    expect(page.get_by_role("heading", name="Create a user")).to_be_visible()

    email = "new.analyst@tha.test"
    full_name = "Niran Analyst"
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Full name").fill(full_name)
    agency = world.agencies["A"]
    page.get_by_label("Agency").select_option(label=f"THA · {agency.name}")
    page.get_by_label("Role").select_option(label=Role.ANALYST.label)
    page.get_by_role("button", name="Create user").click()

    # The temporary password is shown once.
    expect(page.get_by_role("heading", name="User created")).to_be_visible()
    expect(page.get_by_text(f"{full_name} ({email})")).to_be_visible()
    temporary_password = page.get_by_role("code").inner_text().strip()
    assert len(temporary_password) >= 12

    # The audit trail records who created whom.
    main_nav.get_by_role("link", name="Audit").click()
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    entries = page.get_by_role("table", name="Audit entries, newest first")
    created = entries.get_by_role("row").filter(has_text="user.created").filter(has_text=email)
    expect(created).to_have_count(1)
    expect(created).to_contain_text(focal_point.email)
    expect(created).to_contain_text(Role.ANALYST.value)
    assert temporary_password not in page.content()
    page.screenshot(path=SCREENSHOTS / "rcf-audit.png", full_page=True)

    # Filtering by action still finds it.
    page.get_by_label("Action").select_option("user.created")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/audit\?action=user\.created"))
    expect(entries.get_by_role("row").filter(has_text=email)).to_have_count(1)

    # Sign out: back at the sign-in form, and the portal is closed again.
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
    assert "__Host-rcf_session" not in {c["name"] for c in page.context.cookies()}
    page.goto("/admin/users")
    expect(page).to_have_url(re.compile(r"/login"))


def test_portal_works_without_javascript(chromium: Browser, live_server: str, world: World) -> None:
    context = chromium.new_context(base_url=live_server, java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        page = context.new_page()
        viewer = world.persona("A", Role.VIEWER)
        sign_in_with_password(page, viewer)
        expect(page).to_have_url(re.compile(r"/$"))
        welcome = f"Welcome, {viewer.user.full_name}"
        expect(page.get_by_role("heading", name=welcome, level=1)).to_be_visible()

        page.get_by_role("navigation", name="Main").get_by_role("link", name="Bulletins").click()
        expect(page).to_have_url(re.compile(r"/bulletins$"))
        bulletins = page.get_by_role("table", name="Bulletins you can see, newest first")
        expect(bulletins.get_by_role("link", name="B regional")).to_be_visible()
        # A's own national bulletin and B's regional one are both listed for A's viewer.
        expect(bulletins.get_by_role("link", name="A national")).to_be_visible()

        bulletins.get_by_role("link", name="A regional").click()
        expect(page).to_have_url(re.compile(r"/bulletins/\d+$"))
        expect(page.get_by_role("heading", name="A regional", level=1)).to_be_visible()
        expect(page.get_by_text("Synthetic text.")).to_be_visible()
        expect(page.get_by_text("Use only to prevent and combat crime.")).to_be_visible()

        # The GET filter form works without script too.
        page.goto("/bulletins")
        page.get_by_label("Category").select_option("alert")
        page.get_by_role("button", name="Filter").click()
        expect(page).to_have_url(re.compile(r"/bulletins\?category=alert$"))
        expect(bulletins.get_by_role("link", name="A regional")).to_be_visible()
    finally:
        context.close()
