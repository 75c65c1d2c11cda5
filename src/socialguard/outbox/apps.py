"""Django app config of `socialguard.outbox` (what goes out to the networks): it follows the workflow's state
changes, so a post scheduled when approved and withdrawn when it leaves approved, and its new time."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutboxConfig(AppConfig):
    name = "socialguard.outbox"
    label = "outbox"
    verbose_name = _("Outbox")

    def ready(self) -> None:
        from socialguard.workflow.signals import rescheduled, state_changed

        from .scheduling import follow_post, follow_time

        state_changed.connect(follow_post, dispatch_uid="socialguard.outbox.follow_post")
        rescheduled.connect(follow_time, dispatch_uid="socialguard.outbox.follow_time")
