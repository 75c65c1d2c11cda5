"""`socialguard serve`: several worker processes with `--workers N` (gunicorn), and clear errors for bad options.

The server runs as a real subprocess on a free port with its own SQLite data folder, like a person starts it.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

SOCIALGUARD = str(Path(sys.executable).with_name("socialguard"))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _environment(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE")}
    return {**env, "SOCIALGUARD_DATA": str(data), "SOCIALGUARD_EMAIL": "console"}


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _get(url: str, deadline: float) -> int:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def _post_status(url: str) -> int:
    request = urllib.request.Request(url, data=b"{}", method="POST", headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="gunicorn workers are POSIX processes")
def test_serve_with_workers_runs_that_many_gunicorn_processes(tmp_path):
    port = _free_port()
    server = subprocess.Popen([SOCIALGUARD, "serve", "--workers", "2", "--threads", "1", "--port", str(port)],
                              env=_environment(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _get(f"http://127.0.0.1:{port}/signin/login/", time.monotonic() + 60) == 200
        deadline = time.monotonic() + 10
        while len(_children(server.pid)) < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert len(_children(server.pid)) == 2
        assert _post_status(f"http://127.0.0.1:{port}/api/check") == 401  # a worker answers: a token is needed
    finally:
        server.terminate()
        out, err = server.communicate(timeout=30)
    assert f"serving on http://127.0.0.1:{port}/" in out
    assert "Traceback" not in err


@pytest.mark.parametrize("option", [["--workers", "0"], ["--threads", "0"]])
def test_serve_refuses_fewer_than_one_worker_or_thread(tmp_path, option):
    done = subprocess.run([SOCIALGUARD, "serve", *option], env=_environment(tmp_path), capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == "socialguard: error: --workers and --threads must be at least 1"


def test_a_busy_port_is_one_line_saying_how_to_choose_another(tmp_path):
    data = tmp_path / "data"
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        result = subprocess.run([SOCIALGUARD, "serve", "--demo", "--port", str(port)], env=_environment(data),
                                capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr == (f"socialguard: error: port {port} is in use; choose another with --port "
                             f"(`make demo PORT={port + 1}`)\n")
    assert result.stdout == ""
    assert not data.exists()  # found before anything was migrated or seeded
