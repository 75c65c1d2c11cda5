"""Logging filters of the web app: a refused request (403) is one line in the server log, not a traceback."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied


class OneLineForbidden(logging.Filter):
    """Drop the traceback Django attaches to a `PermissionDenied` 403; keep its reason on the same line."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], PermissionDenied):
            reason = str(record.exc_info[1])
            record.msg = record.getMessage() + (f" (needs {reason})" if reason else "")
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
