"""Django app config of `socialguard.compose`."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComposeConfig(AppConfig):
    name = "socialguard.compose"
    label = "compose"
    verbose_name = _("Compose")
