"""Speed of the web platform on PostgreSQL (issues 5 and 15): list pages with 100,000 posts, 1,000,000 audit
events, deliveries of half the approved and published posts to ten connected accounts and 100,000 inbox
mentions, and `POST /api/check` under load against a production-style server (`socialguard serve --workers N`:
gunicorn with N worker processes when N > 1, waitress when N = 1).

    .venv/bin/python bench/bench_web.py [--posts 100000] [--events 1000000] [--mentions 100000] [--requests 30]
                                        [--load-seconds 20 (0: the pages only)] [--connections 16] [--workers 2]
                                        [--threads 2]

Needs PostgreSQL (`BENCH_DATABASE_URL`, default postgres://postgres@127.0.0.1:5432/socialguard_web_bench; the
database is created if missing and seeded once: posts and events go in with COPY, the audit chain is hashed in
the same loop, so `socialguard audit verify` accepts it; connections, deliveries and mentions with bulk_create).
Page times are measured in-process with Django's test client (server-side render time, no network), signed in
as the admin (the "waiting for me" tab as an approver); the API load uses `wrk` (Debian package `wrk`) with a
Lua script for the POST body when it is installed, else an asyncio/httpx load generator in another process.
Before the load, one `/api/check` request's cost is measured in-process (wall and CPU time of the WSGI call,
and of `evaluate` alone), which a busy machine disturbs much less than the load test. The load average is
printed with each part.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from machine import cpu_model

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/socialguard_web_bench"
SLUG = "bench"
ROLES = ("admin", "comms_lead", "approver", "compliance", "customer_service", "employee")
STATES = ["draft", "pending", "changes_requested", "approved", "rejected", "expired", "published"]
RULES = ["pii-national-ids", "pii-contact-details", "secrets", "profanity-personal", "suspicious-links",
         "employee-disclosure", "platform-limits", "media-credit"]
CHECK_BODY = {"text": "Great meetup yesterday! Slides: http://bit.ly/3xYz and questions to jan.kowalski@gmail.com",
              "platform": "linkedin"}


def main() -> None:
    args = _arguments()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    _create_database(url)
    os.environ.update(DATABASE_URL=url, DJANGO_SETTINGS_MODULE="socialguard.web.settings",
                      SOCIALGUARD_DATA=os.environ.get("SOCIALGUARD_DATA", tempfile.mkdtemp(prefix="sg-bench-")),
                      SOCIALGUARD_EMAIL="console")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    org, users = _seed(args.posts, args.events, args.mentions)
    print(f"# {dt.date.today()} · {_machine()} · PostgreSQL · {args.posts:,} posts, {args.events:,} audit events, "
          f"{org.deliveries.count():,} deliveries, {args.mentions:,} inbox mentions")
    _pages(org, users, args.requests)
    if not args.load_seconds:
        return
    token = _token(users)
    _in_process(token, users["employee"].memberships.get(), args.requests * 10)
    _load(token, args)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--posts", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--mentions", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=30, help="requests per page")
    parser.add_argument("--load-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="server processes (default: cores)")
    parser.add_argument("--threads", type=int, default=2, help="threads per server process")
    return parser.parse_args()


def _create_database(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


# --- seeding ----------------------------------------------------------------------------------------------


def _seed(posts: int, events: int, mentions: int):
    from django.contrib.auth import get_user_model

    from socialguard.orgs.models import Organisation
    from socialguard.orgs.services import add_member, create_organisation
    from socialguard.web.demo import demo_policy_yaml

    User = get_user_model()
    org = Organisation.objects.filter(slug=SLUG).first()
    if org is None:
        org = create_organisation("Bench Ltd", SLUG, demo_policy_yaml())
        teams = {"approver": ("message_approval",), "compliance": ("compliance",), "comms_lead": ("pr",),
                 "customer_service": ("customer_service",), "employee": ("employees",), "admin": ()}
        for role in ROLES:
            add_member(org, User.objects.create_user(f"bench-{role}", f"{role}@bench.example"), role, teams[role])
    users = {role: User.objects.get(username=f"bench-{role}") for role in ROLES}
    started = time.perf_counter()
    have_posts = org.posts.count()
    if have_posts < posts:
        _copy_posts(org, users, posts - have_posts)
    have_events = org.audit_events.count()
    if have_events < events:
        _copy_events(org, users, events - have_events)
    _route_pending(org)
    if not org.connections.exists():
        _add_deliveries(org, users)
    have_mentions = org.mentions.count()
    if have_mentions < mentions:
        _add_mentions(org, users, mentions - have_mentions)
    if time.perf_counter() - started > 1:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # visibility map: index-only scans for the counts of long lists
        print(f"seeded in {time.perf_counter() - started:.0f} s")
    return org, users


def _copy_posts(org, users, count: int) -> None:
    from django.db import connection

    from socialguard.workflow.models import PostDraft

    version = org.current_policy_version().pk
    rng = random.Random(5)
    now = dt.datetime.now(dt.timezone.utc)
    authors = [u.pk for u in users.values()]
    columns = ("org_id", "author_id", "account_kind", "account_handle", "platform", "text", "in_reply_to_topic",
               "state", "verdict", "outcome", "exceptions", "policy_version_id", "step_index", "round",
               "created_at", "updated_at")
    columns = tuple(c for c in columns if c != "in_reply_to_topic" or _has_field(PostDraft, "in_reply_to_topic"))
    verdict = json.dumps({"outcome": "ok", "lang": "en", "policy_version": "demo-1", "findings": []})
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY workflow_postdraft ({', '.join(columns)}) FROM STDIN") as copy:
            for n in range(count):
                at = now - dt.timedelta(minutes=n)
                row = {"org_id": org.pk, "author_id": rng.choice(authors), "account_kind": "personal",
                       "account_handle": "", "platform": "linkedin", "text": f"Bench post number {n} about our work.",
                       "in_reply_to_topic": "", "state": rng.choice(STATES), "verdict": verdict, "outcome": "ok",
                       "exceptions": "[]", "policy_version_id": version, "step_index": 0, "round": 1,
                       "created_at": at, "updated_at": at}
                copy.write_row([row[c] for c in columns])


def _copy_events(org, users, count: int) -> None:
    """Append `count` events to the organisation's chain with COPY, hashing each like `audit.chain.record`."""
    from django.db import connection, transaction

    from socialguard.audit.chain import GENESIS, canonical, event_hash
    from socialguard.audit.models import AuditHead

    rng = random.Random(7)
    actors = [u.username for u in users.values()]
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(org=org)
        seq, prev = head.seq, head.hash or GENESIS
        start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=180)
        step = dt.timedelta(days=180) / count
        columns = ("org_id", "seq", "at", "actor", "kind", "object_type", "object_id", "data", "prev_hash", "hash")
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY audit_auditevent ({', '.join(columns)}) FROM STDIN") as copy:
                for n in range(count):
                    seq += 1
                    at = start + step * n
                    if n % 3 == 0:
                        kind, data = "finding", {"rule": rng.choice(RULES), "severity": "review", "start": 0, "end": 4}
                    else:
                        kind, data = rng.choice(["submit", "state_change", "approval", "login"]), {"n": n}
                    data = json.loads(canonical(data))
                    actor = rng.choice(actors)
                    digest = event_hash(org_id=org.pk, seq=seq, at=at, actor=actor, kind=kind, object_type="postdraft",
                                        object_id=str(n), data=data, prev_hash=prev)
                    copy.write_row([org.pk, seq, at, actor, kind, "postdraft", str(n), json.dumps(data), prev, digest])
                    prev = digest
        AuditHead.objects.filter(pk=head.pk).update(seq=seq, hash=prev)


def _route_pending(org) -> None:
    """Pending posts wait at the first step of the default workflow (the approvers'), as submitting puts them."""
    from socialguard.workflow.routing import default_workflow

    org.posts.filter(state="pending", workflow=None).update(workflow=default_workflow(org))


def _add_deliveries(org, users) -> None:
    """Ten connected accounts, and deliveries for half of the approved and published posts (one account each,
    every fifth post two): a published post's went out when it was written, an approved post's are due over
    the next 60 days (a few of them failed)."""
    from socialguard.connections.models import Connection
    from socialguard.outbox.models import Delivery, DeliveryState

    rng = random.Random(11)
    now = dt.datetime.now(dt.timezone.utc)
    connections = Connection.objects.bulk_create(
        Connection(org=org, account_platform=platform, account_handle=f"@bench-{n}", network="webhook",
                   service=f"https://hooks.bench.example/{n}", handle=f"@bench-{n}", connected_by=users["admin"],
                   connected_at=now)
        for n, platform in enumerate(["linkedin", "x", "bluesky", "mastodon", "facebook"] * 2))
    posts = org.posts.filter(state__in=["approved", "published"]).values_list("pk", "state", "created_at")
    rows = []
    for pk, state, created in posts.iterator(chunk_size=10_000):
        if rng.random() < 0.5:
            continue
        for connection in rng.sample(connections, 2 if rng.random() < 0.2 else 1):
            if state == "published":
                due, kind, sent = created, DeliveryState.SENT, created
            else:
                due = now + dt.timedelta(minutes=rng.randrange(60 * 24 * 60))
                kind, sent = (DeliveryState.FAILED if rng.random() < 0.05 else DeliveryState.SCHEDULED), None
            rows.append(Delivery(org=org, post_id=pk, connection=connection, state=kind, due_at=due,
                                 next_attempt_at=due, sent_at=sent, text_sha256="0" * 64))
    Delivery.objects.bulk_create(rows, batch_size=5_000)


def _add_mentions(org, users, count: int) -> None:
    """`count` inbox mentions over the last 90 days from four sources, a third of them assigned to a team."""
    from socialguard.inbox.models import Assignment, Mention, Priority, Sentiment, Status

    rng = random.Random(13)
    now = dt.datetime.now(dt.timezone.utc)
    start = org.mentions.count()
    sources = ["bluesky", "mastodon", "webhook:crm", "webhook:reviews"]
    for first in range(start, start + count, 5_000):
        batch = []
        for n in range(first, min(first + 5_000, start + count)):
            at = now - dt.timedelta(minutes=n * 90 * 24 * 60 // count)
            source = rng.choice(sources)
            batch.append(Mention(org=org, key=f"bench-{n}", source=source, external_id=str(n), author=f"@fan{n % 997}",
                                 text=f"Mention number {n}: what about your delivery times?", lang="en",
                                 sentiment_label=rng.choice(Sentiment.values), topics=["delivery"],
                                 created_at=at, fetched_at=at, occurred_at=at, status=rng.choice(Status.values)))
        Mention.objects.bulk_create(batch)
        Assignment.objects.bulk_create(
            Assignment(mention=m, team="customer_service", priority=rng.choice(Priority.values), rule=-1,
                       sla_minutes=60, started_at=m.occurred_at, due_at=m.occurred_at + dt.timedelta(hours=1),
                       assignee=rng.choice([None, users["customer_service"], users["admin"]]))
            for m in batch if m.status != Status.NEW and rng.random() < 0.6)


def _has_field(model, name: str) -> bool:
    return any(f.name == name for f in model._meta.get_fields())


# --- list pages -------------------------------------------------------------------------------------------


def _pages(org, users, repeats: int) -> None:
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    clients = {}
    for role in ("admin", "approver"):
        clients[role] = Client()
        _sign_in(clients[role], users[role])
    middle = org.audit_head.seq // 2  # a deep page: half a million events back
    connection = org.connections.order_by("pk").first().pk
    month_ahead = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    pages = ["/", "/posts/mine/", "/posts/queue/pending/", "/posts/queue/rejected/", "/posts/queue/expired/",
             "/posts/queue/pending/?page=200", "/audit/", f"/audit/?before={middle}", "/audit/?after=0",
             "/audit/?kind=finding", f"/audit/?kind=finding&before={middle}",
             "/policy/versions/", "/policy/acknowledgements/", "/org/members/", "/training/", "/api-tokens/",
             "/dashboard/?weeks=12",
             # issue 15: the approvals queue, the inbox list, the publishing calendar and queue
             ("approver", "/posts/queue/waiting/"), ("approver", "/posts/queue/waiting/?q=number+7&sort=newest"),
             "/posts/queue/pending/?sort=newest&page=100", "/posts/queue/pending/?q=number+42",
             "/inbox/", "/inbox/?status=new", "/inbox/?mine=1", "/inbox/?priority=urgent&sentiment=negative",
             "/inbox/?page=1000", "/inbox/?q=delivery+times",
             "/calendar/", f"/calendar/?day={month_ahead}", "/calendar/month/", f"/calendar/?account={connection}",
             "/calendar/list/", "/calendar/list/?page=300", "/calendar/list/?state=failed",
             f"/calendar/list/?day={month_ahead}"]
    print(f"\nload average {_load_average()}")
    print("\n| page (signed in as admin unless named) | p50 ms | p95 ms | max ms |\n| --- | ---: | ---: | ---: |")
    for page in pages:
        role, page = page if isinstance(page, tuple) else ("admin", page)
        times = []
        for _ in range(repeats + 2):
            started = time.perf_counter()
            response = clients[role].get(page)
            times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (page, response.status_code)
        times = sorted(times[2:])  # the first two warm caches
        shown = f"`{page}`" + ("" if role == "admin" else f" ({role})")
        print(f"| {shown} | {statistics.median(times):.1f} | {_pct(times, 0.95):.1f} | {times[-1]:.1f} |")


def _sign_in(client, user) -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from socialguard.policy_pages.acknowledgement import acknowledge

    acknowledge(user, user.memberships.get().org, user.memberships.get().org.current_policy_version().number)
    client.force_login(user)
    device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


# --- API load ---------------------------------------------------------------------------------------------


def _token(users) -> str:
    from socialguard.api.tokens import make_token

    return make_token(users["employee"].memberships.get(), "bench", ["check"])[1]


def _in_process(token: str, membership, repeats: int) -> None:
    """One `/api/check` call through the WSGI application in this process, and `evaluate` alone, for the same
    body: median wall and CPU milliseconds over `repeats` calls after a warm-up."""
    import io

    from socialguard import evaluate
    from socialguard.orgs.policies import current_policy
    from socialguard.web.wsgi import application
    from socialguard.workflow.checking import core_post

    body = json.dumps(CHECK_BODY).encode()

    def call() -> None:
        environ = {"REQUEST_METHOD": "POST", "PATH_INFO": "/api/check", "QUERY_STRING": "", "SERVER_NAME": "127.0.0.1",
                   "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
                   "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr,
                   "CONTENT_TYPE": "application/json", "CONTENT_LENGTH": str(len(body)),
                   "HTTP_AUTHORIZATION": f"Bearer {token}"}
        statuses = []
        b"".join(application(environ, lambda status, headers: statuses.append(status)))
        assert statuses[0].startswith("200"), statuses

    post = core_post(text=CHECK_BODY["text"], account_kind="personal", account_handle="",
                     platform=CHECK_BODY["platform"], membership=membership)
    policy = current_policy(membership.org)[1]
    print(f"\nIn-process cost of one call (median of {repeats}), load average {_load_average()}:\n")
    print("| what | wall ms | CPU ms |\n| --- | ---: | ---: |")
    for name, work in [("`POST /api/check` through the WSGI app", call),
                       ("`evaluate` alone (default demo policy)", lambda: evaluate(post, policy))]:
        for _ in range(20):
            work()
        wall, cpu = [], []
        for _ in range(repeats):
            started, started_cpu = time.perf_counter(), time.thread_time()
            work()
            cpu.append((time.thread_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started) * 1000)
        print(f"| {name} | {statistics.median(wall):.2f} | {statistics.median(cpu):.2f} |")


def _load(token: str, args) -> None:
    port = _free_port()
    env = {**os.environ, "SOCIALGUARD_ALLOWED_HOSTS": "127.0.0.1"}
    command = [str(Path(sys.executable).with_name("socialguard")), "serve", f"--workers={args.workers}",
               f"--threads={args.threads}", "--host=127.0.0.1", f"--port={port}"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_for(port)
        url = f"http://127.0.0.1:{port}/api/check"
        _warm(url, token)
        wrk = shutil.which("wrk")
        kind = "gunicorn" if args.workers > 1 else "waitress"
        print(f"\nPOST /api/check, `socialguard serve --workers {args.workers} --threads {args.threads}` ({kind}), "
              f"{args.connections} connections, {args.load_seconds} s, load tool: {'wrk' if wrk else 'httpx asyncio'}, "
              f"load average before {_load_average()}")
        result = _wrk(wrk, url, token, args) if wrk else _httpx_load(url, token, args)
        print(result)
        print(f"load average after {_load_average()}")
    finally:
        server.terminate()
        server.wait(10)


def _wrk(wrk: str, url: str, token: str, args) -> str:
    script = Path(tempfile.mkdtemp()) / "post.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(json.dumps(CHECK_BODY))}\n"
        'wrk.headers["Content-Type"] = "application/json"\n'
        f'wrk.headers["Authorization"] = "Bearer {token}"\n'
        "done = function(summary, latency, requests)\n"
        '  io.write(string.format("requests %d, errors %d (non-2xx %d), %.1f req/s, p50 %.1f ms, p99 %.1f ms\\n",\n'
        "    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read + "
        "summary.errors.write + summary.errors.timeout, summary.errors.status,\n"
        "    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, "
        "latency:percentile(99) / 1000))\n"
        "end\n", encoding="utf-8")
    command = [wrk, "-t2", f"-c{args.connections}", f"-d{args.load_seconds}s", "--latency", "-s", str(script), url]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return f"`{' '.join(command[:-3])} ... {url}`\n" + output.strip().splitlines()[-1]


def _httpx_load(url: str, token: str, args) -> str:
    code = f"""
import asyncio, json, time, httpx
async def main():
    lat, errors = [], 0
    stop = time.perf_counter() + {args.load_seconds}
    async with httpx.AsyncClient(headers={{"Authorization": "Bearer {token}"}}, timeout=10,
                                 limits=httpx.Limits(max_connections={args.connections})) as client:
        async def worker():
            nonlocal errors
            while time.perf_counter() < stop:
                t = time.perf_counter()
                r = await client.post("{url}", json={CHECK_BODY!r})
                lat.append(time.perf_counter() - t)
                errors += r.status_code != 200
        started = time.perf_counter()
        await asyncio.gather(*[worker() for _ in range({args.connections})])
        took = time.perf_counter() - started
    lat.sort()
    print(f"requests {{len(lat)}}, errors {{errors}}, {{len(lat) / took:.1f}} req/s, "
          f"p50 {{lat[len(lat) // 2] * 1000:.1f}} ms, p99 {{lat[int(len(lat) * .99)] * 1000:.1f}} ms")
asyncio.run(main())
"""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def _warm(url: str, token: str) -> None:
    import httpx

    for _ in range(50):  # every worker process loads the policy and the classifiers on its first checks
        response = httpx.post(url, json=CHECK_BODY, headers={"Authorization": f"Bearer {token}"}, timeout=30)
        response.raise_for_status()


def _wait_for(port: int) -> None:
    deadline = time.time() + 30
    while time.time() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit("the server did not start")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _pct(values: list[float], fraction: float) -> float:
    return values[min(len(values) - 1, int(fraction * len(values)))]


def _load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _machine() -> str:
    return f"{os.cpu_count()} cores ({cpu_model()}), Python {sys.version.split()[0]}"


if __name__ == "__main__":
    main()
