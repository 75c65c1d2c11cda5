"""Small charts as inline SVG for the scan report: horizontal bars (by rule, account, author) and columns
(by month). Self-contained markup, no script and no network; every bar carries its number as text, and
the chart a `<title>` for screen readers.
"""

from __future__ import annotations

from html import escape

WIDTH = 720
LABEL_WIDTH = 230
VALUE_WIDTH = 70
ROW_HEIGHT = 22
MAX_LABEL_CHARS = 34
BAR_COLOUR = "#3b6ea5"
FONT = "font-family='DejaVu Sans, Arial, sans-serif' font-size='12'"


def _short(label: str) -> str:
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1] + "…"


def bar_chart(title: str, items: list[tuple[str, int]]) -> str:
    """Horizontal bars, one row per (label, value), longest first as given."""
    height = ROW_HEIGHT * max(len(items), 1) + 8
    scale = (WIDTH - LABEL_WIDTH - VALUE_WIDTH) / max([v for _, v in items] or [1])
    rows = []
    for i, (label, value) in enumerate(items):
        y = 4 + i * ROW_HEIGHT
        rows.append(
            f"<g><title>{escape(label)}: {value:,}</title>"
            f"<text x='{LABEL_WIDTH - 8}' y='{y + 15}' text-anchor='end' {FONT}>{escape(_short(label))}</text>"
            f"<rect x='{LABEL_WIDTH}' y='{y + 3}' width='{max(value * scale, 1):.1f}' height='{ROW_HEIGHT - 6}' "
            f"fill='{BAR_COLOUR}'/>"
            f"<text x='{LABEL_WIDTH + value * scale + 6:.1f}' y='{y + 15}' {FONT}>{value:,}</text></g>"
        )
    if not items:
        rows.append(f"<text x='{LABEL_WIDTH}' y='18' {FONT}>nothing to show</text>")
    return _svg(title, WIDTH, height, rows)


def column_chart(title: str, items: list[tuple[str, int]]) -> str:
    """Vertical columns in the order given (months: oldest first), the value above each column."""
    plot_height, top, bottom = 180, 20, 46
    width = max(WIDTH, 60 + 34 * len(items))
    step = (width - 60) / max(len(items), 1)
    scale = plot_height / max([v for _, v in items] or [1])
    label_every = max(1, len(items) // 24)
    columns = []
    for i, (label, value) in enumerate(items):
        x = 40 + i * step
        h = max(value * scale, 1)
        y = top + plot_height - h
        text = (f"<text x='{x + step / 2:.1f}' y='{top + plot_height + 16}' text-anchor='end' {FONT} "
                f"transform='rotate(-40 {x + step / 2:.1f} {top + plot_height + 16})'>{escape(label)}</text>"
                if i % label_every == 0 else "")
        columns.append(
            f"<g><title>{escape(label)}: {value:,}</title>"
            f"<rect x='{x + step * 0.15:.1f}' y='{y:.1f}' width='{step * 0.7:.1f}' height='{h:.1f}' "
            f"fill='{BAR_COLOUR}'/>"
            f"<text x='{x + step / 2:.1f}' y='{y - 4:.1f}' text-anchor='middle' {FONT}>{value:,}</text>{text}</g>"
        )
    if not items:
        columns.append(f"<text x='40' y='{top + 18}' {FONT}>nothing to show</text>")
    axis = f"<line x1='40' y1='{top + plot_height}' x2='{width - 20}' y2='{top + plot_height}' stroke='#888'/>"
    return _svg(title, width, top + plot_height + bottom, [axis, *columns])


def _svg(title: str, width: float, height: float, body: list[str]) -> str:
    return (
        f"<svg xmlns='http://www.w3.org/2000/svg' class='chart' role='img' width='{width:.0f}' "
        f"height='{height:.0f}' viewBox='0 0 {width:.0f} {height:.0f}'><title>{escape(title)}</title>"
        + "".join(body) + "</svg>"
    )
