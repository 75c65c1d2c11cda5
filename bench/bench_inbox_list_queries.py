"""The SQL behind one inbox list page, query by query: which queries of the page cost what at volume. Reads
the database `bench_inbox_db.py --db postgres` made (it stays after that run) as its agent.

    .venv/bin/python bench/bench_inbox_list_queries.py [--url postgres://postgres@127.0.0.1:5432/socialguard_bench]
        [--min-ms 3] [q=refund source=x ...]

Prints each query slower than `--min-ms` (median of 5 page loads) and the page's total, as Markdown lines.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

RUNS = 5


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="postgres://postgres@127.0.0.1:5432/socialguard_bench")
    parser.add_argument("--min-ms", type=float, default=3.0)
    parser.add_argument("query", nargs="*", help="the list's parameters, name=value")
    args = parser.parse_args()
    os.environ.update(DATABASE_URL=args.url, DJANGO_SETTINGS_MODULE="socialguard.web.settings",
                      SOCIALGUARD_ALLOWED_HOSTS="testserver", SOCIALGUARD_DATA=tempfile.mkdtemp())
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    client.force_login(get_user_model().objects.get(username="agent"))
    query = dict(pair.split("=", 1) for pair in args.query)
    client.get("/inbox/", query)  # warm-up
    per_query: dict[int, list[float]] = {}
    sql: dict[int, str] = {}
    totals = []
    for _ in range(RUNS):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            assert client.get("/inbox/", query).status_code == 200
            totals.append((time.perf_counter() - started) * 1000)
        for i, row in enumerate(captured.captured_queries):
            per_query.setdefault(i, []).append(float(row["time"]) * 1000)
            sql[i] = " ".join(row["sql"].split())[:110]
    print(f"query {query or '(first page)'}: page median {statistics.median(totals):.0f} ms, {len(sql)} queries")
    for i, times in per_query.items():
        if statistics.median(times) >= args.min_ms:
            print(f"| {statistics.median(times):.0f} ms | `{sql[i]}` |")


if __name__ == "__main__":
    main()
