"""Benchmarks of account security (issue 7): the security audit of a 10,000-account registry (and reading
it from CSV), password-check latency (zxcvbn with Polish dictionaries), and the phishing score of inbox
messages (phrasing + look-alike links).

    .venv/bin/python bench/bench_security.py [--accounts 10000] [--passwords 200] [--messages 5000]

The registry and messages are generated with a fixed seed; prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import time

from socialguard import load_policy
from socialguard.security.audit import SocialguardUser, audit
from socialguard.security.passwords import check_password
from socialguard.security.phishing import assess_message
from socialguard.security.registry import AccessGrant, RegisteredAccount, Registry, parse_csv, to_csv

TODAY = dt.date(2026, 11, 24)
PLATFORMS = ("instagram", "facebook", "x", "linkedin", "tiktok", "youtube")
PEOPLE = [f"{first} {last}" for first in ("Anna", "Jan", "Ola", "Piotr", "Ewa", "Marek", "Zofia", "Tomasz")
          for last in ("Nowak", "Kowalski", "Wiśniewska", "Wójcik", "Kamińska", "Lewandowski")]
MESSAGES = [
    "Hi! Is the shop open on Sunday?",
    "Świetna obsługa, dziękuję za szybką odpowiedź!",
    "Nowa kolekcja: https://shop.acme.pl/jesien",
    "Verify your account or it will be suspended: https://instagram-verify-login.com/acme",
    "Twoje konto zostanie zablokowane. Kliknij w link, aby odblokować: acme-pl-login.com/odblokuj",
    "Paczka czeka na odbiór, dopłać 1,99 zł: https://inpost-dostawa.info/pl",
    "When will my order arrive? It has been two weeks and nobody answers my e-mails.",
    "Kliknij w link w bio, aby zobaczyć nową kolekcję!",
]


def registry(n: int, rng: random.Random) -> Registry:
    accounts = []
    for i in range(n):
        holders = rng.sample(PEOPLE, 3)
        access = [AccessGrant(holder=h, method=rng.choice(("own_login", "shared_credential")),
                              status=rng.choices(("active", "left", "changed_role"), (90, 6, 4))[0]) for h in holders]
        access.append(AccessGrant(holder="Buffer", kind="tool", method="api_token"))
        accounts.append(RegisteredAccount(
            platform=PLATFORMS[i % len(PLATFORMS)], handle=f"@acme{i}", owner=rng.choice(PEOPLE + [None]),
            access=access, two_factor=rng.choice(("none", "sms", "app", "hardware_key")),
            last_rotation=TODAY - dt.timedelta(days=rng.randint(0, 200)),
            recovery_email=f"sec{i}@acme.pl", recovery_email_owner=rng.choice(("company", "person")),
        ))
    return Registry(accounts=accounts)


def timed(fn, repeat: int = 1):
    times = []
    result = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return result, min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--passwords", type=int, default=200)
    parser.add_argument("--messages", type=int, default=5_000)
    args = parser.parse_args()
    rng = random.Random(7)
    policy = load_policy()
    organisation = policy.organisation.model_copy(update={"name": "Acme", "domains": ["acme.pl"]})
    policy = policy.model_copy(update={"organisation": organisation})

    accounts = registry(args.accounts, rng)
    users = [SocialguardUser(f"user{i}", rng.choice(("admin", "approver", "employee")), rng.random() < 0.7)
             for i in range(200)]
    audit(accounts, policy, TODAY)  # warm the catalogue
    findings, audit_s = timed(lambda: audit(accounts, policy, TODAY, users), repeat=3)
    findings_pl, audit_pl_s = timed(lambda: audit(accounts, policy, TODAY, users, lang="pl"), repeat=3)
    csv_text = to_csv(accounts)
    parsed, parse_s = timed(lambda: parse_csv(csv_text, "bench.csv"), repeat=3)
    assert parsed == accounts

    passwords = [rng.choice(("słoneczko", "Kraków", "haslo", "Acme", "drzewo-kubek-latarnia")) + str(rng.randint(0, 99999))
                 for _ in range(args.passwords)]
    _, first_s = timed(lambda: check_password("warm-up-Polish-dictionaries", policy))
    latencies = []
    for password in passwords:
        start = time.perf_counter()
        check_password(password, policy, "pl")
        latencies.append(time.perf_counter() - start)
    latencies.sort()

    assess_message(MESSAGES[0], policy)  # build the phrase matcher and the link checker
    messages = [rng.choice(MESSAGES) for _ in range(args.messages)]
    results, assess_s = timed(lambda: [assess_message(m, policy) for m in messages])
    flagged = sum(r.flagged for r in results)

    print(f"Machine: {platform.machine()} {platform.processor() or ''}, Python {platform.python_version()}, "
          f"{dt.date.today().isoformat()}")
    print("Command: `.venv/bin/python bench/bench_security.py "
          f"--accounts {args.accounts} --passwords {args.passwords} --messages {args.messages}`\n")
    print("| measure | result |\n| --- | --- |")
    print(f"| audit of {args.accounts:,} accounts + 200 users (EN), best of 3 | {audit_s * 1000:.0f} ms, "
          f"{len(findings):,} findings |")
    print(f"| the same in Polish | {audit_pl_s * 1000:.0f} ms, {len(findings_pl):,} findings |")
    print(f"| reading the registry from CSV ({len(csv_text) / 1e6:.1f} MB), best of 3 | {parse_s * 1000:.0f} ms |")
    print(f"| password check, first call (loads Polish dictionaries) | {first_s * 1000:.0f} ms |")
    print(f"| password check, {args.passwords} passwords: median / p95 / max | "
          f"{statistics.median(latencies) * 1000:.1f} / {latencies[int(len(latencies) * 0.95)] * 1000:.1f} / "
          f"{latencies[-1] * 1000:.1f} ms |")
    print(f"| phishing score of {args.messages:,} messages (8 templates, EN/PL) | "
          f"{args.messages / assess_s:,.0f} messages/s ({flagged:,} flagged) |")


if __name__ == "__main__":
    main()
