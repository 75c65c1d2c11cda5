"""Django app config of `socialguard.orgs`."""

from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "socialguard.orgs"
    label = "orgs"
    verbose_name = "Organisations"
