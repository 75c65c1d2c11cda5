"""Django app config of `socialguard.signin`."""

from django.apps import AppConfig


class SigninConfig(AppConfig):
    name = "socialguard.signin"
    label = "signin"
    verbose_name = "Sign-in"
