"""Django app config of `socialguard.connections` (brand accounts connected for publishing)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectionsConfig(AppConfig):
    name = "socialguard.connections"
    label = "connections"
    verbose_name = _("Connected accounts")
