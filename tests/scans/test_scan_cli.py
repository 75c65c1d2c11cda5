"""`socialguard scan` end to end: a local cluster of worker processes, an existing cluster reached with
`--scheduler` (a real `dask scheduler` and `dask worker` on 127.0.0.1), a scan killed mid-way and
resumed, exit codes, and one clear line for bad input."""

from __future__ import annotations

import csv
import importlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client
from scan_archive import EXPECTED, POLICY_YAML, POSTS, write_jsonl, write_parquet
from typer.testing import CliRunner

from socialguard.cli import app
from socialguard.scans import run, store
from socialguard.scans.report import write_report

SOCIALGUARD = [sys.executable, "-c", "from socialguard.cli import main; main()"]


@pytest.fixture
def policy(tmp_path):
    path = tmp_path / "policy.yaml"
    path.write_text(POLICY_YAML, encoding="utf-8")
    return path


def scan(*args):
    return CliRunner().invoke(app, ["scan", *map(str, args)])


def verdicts(out):
    manifest = store.read_manifest(out)
    return {r["id"]: (r["outcome"], r["rules"]) for p in manifest.partitions
            for r in store.read_results(out, p.index, manifest.format)}


def test_scan_on_a_local_cluster_of_processes(tmp_path, policy):
    path = write_parquet(tmp_path / "posts.parquet", POSTS)
    result = scan(path, "--policy", policy, "--out", tmp_path / "out", "--workers", "1", "--partition-rows", "2",
                  "--format", "jsonl")
    assert result.exit_code == 1, result.output  # some posts are blocked
    assert "scanned 8 rows from 1 file(s)" in result.stdout and "5 partitions (0 finished earlier)" in result.stdout
    assert "checked 8 + rejected 0 = input 8" in result.stdout
    assert "outcomes: ok 4, ok_with_warnings 0, needs_approval 2, blocked 2" in result.stdout
    assert verdicts(tmp_path / "out") == EXPECTED
    for name in ("report.html", "flagged.csv", "rejected.csv", "summary.json"):
        assert (tmp_path / "out" / name).exists()
    again = scan(path, "--policy", policy, "--out", tmp_path / "out", "--partition-rows", "2", "--format", "jsonl")
    assert again.exit_code == 1 and "5 partitions (5 finished earlier)" in again.stdout


def test_rejected_rows_are_listed_and_exit_2(tmp_path, policy):
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS[:2])
    path.write_bytes(path.read_bytes() + b"{not json\n")
    result = scan(path, "--policy", policy, "--out", tmp_path / "out", "--workers", "1")
    assert result.exit_code == 2
    assert "posts.jsonl:3: invalid JSON" in result.stderr
    assert "1 row(s) could not be checked; all are listed in" in result.stderr
    assert "checked 2 + rejected 1 = input 3" in result.stdout


def test_an_unterminated_csv_quote_is_one_rejected_row_and_every_other_post_is_checked(tmp_path):
    """Issue 12: the quote on the first data row used to take in the 999 posts after it (with PESEL numbers)."""
    posts = "".join(f"{n},My PESEL is 44051401359 (post {n})\n" for n in range(2, 1001))
    path = _write(tmp_path / "posts.csv", ('id,text\n1,"oops,x\n' + posts).encode())
    result = scan(path, "--out", tmp_path / "out", "--workers", "1", "--partition-rows", "300")
    assert result.exit_code == 2
    assert "checked 999 + rejected 1 = input 1,000" in result.stdout
    assert "blocked 999" in result.stdout
    assert "posts.csv:2: not valid CSV: a quote opened on this line is never closed" in result.stderr
    with (tmp_path / "out" / "rejected.csv").open(newline="", encoding="utf-8") as stream:
        assert [(r["line"], r["error"]) for r in csv.DictReader(stream)] == [
            ("2", "not valid CSV: a quote opened on this line is never closed")]


@pytest.fixture
def dask_cluster(tmp_path):
    """A scheduler and two single-threaded workers, started as `dask` commands, listening on 127.0.0.1."""
    scheduler_file = tmp_path / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    scheduler = subprocess.Popen([sys.executable, "-m", "dask", "scheduler", "--host", "127.0.0.1", "--port", "0",
                                  "--no-dashboard", "--scheduler-file", str(scheduler_file)], **quiet)
    workers = None
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        workers = subprocess.Popen([sys.executable, "-m", "dask", "worker", address, "--host", "127.0.0.1",
                                    "--nworkers", "2", "--nthreads", "1", "--no-dashboard"], **quiet)
        with Client(address, timeout="30s") as client:
            client.wait_for_workers(2, timeout=60)
            yield address, client
    finally:
        for process in (workers, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=30)


def test_scan_through_an_existing_cluster_compiles_the_policy_once_per_worker(tmp_path, policy, dask_cluster):
    address, client = dask_cluster
    assert address.startswith("tcp://127.0.0.1:")
    path = write_jsonl(tmp_path / "posts.jsonl", POSTS * 3)
    result = scan(path, "--policy", policy, "--out", tmp_path / "out", "--scheduler", address, "--partition-rows", "2")
    assert result.exit_code == 1, result.output
    assert "scanned 24 rows" in result.stdout and "12 partitions" in result.stdout
    assert verdicts(tmp_path / "out") == EXPECTED
    compiled = client.run(lambda: importlib.import_module("socialguard.scans.run").compilations)
    assert sorted(compiled.values()) in ([0, 1], [1, 1])  # 12 partitions, at most one compilation per worker


def test_a_killed_scan_resumes_to_the_result_of_an_uninterrupted_one(tmp_path, policy, client):
    posts = [{**post, "id": f"{i}-{post['id']}"} for i in range(250) for post in POSTS]
    path = write_jsonl(tmp_path / "posts.jsonl", posts)
    out = tmp_path / "out"
    args = [*SOCIALGUARD, "scan", str(path), "--policy", str(policy), "--out", str(out), "--workers", "1",
            "--partition-rows", "50"]
    first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while len(list(out.glob("part-*.tally.json"))) < 2 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(first.pid, signal.SIGKILL)  # the command and its worker processes, as a power cut would
    first.wait()
    finished_before = len(list(out.glob("part-*.tally.json")))
    assert 2 <= finished_before < 40
    second = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert second.returncode == 1, second.stderr
    assert f"40 partitions ({finished_before} finished earlier)" in second.stdout
    assert "checked 2,000 + rejected 0 = input 2,000" in second.stdout
    plan = run.prepare([str(path)], POLICY_YAML, str(policy), tmp_path / "whole", "parquet", 50)
    run.execute(plan, client)
    assert verdicts(out) == verdicts(tmp_path / "whole")
    assert (out / "flagged.csv").read_bytes() == write_report(tmp_path / "whole").path("flagged.csv").read_bytes()


@pytest.mark.parametrize("make_args, message", [
    (lambda d: [d / "missing.jsonl"], "missing.jsonl: no such file"),
    (lambda d: [_write(d / "broken.parquet", b"PAR1 but not really")], "broken.parquet: not a readable Parquet file"),
    (lambda d: [_write(d / "garbage.jsonl", os.urandom(2048) + b"\0")], "garbage.jsonl: binary data, not JSON lines"),
    (lambda d: [_write(d / "garbage.csv", b"\0\1\2\3" * 100)], "garbage.csv: binary data, not CSV"),
    (lambda d: [d / "*.parquet"], "*.parquet: no file matches"),
    (lambda d: [_write(d / "ok.jsonl", b'{"text": "hi"}\n'), "--scheduler", "tcp://127.0.0.1:1", "--workers", "2"],
     "--workers sizes the local cluster"),
    (lambda d: [_write(d / "ok.jsonl", b'{"text": "hi"}\n'), "--format", "xml"], "Invalid value for '--format'"),
])
def test_bad_input_is_one_clear_line(tmp_path, policy, make_args, message):
    result = scan(*make_args(tmp_path), "--policy", policy, "--out", tmp_path / "out")
    assert result.exit_code == 2
    assert message in result.stderr
    if "Invalid value" not in message:
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


def test_a_bad_policy_is_one_line(tmp_path):
    bad = _write(tmp_path / "policy.yaml", b"rules:\n  - {id: x, detector: no.such, severity: block, clause: c}\n")
    result = scan(_write(tmp_path / "ok.jsonl", b'{"text": "hi"}\n'), "--policy", bad, "--out", tmp_path / "out")
    assert result.exit_code == 2 and result.stderr.startswith("socialguard: error: ")
    assert result.stderr.count("\n") == 1


def _write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path
