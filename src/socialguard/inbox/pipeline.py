"""Triage: what happens to new mentions before they are stored: understood (`understanding`), then
assigned (`routing`). One `Triage` per policy, built once and called with batches (the Poller's `process`).
"""

from __future__ import annotations

from typing import Sequence

from ..policy.schema import Policy
from .mention import Mention
from .routing import Router
from .tone import ToneModel
from .understanding import Reader


class Triage:
    def __init__(self, policy: Policy, tone: ToneModel | None = None) -> None:
        self.reader = Reader(policy.listening, tone)
        self.router = Router(policy.listening, policy.teams)

    def __call__(self, mentions: Sequence[Mention]) -> list[Mention]:
        return self.router.route_all(self.reader.read(mentions))
