"""Django app config of `socialguard.security` (brand-account registry, security audit, incidents)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "socialguard.security"
    label = "security"
    verbose_name = _("Account security")
