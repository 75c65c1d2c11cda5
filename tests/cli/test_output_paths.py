"""Every file or folder the CLI writes to, given a place it cannot write: one line naming it, exit 2, no traceback.

The commands run as real subprocesses. `/sys` stands for a folder nobody may write into (not even root,
who ignores permission bits on ordinary folders); a path under a file stands for a folder that cannot exist.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SOCIALGUARD = [sys.executable, "-c", "from socialguard.cli import main; main()"]
UNWRITABLE_FOLDER = Path("/sys")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*SOCIALGUARD, *args], capture_output=True, text=True, timeout=120)


def one_line(done: subprocess.CompletedProcess, starts: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "unexpected error" not in done.stderr
    assert done.stderr.count("\n") == 1 and done.stderr.startswith(f"socialguard: error: {starts}"), done.stderr


@pytest.fixture
def posts(tmp_path) -> Path:
    path = tmp_path / "posts.jsonl"
    path.write_text('{"id": 1, "text": "hello"}\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("out", [
    lambda d: UNWRITABLE_FOLDER,  # exists, cannot be written into
    lambda d: UNWRITABLE_FOLDER / "socialguard-scan",  # cannot be created
    lambda d: d / "posts.jsonl" / "out",  # under a file
])
def test_scan_out_that_cannot_be_written_is_one_line(tmp_path, posts, out):
    target = out(tmp_path)
    done = run("scan", str(posts), "--out", str(target), "--workers", "1")
    one_line(done, f"{target}: cannot be used as the output folder (")


def test_scan_out_that_does_not_exist_yet_is_created(tmp_path, posts):
    done = run("scan", str(posts), "--out", str(tmp_path / "new" / "folder"), "--workers", "1")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new" / "folder" / "report.html").exists()


@pytest.mark.parametrize("target", [
    lambda d: UNWRITABLE_FOLDER / "out.file",
    lambda d: d / "missing" / "out.file",
    lambda d: d / "posts.jsonl" / "out.file",
])
@pytest.mark.parametrize("command", [
    lambda out, answers: ["render", "--format", "md", "-o", out],
    lambda out, answers: ["init", "--answers", answers, "--out", out],
    lambda out, answers: ["security", "registry-template", "-o", out],
])
def test_other_outputs_that_cannot_be_written_are_one_line(tmp_path, posts, target, command):
    answers = tmp_path / "answers.yaml"
    answers.write_text("organisation: Acme\n", encoding="utf-8")
    path = str(target(tmp_path))
    one_line(run(*command(path, str(answers))), f"{path}: cannot write")
