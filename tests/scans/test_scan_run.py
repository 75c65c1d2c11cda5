"""Scanning on a real Dask cluster: known findings in every input format, counts that add up with malformed
rows mixed in, and resuming an interrupted scan to the same result as an uninterrupted one."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from scan_archive import EXPECTED, POLICY_YAML, POSTS, WRITERS, write_jsonl

from socialguard.scans import run, store
from socialguard.scans.report import write_report


def scan(client, inputs, out, fmt="parquet", every=3, restart=False, policy=POLICY_YAML):
    plan = run.prepare([str(i) for i in inputs], policy, "policy.yaml", out, fmt, every, restart)
    run.execute(plan, client)
    return plan, write_report(out)


def results(out, fmt="parquet"):
    manifest = store.read_manifest(out)
    return [r for p in manifest.partitions for r in store.read_results(out, p.index, fmt)]


def verdicts(out, fmt="parquet"):
    return {r["id"]: (r["outcome"], r["rules"]) for r in results(out, fmt)}


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_known_findings_in_every_input_format(client, tmp_path, kind):
    path = WRITERS[kind](tmp_path / f"posts.{kind}", POSTS)
    _, report = scan(client, [path], tmp_path / "out")
    assert verdicts(tmp_path / "out") == EXPECTED
    tally = report.tally
    assert (tally.input_rows, tally.checked_rows, tally.rejected_rows, tally.flagged_posts) == (8, 8, 0, 4)
    assert tally.findings["rule"] == {"pii-national-ids": 2, "pii-contact": 3}
    assert tally.findings["month"] == {"2025-02": 2, "2025-03": 2, "(no date)": 1}
    assert tally.flagged["account"] == {"@acme": 1, "@acme_pl": 1, "(any personal account)": 2}
    assert tally.flagged["author"] == {"anna": 2, "piotr": 1, "ewa": 1}


def test_results_as_json_lines_keep_findings_and_text_of_flagged_posts(client, tmp_path):
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    scan(client, [path], tmp_path / "out", fmt="jsonl")
    records = {r["id"]: r for r in results(tmp_path / "out", "jsonl")}
    assert {k: (r["outcome"], r["rules"]) for k, r in records.items()} == EXPECTED
    pesel = records["en-pesel"]
    assert pesel["text"] == POSTS[2]["text"] and pesel["line"] == 3 and pesel["file"] == str(path)
    assert pesel["findings"][0]["match"] == "44051401359" and pesel["findings"][0]["clause"]["number"] == "4.1"
    assert records["en-clean"]["text"] is None and records["en-clean"]["lang"] == "en"
    consented = records["en-consented"]["findings"][0]
    assert consented["suppressed"] == "the customer asked us to confirm it"


def test_counts_add_up_with_malformed_rows_in_every_format(client, tmp_path):
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_bytes(b"".join(json.dumps(p).encode() + b"\n" for p in POSTS[:4]) + b"{oops\n\n"
                      + b"".join(json.dumps(p).encode() + b"\n" for p in POSTS[4:]) + b'{"id": "x"}\n')
    csv_path = tmp_path / "b.csv"
    csv_path.write_text("id,text,account\nc1,hello from the csv file,brand\nc2,two,fields,extra\n"
                        "c3,zły typ konta,corporate\nc4,Mój PESEL to 44051401359,personal\n", encoding="utf-8")
    parquet = WRITERS["parquet"](tmp_path / "c.parquet", [*POSTS, {"id": "p-null", "text": None}])
    _, report = scan(client, [jsonl, csv_path, parquet], tmp_path / "out", every=4)
    tally = report.tally
    assert tally.input_rows == 10 + 4 + 9
    assert tally.rejected_rows == 2 + 2 + 1
    assert tally.checked_rows + tally.rejected_rows == tally.input_rows
    assert sum(tally.outcome_counts().values()) == tally.checked_rows
    with (tmp_path / "out" / "rejected.csv").open(encoding="utf-8", newline="") as stream:
        header, *rejected = list(csv.reader(stream))
    assert header == ["file", "line", "id", "error"]
    assert [(Path(f).name, int(line), row_id) for f, line, row_id, _ in rejected] == [
        ("a.jsonl", 5, ""), ("a.jsonl", 11, "x"), ("b.csv", 3, ""), ("b.csv", 4, "c3"), ("c.parquet", 9, "p-null")]
    assert [error.split(" (")[0] for *_, error in rejected] == [
        "invalid JSON", "'text' is required and must be a string", "expected 3 fields, found 4",
        "account: Input should be 'brand' or 'personal'", "'text' is required and must be a string"]


def test_resume_after_an_interrupted_scan_gives_the_same_result(client, tmp_path):
    path = WRITERS["jsonl"](tmp_path / "posts.jsonl", POSTS * 3)
    whole, out = tmp_path / "whole", tmp_path / "resumed"
    scan(client, [path], whole, every=2)
    plan, _ = scan(client, [path], out, every=2)
    assert len(plan.pending) == 12
    # what a kill leaves behind: a partition with results but no tally, one with neither, a temporary file
    store.tally_path(out, 3).unlink()
    store.result_path(out, 7, "parquet").unlink()
    store.tally_path(out, 7).unlink()
    (out / ".part-00009.parquet.tmp-0123abcd").write_bytes(b"half a file")
    for name in store.REPORT_FILES:
        (out / name).unlink()
    plan, report = scan(client, [path], out, every=2)
    assert [p.index for p in plan.pending] == [3, 7]
    assert not list(out.glob(".*.tmp-*"))
    assert results(out) == results(whole)
    for name in ("flagged.csv", "rejected.csv"):
        assert (out / name).read_bytes() == (whole / name).read_bytes()
    assert report.tally.as_dict() == write_report(whole).tally.as_dict()
    plan, _ = scan(client, [path], out, every=2)
    assert plan.pending == []


def test_another_input_or_policy_in_the_same_directory_is_refused_unless_restarted(client, tmp_path):
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    scan(client, [path], tmp_path / "out")
    write_jsonl(path, POSTS[:3])
    os.utime(path, ns=(1, 1))
    with pytest.raises(store.OutputError, match="holds a scan with other input files; .* --restart"):
        run.prepare([str(path)], POLICY_YAML, "policy.yaml", tmp_path / "out", "parquet", 3)
    stricter = POLICY_YAML.replace("severity: review", "severity: block")
    with pytest.raises(store.OutputError, match="other input files, policy"):
        run.prepare([str(path)], stricter, "policy.yaml", tmp_path / "out", "parquet", 3)
    _, report = scan(client, [path], tmp_path / "out", restart=True, policy=stricter)
    assert report.tally.input_rows == 3 and report.tally.outcomes == {"ok": 2, "blocked": 1}


def test_a_failing_partition_is_one_line_naming_it(client, tmp_path):
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    plan = run.prepare([str(path)], POLICY_YAML, "policy.yaml", tmp_path / "out", "parquet", 3)
    path.unlink()
    with pytest.raises(run.ScanError, match=r"posts.jsonl lines \d+-\d+: .*No such file") as info:
        run.execute(plan, client)
    assert "\n" not in str(info.value)


def test_an_unfinished_scan_has_no_report(client, tmp_path):
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS)
    run.prepare([str(path)], POLICY_YAML, "policy.yaml", tmp_path / "out", "parquet", 3)
    with pytest.raises(store.OutputError, match=r"not finished \(0 of 3 partitions\)"):
        write_report(tmp_path / "out")


def test_local_workers_keep_the_adaptive_malloc_of_a_plain_process_and_leave_the_cpu_to_the_scan():
    # Dask's default MALLOC_TRIM_THRESHOLD_ makes every large temporary buffer an mmap: 3x slower checks
    with run.dask_client(workers=1) as client:
        environments = client.run(lambda: dict(os.environ))
        workers_timers = client.run(lambda dask_worker: {name: timer.callback_time
                                                          for name, timer in dask_worker.periodic_callbacks.items()})
    [environment] = environments.values()
    assert "MALLOC_TRIM_THRESHOLD_" not in environment
    assert environment["OMP_NUM_THREADS"] == "1"  # the rest of Dask's worker environment is kept
    [timers] = workers_timers.values()  # milliseconds between runs of each periodic callback
    assert "profile" not in timers  # no statistical profiler
    assert (timers["tick"], timers["monitor"], timers["memory_monitor"]) == (1000, 5000, 1000)
