"""Connectors bring mentions in from one kind of source each; every one speaks the `Connector` protocol.

`fetch(cursor)` gets what is new since `cursor` (the state the previous call returned, or None the first
time) and returns a `Batch`: the mentions, the cursor to pass next time, and the problems met. A connector
never raises for a source's fault: a failed page ends the call with the mentions already read and a cursor
that points just after them, so the next call resumes there and nothing is lost or skipped.
"""

from __future__ import annotations

from .base import Batch, Connector

__all__ = ["Batch", "Connector"]
