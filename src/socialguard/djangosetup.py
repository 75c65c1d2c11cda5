"""Setting Django up from outside a web server (the `socialguard` CLI commands and management tasks)."""

from __future__ import annotations

import os

SETTINGS_MODULE = "socialguard.web.settings"


def setup_django() -> None:
    """Configure Django with socialguard's settings unless the caller chose other settings."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    django.setup()
