"""Benchmarks of the database-backed inbox (issue 6, phase B): ingest throughput from raw Mastodon status JSON
to stored, assigned mentions in the database (`DjangoStore`, batches of 500, one process), and the latency
of the inbox list page (first page, filtered, a far page, one platform, searched, sorted by SLA) for a
signed-in agent over the stored mentions (PostgreSQL: after `VACUUM ANALYZE`, as autovacuum leaves it).

    .venv/bin/python bench/bench_inbox_db.py --db sqlite   [--mentions 20000]
    .venv/bin/python bench/bench_inbox_db.py --db postgres [--mentions 20000] [--url postgres://postgres@127.0.0.1:5432]
        [--name socialguard_bench]

SQLite goes to a fresh file in a temporary folder; PostgreSQL to a fresh database `socialguard_bench` (or
`--name`; dropped and made again). Prints Markdown lines for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

PAGE_RUNS = 20


def _database(kind: str, url: str, name: str) -> None:
    os.environ["SOCIALGUARD_DATA"] = tempfile.mkdtemp(prefix="socialguard-bench-")
    os.environ["SOCIALGUARD_EMAIL"] = "console"
    if kind == "postgres":
        import psycopg

        with psycopg.connect(f"{url}/postgres", autocommit=True) as connection:
            connection.execute(f"DROP DATABASE IF EXISTS {name}")
            connection.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = f"{url}/{name}"
    else:
        os.environ.pop("DATABASE_URL", None)


def _org():
    from django.contrib.auth import get_user_model

    from socialguard.orgs.services import add_member, create_organisation
    from socialguard.web.demo import demo_policy_yaml

    org = create_organisation("Bench", "bench", demo_policy_yaml())
    agent = get_user_model().objects.create_user("agent", "agent@bench.example")
    add_member(org, agent, "customer_service", ("customer_service",))
    return org, agent


def _page_latency(agent, query: dict) -> tuple[float, float]:
    from django.test import Client

    client = Client()
    client.force_login(agent)
    client.get("/inbox/", query)  # warm-up: templates, policy cache
    times = []
    for _ in range(PAGE_RUNS):
        started = time.perf_counter()
        response = client.get("/inbox/", query)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.status_code
    return statistics.median(times), max(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--mentions", type=int, default=20000)
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--name", default="socialguard_bench", help="the PostgreSQL database to make")
    args = parser.parse_args()
    _database(args.db, args.url, args.name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "socialguard.web.settings"
    os.environ["SOCIALGUARD_ALLOWED_HOSTS"] = "testserver"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_inbox import bench_triage

    from socialguard.inbox.django_store import DjangoStore
    from socialguard.inbox.models import Mention
    from socialguard.orgs.policies import current_policy

    org, agent = _org()
    rate, count = bench_triage(args.mentions, DjangoStore(org, current_policy(org)[1]))
    stored = Mention.objects.filter(org=org).count()
    if args.db == "postgres":  # as autovacuum leaves a table in use: statistics and visibility map up to date
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    print(f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}, load average {os.getloadavg()[0]:.1f}\n")
    print(f"| {args.db} | ingest, raw Mastodon status -> triage -> stored with assignment, history, audit | "
          f"{count:,} mentions ({stored:,} stored) | {rate:,.0f} mentions/s |")
    for label, query in (("inbox list, first page of 50", {}),
                         ("inbox list, filtered (topic=complaint, sentiment=negative)",
                          {"topic": "complaint", "sentiment": "negative"}),
                         ("inbox list, page 40", {"page": "40"}),
                         ("inbox list, one platform (source=mastodon)", {"source": "mastodon"}),
                         ("inbox list, SLA due soonest (sort=due)", {"sort": "due"}),
                         ("inbox list, search (q=refund)", {"q": "refund"}),
                         ("inbox list, search with no match (q=zzzqqq)", {"q": "zzzqqq"})):
        median, worst = _page_latency(agent, query)
        print(f"| {args.db} | {label} | {stored:,} mentions | median {median:.0f} ms, max {worst:.0f} ms "
              f"({PAGE_RUNS} runs) |")


if __name__ == "__main__":
    main()
