"""Issue 3's journey in a real browser: upload a file of incident reports with an error, read the
problem report, fix the file, import it, and see the reports in the summary chart.

Locators are by label and role, so the upload form, the problem report and the charts are also
checked for assistive technology.
"""

from __future__ import annotations

import csv
import re
import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from rcf.access.roles import Role
from rcf.incidents.columns import COLUMN_NAMES, to_flat
from rcf.incidents.schemas import IncidentIn, content_of
from tests.factories import Persona, World, incident_data

pytestmark = pytest.mark.browser

# Screenshots for a person to look at (/tmp/rcf-*.png on Linux); never committed.
SCREENSHOTS = Path(tempfile.gettempdir())
REFERENCES = ("THA-IB-2026-0101", "THA-IB-2026-0102", "THA-IB-2026-0103")
PER_MONTH = "Persons detected per month"
BAD_ROW = 3  # the header is row 1, so the second report is on row 3


def flat_row(**overrides: object) -> dict[str, str]:
    """One file row of a valid report (through the schema, as an export would write it)."""
    return to_flat(content_of(IncidentIn.model_validate(incident_data(**overrides))))


def good_rows() -> list[dict[str, str]]:
    """Three reports of member A: 30 and 12 persons in September 2026, 8 in October."""
    return [
        flat_row(reference=REFERENCES[0], country="THA", occurred_on="2026-09-14"),
        flat_row(
            reference=REFERENCES[1],
            country="THA",
            occurred_on="2026-09-20",
            persons=[{"citizenship": "LKA", "sex": "M", "age_group": "adult", "count": 12}],
            unaccompanied_children=0,
        ),
        flat_row(
            reference=REFERENCES[2],
            country="THA",
            occurred_on="2026-10-03",
            origin_country="MMR",
            persons=[
                {"citizenship": "MMR", "sex": "F", "age_group": "adult", "count": 5},
                {"citizenship": "MMR", "sex": "M", "age_group": "child", "count": 3},
            ],
        ),
    ]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMN_NAMES)
        writer.writeheader()
        writer.writerows(rows)
    return path


def sign_in(page: Page, persona: Persona) -> None:
    """Email and password only: a contributor needs no second factor."""
    page.goto("/login")
    page.get_by_label("Email address").fill(persona.email)
    page.get_by_label("Password").fill(persona.password)
    page.get_by_role("button", name="Sign in").click()
    welcome = f"Welcome, {persona.user.full_name}"
    expect(page.get_by_role("heading", name=welcome, level=1)).to_be_visible()


def upload(page: Page, path: Path) -> None:
    page.goto("/incidents/import")
    expect(page.get_by_role("heading", name="Import incident reports", level=1)).to_be_visible()
    page.get_by_label("File (.csv or .xlsx)").set_input_files(path)
    page.get_by_role("button", name="Check and import").click()


def chart_section(page: Page, title: str) -> Locator:
    return page.locator("section").filter(has=page.get_by_role("heading", name=title, level=2))


def test_contributor_fixes_a_file_imports_it_and_sees_it_in_the_summary(
    browser_page: Page, world: World, tmp_path: Path
) -> None:
    page = browser_page
    sign_in(page, world.persona("A", Role.CONTRIBUTOR))

    # A file whose second report names no real country and is dated next month.
    rows = good_rows()
    future = (date.today() + timedelta(days=30)).isoformat()
    broken = [rows[0], {**rows[1], "country": "XYZ", "occurred_on": future}, rows[2]]
    path = write_csv(tmp_path / "reports.csv", broken)
    upload(page, path)

    # The problem report names the row, the column, the value and what is wrong. (The date is
    # checked across fields, which runs only once every field is valid: it shows up only after
    # the country is corrected, so the fix below corrects both.)
    alert = page.get_by_role("alert")
    expect(alert.get_by_role("heading", name="Nothing was imported")).to_be_visible()
    expect(alert).to_contain_text("in 3 rows")
    problems = page.get_by_role("table", name="Problems")
    expect(problems.get_by_role("columnheader")).to_have_text(["Row", "Column", "Value", "Problem"])
    country_problem = problems.get_by_role("row").filter(has_text="XYZ")
    expect(country_problem.get_by_role("cell")).to_have_text(
        [str(BAD_ROW), "country", "XYZ", re.compile(r"'XYZ' is not a country code")]
    )
    expect(problems.get_by_role("cell", name=str(BAD_ROW - 1), exact=True)).to_have_count(0)
    expect(problems.get_by_role("cell", name=str(BAD_ROW + 1), exact=True)).to_have_count(0)
    # The file can be chosen again at once: the field is still there, with no error of its own.
    expect(page.get_by_label("File (.csv or .xlsx)")).to_be_visible()
    page.screenshot(path=SCREENSHOTS / "rcf-import-problems.png", full_page=True)

    # All or nothing: not even the two good rows were written.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Incidents").click()
    expect(page.get_by_role("heading", name="Incident reports", level=1)).to_be_visible()
    expect(page.get_by_text("0 reports match.")).to_be_visible()
    listed = page.get_by_role("table", name="Incident reports you can see, newest first")
    for reference in REFERENCES:
        expect(listed.get_by_text(reference)).to_have_count(0)

    # Fix the file and import it again.
    write_csv(path, rows)
    upload(page, path)
    done = page.get_by_role("status").filter(has_text="Import complete")
    expect(done).to_contain_text("3 rows: 3 created, 0 amended, 0 unchanged.")
    expect(page.get_by_role("alert")).to_have_count(0)

    done.get_by_role("link", name="See your incident reports").click()
    expect(page.get_by_text("3 reports match.")).to_be_visible()
    for reference in REFERENCES:
        expect(listed.get_by_role("link", name=reference)).to_be_visible()

    # The summary chart and its table count the imported persons: 30 + 12 in September, 8 after.
    page.get_by_role("link", name="Regional summary and charts").click()
    expect(page.get_by_role("heading", name="Situational picture", level=1)).to_be_visible()
    section = chart_section(page, PER_MONTH)
    chart = section.get_by_role("img", name=PER_MONTH)
    expect(chart).to_be_visible()
    expect(chart.locator("> title")).to_have_text(PER_MONTH)
    expect(chart.locator("rect > title")).to_have_text(["2026-09: 42", "2026-10: 8"])

    section.get_by_text("Show as table").click()
    table = section.get_by_role("table", name=PER_MONTH)
    expect(table).to_be_visible()
    expect(table.get_by_role("row")).to_have_count(3)
    expect(table.get_by_role("row").nth(1).get_by_role("cell")).to_have_text(["2026-09", "2", "42"])
    expect(table.get_by_role("row").nth(2).get_by_role("cell")).to_have_text(["2026-10", "1", "8"])
    page.screenshot(path=SCREENSHOTS / "rcf-summary.png", full_page=True)

    # The chart's data as CSV, through its link.
    with page.expect_download() as download_info:
        link_name = f"Download this chart's data as CSV ({PER_MONTH})"
        page.get_by_role("link", name=link_name, exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "incidents-persons-per-month.csv"
    content = Path(download.path()).read_bytes().decode("utf-8")
    assert content == "Month,Reports,Persons\r\n2026-09,2,42\r\n2026-10,1,8\r\n"
