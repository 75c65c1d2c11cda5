"""The inbox's background tasks: polling the policy's sources, triaging raw mentions, spike checks.

Each takes and returns plain JSON so it can run on a Celery worker (`socialguard.tasks.dispatch`) or
in-process (`shared_task`: every Celery app made by `socialguard.tasks.make_app` has them). They rebuild
what they need from a policy path (None: the built-in policy): the file is read each time, and what is
compiled from its text (the triage's topic matcher) is the engine's one compiled object of that text, so
repeated tasks do not recompile it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from celery import shared_task

from ..engine import CompiledPolicy, compile_policy
from ..policy.loader import policy_text
from .connectors.records import mention_from_record
from .pipeline import Triage
from .poller import FolderStore, Poller, mention_to_json
from .sources import connectors_for
from .spikes import check


def _compiled(path: str | None) -> CompiledPolicy:
    return compile_policy(*policy_text(path))


@shared_task(name="socialguard.inbox.poll_sources")
def poll_sources(policy_path: str | None, store_dir: str) -> list[dict[str, Any]]:
    """Poll every source of the policy once into a folder store; one report per source."""
    compiled = _compiled(policy_path)
    poller = Poller(connectors_for(compiled.policy), FolderStore(store_dir), compiled.get(Triage))
    return [vars(report) for report in poller.poll_once()]


@shared_task(name="socialguard.inbox.triage_records", bind=True)
def triage_records(task, records: list[dict[str, Any]], policy_path: str | None = None) -> list[dict[str, Any]]:
    """Raw mention records (webhook or export shape) understood and routed; bad records come back with `error`.
    `queue` says which broker queue brought the task (None: it ran in-process)."""
    mentions, out = [], []
    for index, record in enumerate(records):
        try:
            mentions.append((index, mention_from_record(record, "webhook", "task")))
        except ValueError as exc:
            out.append({"index": index, "error": str(exc)})
    triaged = _compiled(policy_path).get(Triage)([m for _, m in mentions])
    out += [{"index": index, **mention_to_json(m)} for (index, _), m in zip(mentions, triaged)]
    queue = None if task.request.is_eager else (task.request.delivery_info or {}).get("routing_key")
    return sorted(({**item, "queue": queue} for item in out), key=lambda item: item["index"])


@shared_task(name="socialguard.inbox.check_spike")
def check_spike(negative_times: list[str], now: str, policy_path: str | None = None) -> dict[str, Any] | None:
    """The spike alert (as a dict) for negative mentions at `negative_times` (ISO), or None."""
    alert = check([dt.datetime.fromisoformat(t) for t in negative_times], dt.datetime.fromisoformat(now),
                  _compiled(policy_path).policy.listening.crisis)
    if alert is None:
        return None
    return {"window_start": alert.window_start.isoformat(), "window_end": alert.window_end.isoformat(),
            "count": alert.count, "expected": alert.expected, "std": alert.std, "threshold": alert.threshold,
            "k": alert.k, "z": alert.z}
