"""Small server-side charts as inline SVG: horizontal bars, stacked columns over time, and lines over time.

Counts of several series over time (findings by rule) are stacked columns, so every series stays visible
when two have the same numbers; lines are for measures where overlap is read correctly (median and 90th
percentile).

Every text in a chart is escaped; each chart has a `<title>` and `<desc>` for screen readers, and the page
shows the same numbers in a table beside it. Sizes are in SVG user units; the SVG scales to its container.
"""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5fbf", "#d9822b", "#2e8b57", "#b3261e", "#7b4fbf", "#4a90a4", "#8c6d1f", "#5c6570")
WIDTH = 640
BAR_HEIGHT = 22
LABEL_WIDTH = 200


def bar_chart(
    rows: list[tuple[str, float]], *, title: str, unit: str = "", max_value: float | None = None
) -> SafeString:
    """One horizontal bar per (label, value); `max_value` fixes the scale (e.g. 100 for percentages)."""
    if not rows:
        return SafeString("")
    top = max_value or max(value for _label, value in rows) or 1
    height = len(rows) * (BAR_HEIGHT + 8) + 10
    span = WIDTH - LABEL_WIDTH - 70
    parts = [_open(WIDTH, height, title)]
    for index, (label, value) in enumerate(rows):
        y = 5 + index * (BAR_HEIGHT + 8)
        length = max(0.0, min(1.0, value / top)) * span
        parts.append(format_html(
            '<text x="{}" y="{}" text-anchor="end" class="label">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {}{}</title></rect>'
            '<text x="{}" y="{}" class="value">{}{}</text>',
            LABEL_WIDTH - 8, y + BAR_HEIGHT - 6, _short(label, 28), LABEL_WIDTH, y, _f(length), BAR_HEIGHT,
            PALETTE[index % len(PALETTE)], label, _number(value), unit,
            _f(LABEL_WIDTH + length + 6), y + BAR_HEIGHT - 6, _number(value), unit,
        ))
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))


def line_chart(labels: list[str], series: dict[str, list[float]], *, title: str, unit: str = "") -> SafeString:
    """One line per series over the x `labels` (e.g. weeks), with a legend and a labelled y axis."""
    if not labels or not series:
        return SafeString("")
    height, left, right, top, bottom = 300, 50, 20, 15, 60
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    peak = max((v for values in series.values() for v in values), default=0) or 1
    step = plot_w / max(1, len(labels) - 1)
    parts = [_open(WIDTH, height + 20 * ((len(series) + 2) // 3), title)]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
                                 '<text x="{}" y="{}" text-anchor="end" class="label">{}{}</text>',
                                 left, WIDTH - right, _f(y), _f(y), left - 6, _f(y + 4),
                                 _number(peak * fraction), unit))
    for index, label in enumerate(labels):
        if len(labels) <= 8 or index % max(1, len(labels) // 6) == 0:
            parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" class="label">{}</text>',
                                     _f(left + index * step), top + plot_h + 18, label))
    for number, (name, values) in enumerate(series.items()):
        colour = PALETTE[number % len(PALETTE)]
        points = " ".join(f"{left + i * step:.1f},{top + plot_h * (1 - v / peak):.1f}" for i, v in enumerate(values))
        parts.append(format_html('<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"><title>{}</title>'
                                 '</polyline>', points, colour, name))
        for i, value in enumerate(values):
            parts.append(format_html('<circle cx="{}" cy="{}" r="3" fill="{}"><title>{} · {}: {}{}</title></circle>',
                                     _f(left + i * step), _f(top + plot_h * (1 - value / peak)), colour, name,
                                     labels[i],
                                     _number(value), unit))
        x, y = left + (number % 3) * 200, height - 10 + 20 * (number // 3)
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                                 '<text x="{}" y="{}" class="label">{}</text>', x, y - 10, colour, x + 16, y,
                                 _short(name, 26)))
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))


def stacked_columns(labels: list[str], series: dict[str, list[float]], *, title: str) -> SafeString:
    """One column per x label (e.g. week), split into one segment per series with a count in it, and a legend."""
    if not labels or not series:
        return SafeString("")
    height, left, right, top, bottom = 300, 50, 20, 15, 60
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    totals = [sum(values[i] for values in series.values()) for i in range(len(labels))]
    peak = max(totals, default=0) or 1
    slot = plot_w / len(labels)
    width = max(4.0, slot * 0.7)
    parts = [_open(WIDTH, height + 20 * ((len(series) + 2) // 3), title)]
    for fraction in (0, 0.5, 1):
        y = top + plot_h * (1 - fraction)
        parts.append(format_html('<line x1="{}" x2="{}" y1="{}" y2="{}" class="grid"/>'
                                 '<text x="{}" y="{}" text-anchor="end" class="label">{}</text>',
                                 left, WIDTH - right, _f(y), _f(y), left - 6, _f(y + 4), _number(peak * fraction)))
    for index, label in enumerate(labels):
        x = left + index * slot + (slot - width) / 2
        if len(labels) <= 8 or index % max(1, len(labels) // 6) == 0:
            parts.append(format_html('<text x="{}" y="{}" text-anchor="middle" class="label">{}</text>',
                                     _f(x + width / 2), top + plot_h + 18, label))
        base = top + plot_h
        for number, (name, values) in enumerate(series.items()):
            if not values[index]:
                continue
            size = plot_h * values[index] / peak
            base -= size
            parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{} · {}: {}</title>'
                                     '</rect>', _f(x), _f(base), _f(width), _f(size), PALETTE[number % len(PALETTE)],
                                     name, label, _number(values[index])))
    for number, name in enumerate(series):
        x, y = left + (number % 3) * 200, height - 10 + 20 * (number // 3)
        parts.append(format_html('<rect x="{}" y="{}" width="12" height="12" fill="{}"/>'
                                 '<text x="{}" y="{}" class="label">{}</text>', x, y - 10,
                                 PALETTE[number % len(PALETTE)], x + 16, y, _short(name, 26)))
    parts.append(mark_safe("</svg>"))
    return SafeString("".join(parts))


def _open(width: int, height: int, title: str) -> SafeString:
    return format_html('<svg class="chart" viewBox="0 0 {} {}" role="img" xmlns="http://www.w3.org/2000/svg">'
                       '<title>{}</title><desc>{}</desc>', width, height, title, title)


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _f(value: float) -> str:
    return f"{value:.1f}"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"

