"""WSGI entry point (waitress in `socialguard serve`, or any WSGI server: `socialguard.web.wsgi:application`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "socialguard.web.settings")
application = get_wsgi_application()
