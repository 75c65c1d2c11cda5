"""One pushed delivery (a webhook call or `POST /api/mentions`) into the inbox, and its per-item answer.

`deliver(org, batch, channel)` stores the batch's good mentions (`django_store.ingest_each`), keeps every rejected
item for inspection (`RejectedItem`, listed on `/inbox/rejected/`), and answers with counts and one result per
item in the body's order: `stored`, `duplicate` (already in the inbox, or twice in the call) or `rejected`
(with its error). An item the database refuses is rejected like one that could not be read.
"""

from __future__ import annotations

from typing import Any

from socialguard.orgs.models import Organisation

from .connectors.base import Rejected
from .connectors.webhook import WebhookBatch
from .django_store import ingest_each, keep_rejected

MAX_ERRORS_SHOWN = 50


def deliver(org: Organisation, batch: WebhookBatch, channel: str) -> dict[str, Any]:
    """Store `batch` for `org`; the answer `{received, stored, duplicates, rejected, errors, items}`, where
    `received` = `stored` + `duplicates` + `rejected`."""
    keep_rejected(org, channel, batch.rejected)
    outcome = ingest_each(org, batch.mentions)
    items, claimed = [], set()
    for position, item in batch.items:
        if isinstance(item, Rejected):
            items.append({"position": position, "status": "rejected", "error": item.reason})
        elif item.key in outcome.refused:
            items.append({"position": position, "status": "rejected", "error": outcome.refused[item.key]})
        elif item.key in outcome.new and item.key not in claimed:
            claimed.add(item.key)
            items.append({"position": position, "status": "stored"})
        else:
            items.append({"position": position, "status": "duplicate"})
    errors = [f"{i['position']}: {i['error']}" for i in items if i["status"] == "rejected"]
    count = {status: sum(1 for i in items if i["status"] == status) for status in ("stored", "duplicate", "rejected")}
    return {"received": len(batch.items), "stored": count["stored"], "duplicates": count["duplicate"],
            "rejected": count["rejected"], "errors": errors[:MAX_ERRORS_SHOWN], "items": items}
