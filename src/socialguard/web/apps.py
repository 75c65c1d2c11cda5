"""Django app config of `socialguard.web` (its templates, static files and translations)."""

from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "socialguard.web"
    label = "web"
    verbose_name = "socialguard web"
