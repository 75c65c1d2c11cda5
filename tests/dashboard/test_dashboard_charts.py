"""The inline SVG charts: bars, stacked columns and lines scale to their data, escape every label, and say what they
show."""

from __future__ import annotations

import re

from socialguard.dashboard.charts import bar_chart, line_chart, stacked_columns


def test_bars_are_proportional_and_labelled():
    svg = bar_chart([("Employees", 50), ("PR", 100)], title="Coverage", unit="%", max_value=100)
    widths = [float(w) for w in re.findall(r'<rect x="200" y="\d+" width="([\d.]+)"', svg)]
    assert widths[1] == 2 * widths[0] and "<title>Coverage</title>" in svg and ">100%<" in svg


def test_labels_are_escaped():
    svg = bar_chart([("<script>alert(1)</script>", 3)], title="T & <b>")
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "T &amp; &lt;b&gt;" in svg


def test_lines_have_one_polyline_per_series_and_a_point_per_label():
    svg = line_chart(["1 Jan", "8 Jan", "15 Jan"], {"pii-ids": [1, 4, 2], "secrets": [0, 0, 3]}, title="Findings")
    assert svg.count("<polyline") == 2 and svg.count("<circle") == 6
    assert "pii-ids · 8 Jan: 4" in svg


def test_empty_data_draws_nothing():
    assert bar_chart([], title="x") == "" and line_chart([], {}, title="x") == ""


def test_stacked_columns_show_every_series_even_when_two_have_the_same_counts():
    svg = stacked_columns(["1 Jan", "8 Jan"], {"pii-ids": [2, 1], "secrets": [2, 1], "none": [0, 0]}, title="Findings")
    segments = re.findall(r'<rect x="([\d.]+)" y="([\d.]+)" width="[\d.]+" height="([\d.]+)" fill="[^"]+"><title>([^<]+)',
                          svg)
    assert [title for *_xyh, title in segments] == ["pii-ids · 1 Jan: 2", "secrets · 1 Jan: 2", "pii-ids · 8 Jan: 1",
                                                    "secrets · 8 Jan: 1"]
    first, second = segments[0], segments[1]
    assert first[0] == second[0] and abs(float(second[1]) + float(second[2]) - float(first[1])) < 0.2  # on top
    assert stacked_columns([], {}, title="x") == ""
