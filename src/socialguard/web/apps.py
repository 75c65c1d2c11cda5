"""Django app config of `socialguard.web` (its templates, static files and translations)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "socialguard.web"
    label = "web"
    verbose_name = _("socialguard web")
