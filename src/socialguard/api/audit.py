"""The audit event of an API call that changes something: `api_call` with the endpoint, the token (its name and
first characters, never the token) and the object; the workflow's own events (submit, approval, ...) follow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from socialguard.audit.chain import actor_label, record


def api_call(request: HttpRequest, endpoint: str, obj: Any = None, **data: Any) -> None:
    token = request.token
    record(request.org, "api_call", actor=actor_label(request.user), obj=obj,
           data={"endpoint": endpoint, "token": token.name, "hint": token.hint, **data})
