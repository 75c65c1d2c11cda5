"""Django app config of `socialguard.security` (brand-account registry, security audit, incidents)."""

from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "socialguard.security"
    label = "security"
    verbose_name = "Account security"
