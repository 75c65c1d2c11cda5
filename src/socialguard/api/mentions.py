"""`POST /api/mentions`: send mentions to the listening inbox, in the body format of the inbox webhook (one
mention object, a list, or `{"mentions": [...]}`); they go through the inbox's own triage and store
(`inbox.django_store.ingest`). Bad items are listed by index; the good ones are stored."""

from __future__ import annotations

import json

from django.http import HttpRequest
from ninja import Router

from socialguard.inbox.connectors.webhook import MAX_BODY_BYTES, parse_webhook
from socialguard.inbox.django_store import ingest
from socialguard.orgs import roles

from .audit import api_call
from .auth import grant
from .drafts import ERRORS
from .errors import ApiError
from .schemas import MentionsResult
from .tokens import MENTIONS

router = Router(tags=["mentions"])
MAX_ERRORS_SHOWN = 50


@router.post("/mentions", response={200: MentionsResult, **ERRORS},
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": {
                 "description": "one mention ({text, id, url, author, followers, created_at, lang, platform}), "
                                "a list of them, or {\"mentions\": [...]}", "type": ["object", "array"]}}}}})
def receive(request: HttpRequest):
    """Store new mentions (duplicates by source and id are skipped) with their triage."""
    grant(request, MENTIONS, roles.ANSWER_MENTIONS)
    if len(request.body) > MAX_BODY_BYTES:
        raise ApiError(413, f"the body is over {MAX_BODY_BYTES:,} bytes")
    try:
        json.loads(request.body)
    except ValueError:  # not UTF-8 or not JSON
        raise ApiError(400, "the body is not valid JSON") from None
    batch = parse_webhook(request.body, channel=f"api:{request.token.name}", default_source="api")
    if not batch.mentions:
        message = batch.errors[0] if len(batch.errors) == 1 else "no mention could be read"
        raise ApiError(422, message, errors=batch.errors[:MAX_ERRORS_SHOWN])
    stored = ingest(request.org, batch.mentions)
    api_call(request, "mentions.receive", received=len(batch.mentions), stored=stored)
    return {"received": len(batch.mentions), "stored": stored, "duplicates": len(batch.mentions) - stored,
            "errors": batch.errors[:MAX_ERRORS_SHOWN]}
