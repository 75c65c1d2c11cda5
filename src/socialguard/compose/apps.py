"""Django app config of `socialguard.compose`."""

from django.apps import AppConfig


class ComposeConfig(AppConfig):
    name = "socialguard.compose"
    label = "compose"
    verbose_name = "Compose"
