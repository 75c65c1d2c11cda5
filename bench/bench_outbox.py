"""Publishing on time: 1,000 posts scheduled in the same minute across 10 Bluesky accounts on the local AT Protocol
servers (PLC, PDS and AppView of `@atproto/dev-env`, started as the tests start them), sent by the scheduler and
one worker on this machine (`socialguard outbox run`, a real subprocess: one round every `--every` seconds,
`THREADS` sends at once).

Every post must be out within 60 s of its time and none twice. Prints the delay distribution (sent_at - due_at:
p50, p95, max), the throughput, and the records per account counted on the PDS with `listRecords`.

The database is PostgreSQL (`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/sg_outbox_bench,
dropped and created afresh each run); the posts are approved through the real workflow (checked by the core,
no approval step) before their minute starts.

    .venv/bin/python bench/bench_outbox.py [--posts 1000] [--accounts 10] [--every 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "src")]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/sg_outbox_bench"
POLICY = """\
version: "bench-1"
organisation: {{name: Bench, languages: [en], domains: [bench.example]}}
brand_accounts:
{accounts}
clauses:
  - {{id: personal-data, number: "4.1", title: {{en: Personal data}}}}
rules:
  - {{id: pii-ids, detector: confidential.pii, params: {{entities: [PESEL]}}, severity: block, clause: personal-data}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--every", type=float, default=5.0, help="seconds between the scheduler's rounds")
    parser.add_argument("--lead", type=float, default=20.0, help="seconds from the end of set-up to the minute")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _fresh_database(url)
    data = Path(tempfile.mkdtemp(prefix="sg-bench-outbox-"))
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="socialguard.web.settings", SOCIALGUARD_DATA=str(data),
                      SOCIALGUARD_EMAIL="console")
    os.environ.pop("SOCIALGUARD_BROKER", None)
    import django

    django.setup()
    from django.core.management import call_command
    from peers.atproto_network import AtprotoNetwork

    call_command("migrate", verbosity=0)
    started = time.monotonic()
    network = AtprotoNetwork()
    print(f"AT Protocol servers up in {time.monotonic() - started:.1f} s", flush=True)
    worker = None
    try:
        accounts = [network.account(f"bench{n}-{os.getpid()}.test") for n in range(args.accounts)]
        started = time.monotonic()
        minute = _set_up(accounts, args.posts, args.lead)
        print(f"{args.posts} posts approved for {minute:%H:%M:%S} UTC and the minute after, "
              f"in {time.monotonic() - started:.1f} s", flush=True)
        worker = subprocess.Popen([str(Path(sys.executable).with_name("socialguard")), "outbox", "run", "--every",
                                   str(args.every)], env=os.environ.copy(), stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        _wait_until_sent(args.posts, minute + dt.timedelta(seconds=180), worker)
        _report(args, accounts, network)
    finally:
        if worker is not None:
            worker.terminate()
            errors = worker.communicate(timeout=30)[1]
            if "Traceback" in errors:
                print(errors[-3000:])
        network.stop()


def _fresh_database(url: str) -> None:
    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _set_up(accounts, posts: int, lead: float) -> dt.datetime:
    """An organisation with the accounts connected, and `posts` approved posts spread over one minute."""
    from django.contrib.auth import get_user_model

    from socialguard.connections.services import brand_accounts, connect
    from socialguard.orgs.services import add_member, create_organisation
    from socialguard.workflow import actions

    listed = "\n".join(f"  - {{platform: bluesky, handle: {a.handle}}}" for a in accounts)
    org = create_organisation("Bench Ltd", "bench", POLICY.format(accounts=listed))
    users = get_user_model().objects
    admin, lead_user = users.create_user("bench-admin", "a@bench.example"), users.create_user("bench-lead",
                                                                                              "l@bench.example")
    add_member(org, admin, "admin", ())
    add_member(org, lead_user, "comms_lead", ())
    membership = lead_user.memberships.get(org=org)
    brands = {b.handle: b for b in brand_accounts(org)}
    for account in accounts:
        connect(admin.memberships.get(org=org), brands[account.handle], "bluesky", account.network.pds,
                account.handle, account.app_password())
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)  # approved first, timed below
    for n in range(posts):
        account = accounts[n % len(accounts)]
        post = actions.create_draft(membership, text=f"Launch day, post {n} of {posts}: our autumn collection.",
                                    account_kind="brand", account_handle=account.handle, platform="bluesky",
                                    scheduled_at=later)
        actions.submit(post, lead_user)
    # The minute starts `lead` seconds after set-up (which takes minutes on a loaded machine): each post and its
    # delivery get their second of it, as the calendar's reschedule would set them.
    from socialguard.outbox.models import Delivery

    minute = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) + dt.timedelta(seconds=lead)
    for n, delivery in enumerate(Delivery.objects.select_related("post").order_by("pk")):
        at = minute + dt.timedelta(seconds=60 * n / posts)
        Delivery.objects.filter(pk=delivery.pk).update(due_at=at, next_attempt_at=at)
        type(delivery.post).objects.filter(pk=delivery.post_id).update(scheduled_at=at)
    return minute


def _wait_until_sent(posts: int, deadline: dt.datetime, worker) -> None:
    from socialguard.outbox.models import Delivery

    while dt.datetime.now(dt.timezone.utc) < deadline and worker.poll() is None:
        if Delivery.objects.filter(state="sent").count() == posts:
            return
        time.sleep(1)


def _report(args, accounts, network) -> None:
    from socialguard.outbox.models import Delivery
    from socialguard.publishing.bluesky import COLLECTION

    rows = list(Delivery.objects.values_list("state", "due_at", "sent_at", "attempts"))
    delays = sorted((sent - due).total_seconds() for state, due, sent, _ in rows if state == "sent")
    states = {s: sum(1 for row in rows if row[0] == s) for s in {row[0] for row in rows}}
    per_account, twice = [], 0
    for account in accounts:
        texts, cursor = [], None
        while True:
            params = {"repo": account.did, "collection": COLLECTION, "limit": 100, **({"cursor": cursor} if cursor else {})}
            page = httpx.get(f"{network.pds}/xrpc/com.atproto.repo.listRecords", params=params).json()
            texts += [r["value"]["text"] for r in page["records"]]
            cursor = page.get("cursor")
            if not cursor or not page["records"]:
                break
        per_account.append(len(texts))
        twice += len(texts) - len(set(texts))
    from machine import cpu_model

    def pct(p: float) -> float:
        return delays[min(len(delays) - 1, int(p * len(delays)))] if delays else float("nan")

    print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores {cpu_model()} · "
          f"Python {platform.python_version()} · PostgreSQL · load average {os.getloadavg()[0]:.1f}")
    print(f"deliveries: {states}; attempts > 1: {sum(1 for row in rows if row[3] > 1)}")
    print(f"delay after the scheduled time: p50 {pct(0.5):.1f} s, p95 {pct(0.95):.1f} s, max {delays[-1]:.1f} s "
          f"(round every {args.every:g} s)" if delays else "nothing was sent")
    late = sum(1 for d in delays if d > 60)
    print(f"later than 60 s: {late}; records per account (listRecords): {per_account}; posted twice: {twice}")


if __name__ == "__main__":
    main()
