"""`manage.py socialguard_expire`: expire every post not approved by its scheduled time (run it from cron)."""

from django.core.management.base import BaseCommand

from socialguard.workflow.actions import expire_overdue


class Command(BaseCommand):
    help = "Expire posts that were not approved by their scheduled time."

    def handle(self, *args, **options) -> None:
        count = expire_overdue()
        self.stdout.write(f"expired {count} post(s)")
