"""Signed checkpoints of the audit chains, kept outside the database (as transparency logs publish signed
tree heads), and the reading of the checkpoint file.

A hash chain inside a database cannot prove its own length: whoever deletes the last events and rewinds the
head leaves a shorter chain that still verifies. `take()` therefore signs, with the Ed25519 key of
`signing.py`, a statement of every organisation's head and appends it as one JSON line to the checkpoint
file (`settings.AUDIT_CHECKPOINT_FILE`), optionally POSTing the same line to `SOCIALGUARD_AUDIT_WEBHOOK`:

    {"checkpoint": {"number": 7, "at": "2026-12-07T21:00:00.000000+00:00", "key": "<key id>",
                    "previous": "<sha256 of line 6>", "organisations": [{"id": 1, "slug": "acme",
                    "seq": 120, "hash": "<hash of event 120>"}, ...]},
     "signature": "<base64 Ed25519 signature of the canonical JSON of checkpoint>"}

Each line names the hash of the line before it, so a line removed or edited inside the file shows; each
organisation's chain gets an `audit_checkpoint` event naming the checkpoint's number and line hash, so the
database shows a file cut short at its end. `read()` checks every line and turns the good ones into
`Anchor`s for `chain.verify`; `verification.py` puts both together.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import fcntl
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from cryptography.exceptions import InvalidSignature
from django.conf import settings
from django.db.models import F

from socialguard.orgs.models import Organisation

from .chain import GENESIS, Anchor, canonical, record
from .models import AuditEvent
from .signing import KeyUnavailable, key_id, signing_key, verifying_key

KIND = "audit_checkpoint"
log = logging.getLogger("socialguard.audit")


@dataclass(frozen=True)
class Head:
    """One organisation's chain head as a checkpoint records it."""

    id: int
    slug: str
    seq: int
    hash: str


@dataclass(frozen=True)
class Checkpoint:
    """A line of the checkpoint file whose signature verified."""

    line: int
    number: int
    at: str
    digest: str  # sha256 of the line, as the `audit_checkpoint` events record it
    heads: dict[int, Head]


@dataclass
class Ledger:
    """What the checkpoint file holds: its signed checkpoints, and what is wrong with its lines."""

    path: Path
    exists: bool
    error: str = ""  # why the file could not be checked at all (unreadable, no key)
    checkpoints: list[Checkpoint] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    digests: dict[int, str] = field(default_factory=dict)  # checkpoint number: line digest, of every line read

    def anchors(self) -> dict[int, dict[int, Anchor]]:
        """{org id: {seq: anchor}} from every signed checkpoint, for `chain.verify`."""
        found: dict[int, dict[int, Anchor]] = {}
        for checkpoint in self.checkpoints:
            for head in checkpoint.heads.values():
                if head.seq:
                    anchor = Anchor(checkpoint.number, checkpoint.at, head.seq, head.hash)
                    found.setdefault(head.id, {})[head.seq] = anchor
        return found

    def known_organisations(self) -> dict[int, tuple[Head, Checkpoint]]:
        """Every organisation a checkpoint ever recorded, with the last checkpoint that did."""
        return {head.id: (head, checkpoint) for checkpoint in self.checkpoints for head in checkpoint.heads.values()}

    @property
    def latest(self) -> Checkpoint | None:
        return self.checkpoints[-1] if self.checkpoints else None


class FileBehind(Exception):
    """The chains record a later checkpoint than the file holds: it was cut short or replaced."""


def take(*, only_if_changed: bool = False) -> Checkpoint | None:
    """Sign every organisation's head, append the statement to the checkpoint file, record it in each chain
    and send it to the webhook. With `only_if_changed`, nothing is written when no chain moved since the
    last checkpoint (but for that checkpoint's own events). Refuses (`FileBehind`) to continue a file that
    lost checkpoints, which would hide the loss."""
    path = Path(settings.AUDIT_CHECKPOINT_FILE)
    key = signing_key(Path(settings.AUDIT_SIGNING_KEY_FILE), create=True)
    with path.open("a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)  # one writer at a time: the serving process, beat, the CLI
        handle.seek(0)
        lines = handle.read().splitlines()
        heads = current_heads()
        _refuse_if_behind(path, len(lines), heads)
        if only_if_changed and lines and _unchanged(lines[-1], heads):
            return None
        statement = {
            "number": len(lines) + 1,
            "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds"),
            "key": key_id(key.public_key()),
            "previous": _digest(lines[-1]) if lines else GENESIS,
            "organisations": [vars(head) for head in heads],
        }
        signature = base64.b64encode(key.sign(canonical(statement).encode("utf-8"))).decode("ascii")
        line = canonical({"checkpoint": statement, "signature": signature})
        handle.write(line + "\n")
        handle.flush()
        os.fsync(handle.fileno())
        digest = _digest(line)
        orgs = Organisation.objects.in_bulk([head.id for head in heads])
        for head in heads:
            record(orgs[head.id], KIND, data={"checkpoint": statement["number"], "digest": digest})
    webhook = settings.AUDIT_CHECKPOINT_WEBHOOK
    if webhook:
        send(webhook, line)
    return Checkpoint(len(lines) + 1, statement["number"], statement["at"], digest, {h.id: h for h in heads})


def current_heads() -> list[Head]:
    """Every organisation's head (seq 0 and an empty hash before its first event), in one query."""
    rows = (Organisation.objects.order_by("pk")
            .values_list("pk", "slug", F("audit_head__seq"), F("audit_head__hash")))
    return [Head(pk, slug, seq or 0, digest or "") for pk, slug, seq, digest in rows]


def send(url: str, line: str) -> bool:
    """POST the checkpoint line to `url`; a failure is logged with the host only and never raised."""
    try:
        response = httpx.post(url, content=line.encode("utf-8"), headers={"Content-Type": "application/json"},
                              timeout=settings.SOCIALGUARD_WEBHOOK_TIMEOUT)
        response.raise_for_status()
        return True
    except httpx.HTTPError as exc:
        reason = f"HTTP {exc.response.status_code}" if isinstance(exc, httpx.HTTPStatusError) else type(exc).__name__
        log.warning("audit checkpoint webhook to %s failed: %s", urlsplit(url).hostname or "?", reason)
        return False


def recorded(org_id: int) -> tuple[int, str] | None:
    """The number and line digest of the last checkpoint recorded in an organisation's chain."""
    row = AuditEvent.objects.filter(org_id=org_id, kind=KIND).order_by("-seq").values_list("data", flat=True).first()
    if not isinstance(row, dict):
        return None
    try:
        return int(row["checkpoint"]), str(row["digest"])
    except (KeyError, TypeError, ValueError):
        return None


def read(path: Path | None = None) -> Ledger:
    """Check every line of the checkpoint file: JSON shape, key, signature, link to the line before and
    numbering. Lines whose signature verifies become checkpoints, whatever else is wrong with them."""
    path = Path(path or settings.AUDIT_CHECKPOINT_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Ledger(path, exists=False)
    except (OSError, UnicodeDecodeError) as exc:
        return Ledger(path, exists=True, error=f"{path}: cannot read the checkpoint file: {exc}")
    ledger = Ledger(path, exists=True)
    try:
        public = verifying_key(Path(settings.AUDIT_SIGNING_KEY_FILE))
    except KeyUnavailable as exc:
        ledger.error = f"{path}: cannot check the checkpoints' signatures: {exc}"
        return ledger
    expected_key, previous, number, foreign = key_id(public), GENESIS, 0, {}
    for line_number, line in enumerate(text.splitlines(), 1):
        where = f"{path}:{line_number}"
        try:
            statement, signature, heads = _parse(line)
        except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
            ledger.problems.append(f"{where}: not a signed checkpoint (the line was edited or cut short)")
            previous = _digest(line)
            continue
        ledger.digests[statement["number"]] = _digest(line)
        if statement["key"] != expected_key:
            foreign.setdefault(str(statement["key"]), []).append(line_number)
        else:
            try:
                public.verify(signature, canonical(statement).encode("utf-8"))
            except InvalidSignature:
                ledger.problems.append(f"{where}: bad signature (the line was edited or forged)")
            else:
                ledger.checkpoints.append(
                    Checkpoint(line_number, statement["number"], statement["at"], _digest(line), heads))
        if statement["previous"] != previous:
            before = f"line {line_number - 1}" if line_number > 1 else "the start of the file"
            ledger.problems.append(f"{where}: does not follow {before} (a checkpoint was removed or edited)")
        elif statement["number"] != number + 1:
            ledger.problems.append(f"{where}: is checkpoint {statement['number']} but follows checkpoint {number}")
        previous, number = _digest(line), statement["number"]
    for other, lines in foreign.items():
        ledger.problems.append(
            f"{path}: {_lines(lines)} signed by key {other}, not by the configured key {expected_key} "
            f"(a wrong key, or forged)"
        )
    return ledger


def _parse(line: str) -> tuple[dict, bytes, dict[int, Head]]:
    document = json.loads(line)
    statement = document["checkpoint"]
    signature = base64.b64decode(document["signature"], validate=True)
    heads = {}
    for entry in statement["organisations"]:
        head = Head(int(entry["id"]), str(entry["slug"]), int(entry["seq"]), str(entry["hash"]))
        heads[head.id] = head
    if not isinstance(statement["number"], int):
        raise TypeError("number")
    for name in ("at", "key", "previous"):
        if not isinstance(statement[name], str):
            raise TypeError(name)
    return statement, signature, heads


def _refuse_if_behind(path: Path, lines: int, heads: list[Head]) -> None:
    for head in heads:
        mark = recorded(head.id)
        if mark and mark[0] > lines:
            raise FileBehind(f"{path}: ends at checkpoint {lines}, but organisation {head.slug}'s chain records "
                             f"checkpoint {mark[0]}: the file was cut short or replaced; restore it before "
                             f"signing more (see `socialguard audit verify`)")


def _unchanged(last_line: str, heads: list[Head]) -> bool:
    """Whether every chain is where the last checkpoint saw it, or one further by that checkpoint's event."""
    try:
        statement, _signature, recorded_heads = _parse(last_line)
    except (ValueError, KeyError, TypeError, AttributeError, binascii.Error):
        return False
    if set(recorded_heads) != {head.id for head in heads}:
        return False
    mark = (statement["number"], _digest(last_line))
    for head in heads:
        seen = recorded_heads[head.id].seq
        if head.seq != seen and not (head.seq == seen + 1 and recorded(head.id) == mark):
            return False
    return True


def _digest(line: str) -> str:
    return hashlib.sha256(line.encode("utf-8")).hexdigest()


def _lines(numbers: list[int]) -> str:
    if len(numbers) == 1:
        return f"line {numbers[0]} is"
    return f"{len(numbers)} lines ({numbers[0]}..{numbers[-1]}) are"
