"""`socialguard serve` behind a TLS proxy: both servers (waitress, gunicorn) honour `X-Forwarded-Proto` and
`X-Forwarded-For` only from `SOCIALGUARD_TRUSTED_PROXIES`, so HTTPS works without a redirect loop and the
client's address (not the proxy's) reaches sign-in and the audit log.

Each server runs as a real subprocess on 127.0.0.1; the test plays the proxy, sending real HTTP requests that
carry the headers a proxy adds.
"""

from __future__ import annotations

import http.client
import re
import sqlite3
import subprocess
import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from test_serve import SOCIALGUARD, _environment, _free_port

SERVERS = {"waitress": ["--workers", "1"], "gunicorn": ["--workers", "2", "--threads", "1"]}
CLIENT = "203.0.113.7"
PASSWORD = "a long enough password 42"
MAKE_USER = f"""
from django.contrib.auth import get_user_model
from socialguard.orgs.services import add_member, create_organisation
from socialguard.web.demo import demo_policy_yaml
org = create_organisation("Proxy Ltd", "proxy", demo_policy_yaml())
add_member(org, get_user_model().objects.create_user("pat", "pat@proxy.example", {PASSWORD!r}), "employee")
"""


class Server:
    def __init__(self, port: int, process: subprocess.Popen) -> None:
        self.port, self.process = port, process

    def request(self, method: str, path: str, headers: dict[str, str] | None = None, body: str | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)  # a cold worker on a busy machine
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, response.headers, response.read().decode("utf-8", "replace")
        finally:
            connection.close()


@pytest.fixture(params=sorted(SERVERS))
def server(request, tmp_path):
    def start(trusted: str) -> Server:
        port = _free_port()
        env = {**_environment(tmp_path), "SOCIALGUARD_HTTPS": "1", "SOCIALGUARD_TRUSTED_PROXIES": trusted}
        process = subprocess.Popen([SOCIALGUARD, "serve", *SERVERS[request.param], "--port", str(port)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started.append(process)
        running = Server(port, process)
        deadline = time.monotonic() + 60
        while True:
            try:
                running.request("GET", "/signin/login/")
                return running
            except OSError:
                assert process.poll() is None, process.communicate()[1]
                assert time.monotonic() < deadline, "the server did not start"
                time.sleep(0.3)

    started: list[subprocess.Popen] = []
    yield start
    for process in started:
        process.terminate()
        _, err = process.communicate(timeout=30)
        assert "Traceback" not in err


def test_https_through_a_trusted_proxy_serves_with_hsts_and_no_redirect(server):
    running = server("127.0.0.1")
    status, headers, _ = running.request("GET", "/signin/login/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers["Strict-Transport-Security"] == "max-age=31536000"
    assert "Secure" in headers["Set-Cookie"]
    status, headers, _ = running.request("GET", "/signin/login/")  # plain HTTP reached the proxy
    assert status == 301
    assert headers["Location"] == f"https://127.0.0.1:{running.port}/signin/login/"


def test_forwarding_headers_from_an_untrusted_peer_are_ignored(server):
    running = server("192.0.2.10")  # the proxy is elsewhere; this peer (127.0.0.1) is not it
    status, headers, _ = running.request("GET", "/signin/login/", {"X-Forwarded-Proto": "https"})
    assert status == 301
    assert "Strict-Transport-Security" not in headers


def test_the_client_address_from_a_trusted_proxy_reaches_the_audit_log(server, tmp_path):
    running = server("127.0.0.1")
    made = subprocess.run([SOCIALGUARD, "manage", "shell", "-c", MAKE_USER], env=_environment(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-For": f"198.51.100.1, {CLIENT}"}
    _, headers, page = running.request("GET", "/signin/login/", forwarded)
    csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    form = urlencode({"csrfmiddlewaretoken": token, "username": "pat", "password": PASSWORD})
    status, _, _ = running.request("POST", "/signin/login/", {
        **forwarded, "Cookie": f"csrftoken={csrf_cookie}", "Origin": f"https://127.0.0.1:{running.port}",
        "Content-Type": "application/x-www-form-urlencoded"}, form)
    assert status == 302
    with sqlite3.connect(Path(tmp_path) / "socialguard.sqlite3") as database:
        (data,) = database.execute("select data from audit_auditevent where kind = 'login'").fetchone()
    assert f'"address": "{CLIENT}"' in data  # the right-most untrusted entry: the proxy's view of the client


def test_https_without_a_trusted_proxy_is_refused_with_one_line(tmp_path):
    env = {**_environment(tmp_path), "SOCIALGUARD_HTTPS": "1"}
    done = subprocess.run([SOCIALGUARD, "serve", "--port", str(_free_port())], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("socialguard: error: SOCIALGUARD_HTTPS=1 needs SOCIALGUARD_TRUSTED_PROXIES")
    assert len(done.stderr.strip().splitlines()) == 1


def test_a_bad_trusted_proxy_entry_is_one_line(tmp_path):
    env = {**_environment(tmp_path), "SOCIALGUARD_TRUSTED_PROXIES": "127.0.0.1, proxy.local"}
    done = subprocess.run([SOCIALGUARD, "serve", "--port", str(_free_port())], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip() == ("socialguard: error: SOCIALGUARD_TRUSTED_PROXIES: 'proxy.local' is not an IP "
                                   "address or network")
