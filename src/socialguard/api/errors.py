"""API errors as JSON: `{"error": "<one sentence naming what and where>", ...}` with a fitting status.

Handlers turn every failure a caller can cause into such a body: a bad or missing token (401), a missing
scope or permission (403), an object outside the organisation (404), an action the workflow does not allow
(409), a body that is not JSON (400),
a body over the size limit (413), a body that does not match the schema (422, naming the field), and
an organisation whose policy cannot be used (503). Nobody gets a traceback.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from socialguard.orgs.policies import PolicyUnavailable
from socialguard.untrusted_json import JsonRejected
from socialguard.workflow.actions import WorkflowError
from socialguard.workflow.checking import PostTooLong

from .schemas import NO_NUL


class ApiError(Exception):
    def __init__(self, status: int, message: str, **extra: Any) -> None:
        super().__init__(message)
        self.status, self.message, self.extra = status, message, extra


def install(api: NinjaAPI) -> None:
    """Register the JSON error handlers on `api`."""

    def reply(request: HttpRequest, status: int, message: str, **extra: Any) -> HttpResponse:
        return api.create_response(request, {"error": message, **extra}, status=status)

    @api.exception_handler(ApiError)
    def api_error(request, exc: ApiError):
        return reply(request, exc.status, exc.message, **exc.extra)

    @api.exception_handler(AuthenticationError)
    def unauthenticated(request, exc):
        response = reply(request, 401, "a valid API token is required: Authorization: Bearer sga_...")
        response["WWW-Authenticate"] = 'Bearer realm="socialguard api"'
        return response

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        return reply(request, 422, "; ".join(_problem(e) for e in exc.errors[:5]), detail=exc.errors)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):  # ninja raises 400 "Cannot parse request body" for bad JSON
        message = exc.message
        if exc.status_code == 400:
            rejected = exc.__cause__ if isinstance(exc.__cause__, JsonRejected) else None
            message = f"the body is {rejected}" if rejected else "the body is not valid JSON"
        return reply(request, exc.status_code, message)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return reply(request, 404, "not found in your organisation")

    @api.exception_handler(WorkflowError)
    def not_allowed(request, exc: WorkflowError):
        return reply(request, 409, str(exc))

    @api.exception_handler(PostTooLong)
    def too_long(request, exc: PostTooLong):
        return reply(request, 422, f"text: {exc}")

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return reply(request, 413, "the request body is larger than the server accepts")

    @api.exception_handler(PolicyUnavailable)
    def no_policy(request, exc: PolicyUnavailable):
        return reply(request, 503, f"the organisation's policy cannot be used: {exc}")


def _problem(error: dict[str, Any]) -> str:
    """`body.text: String should have at most 10000 characters` (ninja's loc is body, parameter name, field)."""
    loc = [str(part) for part in error.get("loc", ())]
    if len(loc) > 2 and loc[0] == "body":
        loc = [loc[0], *loc[2:]]
    where = ".".join(loc)
    message = error.get("msg", "invalid")
    if error.get("type") == "string_pattern_mismatch" and error.get("ctx", {}).get("pattern") == NO_NUL:
        message = "must not contain the NUL character (\\u0000)"
    return f"{where}: {message}" if where else str(message)
