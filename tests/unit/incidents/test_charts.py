"""The SVG charts are well-formed, escape every label, and scale to their data."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest

from rcf.incidents import charts
from rcf.incidents.summary import histogram_median, month_range
from rcf.incidents.summary_views import Table, csv_safe, to_csv

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert("x")</script> & "quoted"'


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314 - our own output, parsed to prove it is well-formed


def test_column_chart_draws_one_column_per_month_on_a_zero_based_axis() -> None:
    svg = parse(charts.column_chart("Persons", [("2026-01", 10), ("2026-02", 40), ("2026-03", 0)]))
    columns = list(svg.iter(f"{SVG}rect"))
    assert len(columns) == 3
    heights = [float(r.attrib["height"]) for r in columns]
    assert heights[1] == pytest.approx(4 * heights[0])
    assert heights[2] == 0


def test_grouped_columns_have_a_legend_per_series() -> None:
    svg = charts.grouped_columns("Losses", ["2026-01"], {"Deaths": [1], "Missing": [3]})
    texts = [t.text for t in parse(svg).iter(f"{SVG}text")]
    assert "Deaths" in texts
    assert "Missing" in texts


@pytest.mark.parametrize(
    "render",
    [
        lambda label: charts.column_chart(label, [(label, 1)]),
        lambda label: charts.horizontal_bars(label, [(label, 2)], unit=label),
        lambda label: charts.sankey(
            label, [charts.Flow(0, label, "b", 3), charts.Flow(1, "b", label, 3)], [label] * 3
        ),
    ],
)
def test_every_label_is_escaped(render: object) -> None:
    svg = render(HOSTILE)  # type: ignore[operator]
    assert "<script>" not in svg
    parse(svg)  # still well-formed: nothing broke out of its attribute or element


def test_sankey_bands_are_as_wide_as_their_flows() -> None:
    flows = [
        charts.Flow(0, "Sri Lanka", "India", 30),
        charts.Flow(0, "Afghanistan", "Direct", 10),
        charts.Flow(1, "India", "Australia", 30),
        charts.Flow(1, "Direct", "Australia", 10),
    ]
    svg = parse(charts.sankey("Routes", flows, ["Origin", "Transit", "Destination"]))
    nodes = {
        r.find(f"{SVG}title").text.split(":")[0]: float(r.attrib["height"])  # type: ignore[union-attr]
        for r in svg.iter(f"{SVG}rect")
    }
    assert nodes["Australia"] == pytest.approx(nodes["Sri Lanka"] + nodes["Afghanistan"])
    assert nodes["Sri Lanka"] == pytest.approx(3 * nodes["Afghanistan"])
    assert len(list(svg.iter(f"{SVG}path"))) == 4


def test_empty_data_says_so() -> None:
    for svg in (charts.column_chart("x", []), charts.sankey("x", [], ["a", "b"])):
        assert "No reports match." in svg


@pytest.mark.parametrize(
    ("value", "ceiling"), [(0, 5), (0.3, 5), (3, 5), (7, 10), (12, 20), (230, 250), (1000, 1000)]
)
def test_axis_maximum_is_a_round_number(value: float, ceiling: float) -> None:
    assert charts.nice_ceiling(value) == pytest.approx(ceiling)


def test_median_of_a_histogram_matches_percentile_cont() -> None:
    d = Decimal
    assert histogram_median([(d(1), 1), (d(3), 1)]) == d("2.00")
    assert histogram_median([(d(5), 3), (d(1), 1)]) == d("5.00")
    assert histogram_median([(d("2.5"), 2), (d(1), 1), (d(9), 1)]) == d("2.50")


def test_month_range_fills_gaps_across_years() -> None:
    assert month_range(["2025-12", "2025-11", "2026-02"]) == [
        "2025-11", "2025-12", "2026-01", "2026-02"
    ]  # fmt: skip
    assert month_range([]) == []


@pytest.mark.parametrize("cell", ["=1+1", "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_look_like_formulas_are_quoted(cell: str) -> None:
    assert csv_safe(cell) == "'" + cell
    assert to_csv(Table(("h",), [(cell,)])).splitlines()[1].lstrip('"').startswith("'")


def test_csv_keeps_numbers_and_plain_text() -> None:
    assert to_csv(Table(("a", "b"), [("Sri Lanka", 30)])) == "a,b\r\nSri Lanka,30\r\n"


@pytest.mark.parametrize("cell", ["-10.9", "+1", "42"])
def test_plain_numbers_are_left_alone(cell: str) -> None:
    assert csv_safe(cell) == cell
