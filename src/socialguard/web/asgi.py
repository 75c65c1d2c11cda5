"""ASGI entry point for ASGI servers (uvicorn, daphne): `socialguard.web.asgi:application`."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialguard.web.settings")
application = get_asgi_application()
