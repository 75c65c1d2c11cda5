"""Speed of the audit archive's checks on PostgreSQL: `socialguard audit verify` and a signed checkpoint over
an organisation with 1,000,000 hash-chained events.

Uses the web benchmark's database (`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/
socialguard_web_bench), created and seeded by `bench_web`'s own code when missing (`--events` audit events; no
posts are added). The checkpoint file and signing key live with that database's data folder,
`<temp>/sg-bench-audit-<database>` (a new folder would be refused: the chains record the earlier checkpoints;
delete the database to start over). Prints the best of
`--repeats` in-process runs of `verify_archive()` and of `checkpoints.take()`, then one run of the real
command (`socialguard audit verify` in a subprocess, Django start-up included).

    .venv/bin/python bench/bench_audit.py [--events 1000000] [--repeats 2]
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

from bench_web import DEFAULT_URL, _create_database, _seed
from machine import cpu_model


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _create_database(url)
    data = Path(tempfile.gettempdir()) / f"sg-bench-audit-{url.rsplit('/', 1)[1]}"
    data.mkdir(exist_ok=True)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="socialguard.web.settings",
                      SOCIALGUARD_DATA=str(data), SOCIALGUARD_EMAIL="console")
    import django

    django.setup()
    from django.core.management import call_command

    from socialguard.audit import checkpoints
    from socialguard.audit.models import AuditEvent
    from socialguard.audit.verification import verify_archive

    call_command("migrate", verbosity=0)
    _seed(0, args.events)
    total = AuditEvent.objects.count()
    print(f"# {dt.datetime.now(dt.timezone.utc):%Y-%m-%d %H:%M} UTC · {os.cpu_count()} cores {cpu_model()} · "
          f"Python {platform.python_version()} · PostgreSQL · {total:,} audit events · "
          f"load average {os.getloadavg()[0]:.1f}")
    taken = _best(args.repeats, checkpoints.take)
    print(f"checkpoint (sign every head, append, record): best {taken * 1000:.1f} ms of {args.repeats}")
    seconds = _best(args.repeats, lambda: _ok(verify_archive()))
    print(f"verify_archive() in-process: best {seconds:.1f} s of {args.repeats} ({total / seconds:,.0f} events/s)")
    started = time.perf_counter()
    command = subprocess.run([str(Path(sys.executable).with_name("socialguard")), "audit", "verify"],
                             capture_output=True, text=True, check=False)
    print(f"`socialguard audit verify`: {time.perf_counter() - started:.1f} s, exit {command.returncode}: "
          f"{command.stdout.strip() or command.stderr.strip()}")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


def _best(repeats: int, work) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def _ok(report) -> None:
    if not report.ok:
        raise SystemExit(f"the bench archive does not verify: {report.problems[0]}")


if __name__ == "__main__":
    main()
