"""Server-rendered SVG charts: no script, no CDN, so they work air-gapped and under the
``style-src 'self'`` policy (only presentation attributes, never ``style``).

Each function takes plain numbers and labels and returns one ``<svg>`` element as ``Markup``;
every label is escaped here, so a country name or a route can never inject markup.

Examples:
    >>> svg = column_chart("Persons", [("2026-01", 12), ("2026-02", 30)])
    >>> svg.startswith("<svg")
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from markupsafe import Markup

WIDTH = 720
INK, MUTED, LINE = "#0b0c0c", "#505a5f", "#b1b4b6"
COLOURS = ("#1d4f91", "#b10e1e", "#005a30", "#8a4b00", "#5b2a86", "#00626b")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


def _text(
    x: float, y: float, label: str, anchor: str = "start", fill: str = INK, halo: bool = False
) -> str:
    """A label; ``halo`` outlines it in white so it stays legible over coloured bands."""
    outline = ' stroke="#fff" stroke-width="3" paint-order="stroke"' if halo else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{outline}>'
        f"{escape(label)}</text>"
    )


def _svg(title: str, height: float, body: list[str]) -> Markup:
    """The chart element: scales to its container, titled for screen readers."""
    # Every label reached ``body`` through ``escape``; the rest are numbers and fixed markup.
    return Markup(  # noqa: S704
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def _empty(title: str) -> Markup:
    return _svg(title, 60, [_text(WIDTH / 2, 34, "No reports match.", "middle", MUTED)])


def nice_ceiling(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 2.5 or 5 times a power of ten), and
    at least 5, so the five grid steps of a chart of people fall on whole numbers."""
    if value <= 5:
        return 5
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for step in (1, 2, 2.5, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"


def _axis(top: float, bottom: float, left: float, right: float, maximum: float) -> list[str]:
    """Horizontal grid lines with their values, five steps from zero to ``maximum``."""
    parts = []
    for step in range(6):
        y = bottom - (bottom - top) * step / 5
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}" '
            f'stroke-width="{1 if step else 1.5}"/>'
        )
        parts.append(_text(left - 6, y + 4, _fmt(maximum * step / 5), "end", MUTED))
    return parts


def _month_ticks(labels: Sequence[str], x_of: list[float], y: float) -> list[str]:
    """Month labels under the columns, thinned so they never overlap."""
    every = max(1, -(-len(labels) // 12))
    return [_text(x_of[i], y, labels[i], "middle", MUTED) for i in range(0, len(labels), every)]


def column_chart(title: str, points: Sequence[tuple[str, float]]) -> Markup:
    """One column per point (months of persons detected), on a zero-based axis."""
    return grouped_columns(title, [p[0] for p in points], {"": [p[1] for p in points]})


def grouped_columns(
    title: str, labels: Sequence[str], series: dict[str, Sequence[float]]
) -> Markup:
    """Columns per label, one per series side by side (deaths and missing per month)."""
    if not labels:
        return _empty(title)
    height, top, left, right = 300.0, 30.0, 60.0, WIDTH - 10.0
    bottom = height - 40
    maximum = nice_ceiling(max((max(v, default=0) for v in series.values()), default=0))
    slot = (right - left) / len(labels)
    bar = max(1.0, slot * 0.8 / len(series))
    body = _axis(top, bottom, left, right, maximum)
    for s, (name, values) in enumerate(series.items()):
        colour = COLOURS[s % len(COLOURS)]
        for i, value in enumerate(values):
            h = (bottom - top) * value / maximum
            x = left + slot * i + slot * 0.1 + bar * s
            body.append(
                f'<rect x="{x:.1f}" y="{bottom - h:.1f}" width="{bar:.1f}" height="{h:.1f}" '
                f'fill="{colour}"><title>{escape(labels[i])}'
                f"{escape(' ' + name if name else '')}: {_fmt(value)}</title></rect>"
            )
        if name:
            body.append(
                f'<rect x="{left + 120 * s}" y="6" width="12" height="12" fill="{colour}"/>'
            )
            body.append(_text(left + 120 * s + 18, 16, name))
    centres = [left + slot * (i + 0.5) for i in range(len(labels))]
    body += _month_ticks(labels, centres, bottom + 18)
    return _svg(title, height, body)


def horizontal_bars(title: str, items: Sequence[tuple[str, float]], unit: str = "") -> Markup:
    """One labelled bar per item, largest first as given (citizenships, fees by route)."""
    if not items:
        return _empty(title)
    row, label_width, right = 26.0, 260.0, WIDTH - 90.0
    height = row * len(items) + 16
    maximum = max(value for _, value in items) or 1
    body = []
    for i, (label, value) in enumerate(items):
        y = 8 + row * i
        w = (right - label_width) * value / maximum
        shown = label if len(label) <= 40 else label[:39] + "…"
        body.append(_text(label_width - 8, y + 15, shown, "end"))
        body.append(
            f'<rect x="{label_width}" y="{y + 3:.1f}" width="{max(w, 1):.1f}" height="{row - 8}" '
            f'fill="{COLOURS[0]}"><title>{escape(label)}: {_fmt(value)}{escape(unit)}</title>'
            "</rect>"
        )
        body.append(_text(label_width + max(w, 1) + 6, y + 15, f"{_fmt(value)}{unit}"))
    return _svg(title, height, body)


@dataclass(frozen=True)
class Flow:
    """``value`` persons went from ``source`` (a node in column ``column``) to ``target`` (in
    column ``column + 1``)."""

    column: int
    source: str
    target: str
    value: float


def sankey(title: str, flows: Sequence[Flow], columns: Sequence[str]) -> Markup:
    """A Sankey diagram: node columns (origin, transit, destination) joined by bands whose
    width is proportional to the persons that travelled between them."""
    flows = [f for f in flows if f.value > 0]
    if not flows:
        return _empty(title)
    nodes = _sankey_nodes(flows, len(columns))
    total = max(sum(v for v in column.values()) for column in nodes)
    count = max(len(column) for column in nodes)
    height, top, gap, node_w = max(220.0, 38.0 * count + 60), 34.0, 16.0, 14.0
    scale = (height - top - 10 - gap * (count - 1)) / total
    xs = [20 + (WIDTH - 40 - node_w) * c / (len(columns) - 1) for c in range(len(columns))]
    y_of: list[dict[str, float]] = []
    body = []
    for c, column in enumerate(nodes):
        anchor = "start" if c == 0 else "end" if c == len(columns) - 1 else "middle"
        body.append(
            _text(xs[c] + (node_w if c == len(columns) - 1 else 0), 16, columns[c], anchor, MUTED)
        )
        y, placed = top, {}
        for name, value in column.items():
            placed[name] = y
            body.append(
                f'<rect x="{xs[c]:.1f}" y="{y:.1f}" width="{node_w}" height="{value * scale:.1f}" '
                f'fill="{INK}"><title>{escape(name)}: {_fmt(value)}</title></rect>'
            )
            y += value * scale + gap
        y_of.append(placed)
    body += _sankey_bands(flows, nodes, y_of, xs, node_w, scale)
    body += _sankey_labels(nodes, y_of, xs, node_w, scale)
    return _svg(title, height, body)


def _sankey_nodes(flows: Sequence[Flow], columns: int) -> list[dict[str, float]]:
    """Per column, each node's throughput (the larger of what enters and what leaves)."""
    out: list[dict[str, float]] = [{} for _ in range(columns)]
    into: list[dict[str, float]] = [{} for _ in range(columns)]
    for f in flows:
        out[f.column][f.source] = out[f.column].get(f.source, 0) + f.value
        into[f.column + 1][f.target] = into[f.column + 1].get(f.target, 0) + f.value
    nodes = []
    for c in range(columns):
        names = set(out[c]) | set(into[c])
        sizes = {n: max(out[c].get(n, 0), into[c].get(n, 0)) for n in names}
        nodes.append(dict(sorted(sizes.items(), key=lambda item: (-item[1], item[0]))))
    return nodes


def _sankey_bands(
    flows: Sequence[Flow],
    nodes: list[dict[str, float]],
    y_of: list[dict[str, float]],
    xs: list[float],
    node_w: float,
    scale: float,
) -> list[str]:
    """Each flow as a band of cubic curves, stacked in node order at both of its ends."""
    order = {(c, n): i for c, column in enumerate(nodes) for i, n in enumerate(column)}
    used_out: dict[tuple[int, str], float] = {}
    used_in: dict[tuple[int, str], float] = {}
    parts = []
    ranked = sorted(
        flows,
        key=lambda f: (f.column, order[(f.column, f.source)], order[(f.column + 1, f.target)]),
    )
    for f in ranked:
        c, w = f.column, f.value * scale
        y0 = y_of[c][f.source] + used_out.get((c, f.source), 0)
        y1 = y_of[c + 1][f.target] + used_in.get((c + 1, f.target), 0)
        used_out[(c, f.source)] = used_out.get((c, f.source), 0) + w
        used_in[(c + 1, f.target)] = used_in.get((c + 1, f.target), 0) + w
        x0, x1 = xs[c] + node_w, xs[c + 1]
        mid = (x0 + x1) / 2
        path = (
            f"M{x0:.1f},{y0:.1f} C{mid:.1f},{y0:.1f} {mid:.1f},{y1:.1f} {x1:.1f},{y1:.1f} "
            f"L{x1:.1f},{y1 + w:.1f} C{mid:.1f},{y1 + w:.1f} {mid:.1f},{y0 + w:.1f} "
            f"{x0:.1f},{y0 + w:.1f} Z"
        )
        colour = COLOURS[order[(c, f.source)] % len(COLOURS)]
        parts.append(
            f'<path d="{path}" fill="{colour}" fill-opacity="0.45" stroke="none">'
            f"<title>{escape(f.source)} → {escape(f.target)}: {_fmt(f.value)}</title></path>"
        )
    return parts


def _sankey_labels(
    nodes: list[dict[str, float]],
    y_of: list[dict[str, float]],
    xs: list[float],
    node_w: float,
    scale: float,
) -> list[str]:
    """Node names beside their bars: outward for the end columns, right of the middle ones."""
    parts = []
    last = len(nodes) - 1
    for c, column in enumerate(nodes):
        for name, value in column.items():
            y = y_of[c][name] + value * scale / 2 + 4
            short = name if len(name) <= 28 else name[:27] + "…"  # in full in the node's title
            label = f"{short} ({_fmt(value)})"
            if c == last:
                parts.append(_text(xs[c] - 6, y, label, "end", halo=True))
            else:
                parts.append(_text(xs[c] + node_w + 6, y, label, halo=True))
    return parts
