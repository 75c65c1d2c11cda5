"""`POST /api/mentions`: send mentions to the listening inbox, in the body format of the inbox webhook (one
mention object, a list, or `{"mentions": [...]}`); they go through the inbox's own triage and store
(`inbox.delivery.deliver`). The answer has one result per item; bad items are rejected (kept for inspection on
`/inbox/rejected/`), the good ones stored. A body that cannot be read (bounded loader: size, depth, numbers)
is 400 (413 over the size limit), and so is a body of another shape (not an object or a list of 1 to 10,000
items, or `mentions` that is not such a list). A readable body is 200 even when every item was rejected: the
answer says so item by item, as the schema promises for any list of objects. `GET /api/mentions/rejected`
lists the rejected items, newest first, to those who manage the inbox (admin, comms lead)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router

from socialguard.inbox.connectors.webhook import MAX_BODY_BYTES, MAX_ITEMS, parse_webhook
from socialguard.inbox.delivery import deliver
from socialguard.inbox.models import RejectedItem
from socialguard.orgs import roles

from .approvals import Page
from .audit import api_call
from .auth import grant
from .drafts import ERRORS
from .errors import ApiError
from .schemas import MentionsResult, RejectedItemOut
from .tokens import MENTIONS

router = Router(tags=["mentions"])
MENTION_LIST = {"type": "array", "minItems": 1, "maxItems": MAX_ITEMS,
                "items": {"description": "a mention; an item that cannot be read is rejected in the answer"}}
BODY = {"description": "one mention ({text, id, url, author, followers, created_at, lang, platform}), a list of them, "
                       "or {\"mentions\": [...]}",
        "anyOf": [{"type": "object", "properties": {"mentions": MENTION_LIST}}, MENTION_LIST]}


@router.post("/mentions", response={200: MentionsResult, **ERRORS},
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": BODY}}}})
def receive(request: HttpRequest):
    """Store new mentions (duplicates by source and id are skipped) with their triage."""
    grant(request, MENTIONS, roles.ANSWER_MENTIONS)
    if len(request.body) > MAX_BODY_BYTES:
        raise ApiError(413, f"the body is over {MAX_BODY_BYTES:,} bytes")
    channel = f"api:{request.token.name}"
    batch = parse_webhook(request.body, channel=channel, default_source="api")
    if not batch.items:
        raise ApiError(400, batch.errors[0])
    answer = deliver(request.org, batch, channel)
    api_call(request, "mentions.receive", received=answer["received"], stored=answer["stored"],
             rejected=answer["rejected"])
    return answer


@router.get("/mentions/rejected", response={200: list[RejectedItemOut], **ERRORS})
def rejected(request: HttpRequest, page: Query[Page]):
    """Items of webhook calls, API calls and sources that could not become mentions, newest first."""
    grant(request, MENTIONS, roles.MANAGE_INBOX)
    items = RejectedItem.objects.filter(org=request.org)[page.offset:page.offset + page.limit]
    return [{"id": i.pk, "channel": i.channel, "position": i.position, "reason": i.reason, "payload": i.payload,
             "received_at": i.received_at} for i in items]
