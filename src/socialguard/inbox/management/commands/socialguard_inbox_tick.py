"""`manage.py socialguard_inbox_tick [--org SLUG] [--now ISO] [--no-poll]`: one round of the inbox's periodic
work for every organisation (or one): poll sources, escalate missed SLAs, check for a crisis.

Run it from cron every few minutes. Each organisation's round goes through the task layer: in-process by
default, on a Celery worker when `SOCIALGUARD_BROKER` is set. `--now` fixes the clock (tests, replays).
"""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError

from socialguard.orgs.models import Organisation
from socialguard.tasks import dispatch

from ...db_tasks import tick_org

RESULT_TIMEOUT_SECONDS = 600


class Command(BaseCommand):
    help = "Poll the inbox's sources, escalate missed SLAs and check for crises (every organisation, or --org)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--org", help="Only this organisation (short name).")
        parser.add_argument("--now", help="The time to act at, ISO 8601 with a zone (default: now).")
        parser.add_argument("--no-poll", action="store_true", help="Skip polling the sources.")

    def handle(self, *args, org=None, now=None, no_poll=False, **options) -> None:
        if now:
            try:
                at = dt.datetime.fromisoformat(now)
            except ValueError:
                raise CommandError(f"--now {now}: not an ISO 8601 date and time") from None
            if at.tzinfo is None:
                raise CommandError(f"--now {now}: give a time zone, e.g. {now}+00:00")
        orgs = Organisation.objects.order_by("slug")
        if org:
            orgs = orgs.filter(slug=org)
            if not orgs.exists():
                raise CommandError(f"--org {org}: no organisation with that short name")
        for each in orgs:
            report = dispatch(tick_org, each.slug, now, not no_poll).get(timeout=RESULT_TIMEOUT_SECONDS)
            self.stdout.write(json.dumps(report, sort_keys=True, default=str))
