"""Poll latency of the listening connectors against the local reference servers (issue 14): the AT Protocol
reference PDS + AppView (`@atproto/dev-env`, tests/peers/atproto/, `npm ci` first) and `mastodon-mock`.

For each source: a burst of three full pages published between two polls, then the poll that reads it
(wall time, pages, whether every post arrived exactly once), then the median of quiet polls (nothing new).

    .venv/bin/python bench/bench_listening.py [--quiet-polls 10]

Prints Markdown for BENCHMARKS.md. Needs PostgreSQL and Redis on 127.0.0.1 (as the tests do).
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import statistics
import sys
import time
from pathlib import Path

import httpx
from mastodon_mock.testing.server import MockServer

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from peers.atproto_network import AtprotoNetwork  # noqa: E402  (the tests' harness)

from machine import cpu_model  # noqa: E402
from socialguard.inbox.connectors.atproto import AtprotoSession  # noqa: E402
from socialguard.inbox.connectors.bluesky import BlueskyMentions, BlueskySearch  # noqa: E402
from socialguard.inbox.connectors.mastodon import MastodonConnector  # noqa: E402
from socialguard.inbox.poller import MemoryStore, Poller  # noqa: E402


def measure(name: str, connector, publish, burst: int, quiet_polls: int) -> dict:
    store = MemoryStore()
    poller = Poller([connector], store)
    poller.poll_once()
    before = len(store.mentions)
    texts = publish(burst)
    started = time.perf_counter()
    (report,) = poller.poll_once()
    burst_ms = (time.perf_counter() - started) * 1000
    read = [m.text for m in store.mentions.values()][before:]
    exactly_once = sorted(read) == sorted(texts) and report.new == burst
    quiet = []
    for _ in range(quiet_polls):
        started = time.perf_counter()
        poller.poll_once()
        quiet.append((time.perf_counter() - started) * 1000)
    return {"source": name, "burst": burst, "pages": report.pages, "burst_ms": burst_ms,
            "exactly_once": exactly_once and not report.errors, "quiet_ms": statistics.median(quiet)}


def bluesky(quiet_polls: int) -> list[dict]:
    network = AtprotoNetwork()
    try:
        brand, customer = network.account("benchbrand.test"), network.account("benchcustomer.test")
        login = AtprotoSession(network.pds, brand.handle, brand.app_password())

        def posts(count: int, mention: bool) -> list[str]:
            texts = [f"Burst {n} of Benchword bikes" + (f" @{brand.handle}" if mention else "") for n in range(count)]
            for text in texts:
                customer.post(text, mention=brand if mention else None)
            customer.wait_indexed(customer.posted, timeout=120)
            return texts

        page = 100
        return [measure("Bluesky search (PDS -> AppView)", BlueskySearch(login, query="Benchword"),
                        lambda n: posts(n, False), 3 * page, quiet_polls),
                measure("Bluesky mentions (listNotifications)", BlueskyMentions(login, account=brand.handle),
                        lambda n: posts(n, True), 3 * page, quiet_polls)]
    finally:
        network.stop()


def mastodon(quiet_polls: int) -> list[dict]:
    server = MockServer(host="127.0.0.1").start()
    try:
        def statuses(count: int) -> list[str]:
            texts = [f"Burst {n} #acme @alice" for n in range(count)]
            for text in texts:
                httpx.post(f"{server.base_url}/api/v1/statuses", data={"status": text},
                           headers={"Authorization": "Bearer bob_token"}).raise_for_status()
            return texts

        page = 40
        return [measure("Mastodon hashtag timeline (mastodon-mock)", MastodonConnector(server.base_url, hashtag="acme"),
                        statuses, 3 * page, quiet_polls),
                measure("Mastodon mentions (mastodon-mock notifications)",
                        MastodonConnector(server.base_url, notifications=True, token="alice_token"),
                        statuses, 3 * page, quiet_polls)]
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet-polls", type=int, default=10)
    args = parser.parse_args()
    rows = mastodon(args.quiet_polls) + bluesky(args.quiet_polls)
    print(f"Machine: {cpu_model()}, Python {platform.python_version()}, {dt.date.today().isoformat()}\n")
    print("| source | burst (3 pages) | pages read | poll reading the burst | every post exactly once "
          "| quiet poll (median) |")
    print("| --- | --- | --- | --- | --- | --- |")
    for row in rows:
        print(f"| {row['source']} | {row['burst']} | {row['pages']} | {row['burst_ms']:.0f} ms "
              f"| {'yes' if row['exactly_once'] else 'NO'} | {row['quiet_ms']:.0f} ms |")


if __name__ == "__main__":
    main()
