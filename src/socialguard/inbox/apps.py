"""Django app config of `socialguard.inbox` (the pure modules beside it import no Django). It tells the outbox
where inbox replies go (`sending.reply_targets`) and hears when one went out (`actions.reply_sent`)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "socialguard.inbox"
    label = "inbox"
    verbose_name = _("Listening inbox")

    def ready(self) -> None:
        from socialguard.outbox import scheduling

        from .actions import reply_sent
        from .sending import reply_targets

        scheduling.find_targets(reply_targets)
        scheduling.on_sent(reply_sent)
