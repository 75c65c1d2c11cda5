"""The README works as written: every command block runs (from a fresh folder holding the shipped examples)
without a traceback or an error, every in-app address it names exists, and every file it links to ships."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.urls import resolve

ROOT = Path(__file__).parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
# Commands not run as written, each with its reason; what they do is checked another way.
NOT_RUN = {
    "make demo": "serves until stopped: test_make_demo_serves_and_prints_sign_in_lines runs its recipe on a free port",
    "make test": "runs the whole suite, which holds this test",
}


def _blocks(lang: str) -> list[str]:
    return re.findall(rf"^```{lang}\n(.*?)^```", README, flags=re.S | re.M)


def _commands() -> list[str]:
    lines = []
    for block in _blocks("sh"):
        lines += [line for line in block.replace("\\\n", " ").splitlines() if line.strip()]
    return lines


@pytest.fixture(scope="module")
def fresh_folder(tmp_path_factory) -> Path:
    """A folder like a fresh clone's root for the commands: the shipped examples, nothing else."""
    folder = tmp_path_factory.mktemp("readme")
    (folder / "examples").symlink_to(ROOT / "examples")
    return folder


@pytest.mark.parametrize("command", _commands())
def test_command_runs_as_written(command, fresh_folder):
    name = command.split("#")[0].strip()
    if name in NOT_RUN:
        pytest.skip(NOT_RUN[name])
    result = subprocess.run(["bash", "-c", command.replace(".venv/bin/", f"{BIN}/")], cwd=fresh_folder,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode in (0, 1), result.stderr  # 1 is a verdict: a post needs approval or is blocked
    assert "Traceback" not in result.stderr and "error" not in result.stderr, result.stderr


def test_verdicts_of_the_shipped_sample_have_no_error_records(fresh_folder):
    command = next(c for c in _commands() if "--input examples/posts.jsonl" in c)
    subprocess.run(["bash", "-c", command.replace(".venv/bin/", f"{BIN}/")], cwd=fresh_folder, timeout=300)
    verdicts = (fresh_folder / "verdicts.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(verdicts) == len((ROOT / "examples" / "posts.jsonl").read_text(encoding="utf-8").splitlines())
    assert all('"verdict"' in line and '"error"' not in line for line in verdicts)


@pytest.mark.parametrize("code", _blocks("python"))
def test_python_block_runs(code):
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr


def test_make_demo_serves_and_prints_sign_in_lines(tmp_path):
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^demo: install\n\t\$\(BIN\)/(.+)$", makefile, flags=re.M).group(1)
    assert recipe == "socialguard serve --demo --port $(PORT)"
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE",
                                                            "SOCIALGUARD_BASE_URL")}
    command = [str(BIN / "socialguard"), *recipe.replace("$(PORT)", str(port)).split()[1:]]
    server = subprocess.Popen(command, env={**env, "SOCIALGUARD_DATA": str(tmp_path)}, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 240
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/signin/login/", timeout=10) as response:
                    assert response.status == 200
                    break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()
                time.sleep(0.5)
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert f"Demo sign-in at http://127.0.0.1:{port}/signin/login/" in out
    assert "Traceback" not in err


@pytest.mark.parametrize("path", sorted(set(re.findall(r"`(/[a-z/-]*/)`", README))))
def test_named_addresses_exist_in_the_web_app(path):
    resolve(path)


@pytest.mark.parametrize("target", sorted(set(re.findall(r"\]\(((?!https?:)[^)#]+)", README))))
def test_linked_files_ship(target):
    assert (ROOT / target).exists()
