"""Verifying the whole audit archive: every organisation's chain, against the signed checkpoints that live
outside the database.

Beyond `chain.verify` (edited, reordered or deleted events, a wrong head) this finds, with the checkpoint
file: events deleted from the end, a rewritten chain, a deleted head row, a deleted organisation, lines of
the checkpoint file that were edited, forged, removed or signed with another key, and a checkpoint file cut
short or missing (each chain records the checkpoints taken of it). Every finding is one line.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from socialguard.orgs.models import Organisation

from . import checkpoints
from .chain import VerifyReport, verify


@dataclass(frozen=True)
class ArchiveReport:
    chains: VerifyReport
    ledger: checkpoints.Ledger
    problems: list

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def events(self) -> int:
        return self.chains.events

    @property
    def organisations(self) -> int:
        return self.chains.organisations


def verify_archive(orgs: Iterable[Organisation] | None = None) -> ArchiveReport:
    """Check every chain (or those of `orgs`) and the checkpoint file; with all chains, also that no
    organisation a checkpoint recorded has gone."""
    everything = orgs is None
    orgs = list(Organisation.objects.order_by("slug")) if everything else list(orgs)
    ledger = checkpoints.read()
    chains = verify(orgs, ledger.anchors())
    problems = [*([ledger.error] if ledger.error else []), *ledger.problems, *chains.problems]
    if everything:
        problems += _deleted_organisations(ledger, {org.pk for org in orgs})
    if not ledger.error:
        problems += _cut_checkpoint_file(ledger, orgs)
    return ArchiveReport(chains, ledger, problems)


def _deleted_organisations(ledger: checkpoints.Ledger, present: set[int]) -> list[str]:
    return [
        f"organisation {head.slug} (id {org_id}): deleted; checkpoint {checkpoint.number} of "
        f"{checkpoint.at[:19].replace('T', ' ')} UTC recorded it with its chain at seq {head.seq}"
        for org_id, (head, checkpoint) in sorted(ledger.known_organisations().items())
        if org_id not in present
    ]


def _cut_checkpoint_file(ledger: checkpoints.Ledger, orgs: list[Organisation]) -> list[str]:
    """The checkpoints the chains recorded that the file lacks or holds differently (once per checkpoint)."""
    problems, seen = [], set()
    last = max(ledger.digests, default=0)
    for org in orgs:
        mark = checkpoints.recorded(org.pk)
        if mark is None or mark[0] in seen:
            continue
        number, digest = mark
        seen.add(number)
        if not ledger.exists:
            return [f"{ledger.path}: missing, but organisation {org.slug}'s chain records checkpoint {number}"]
        if number > last:
            problems.append(f"{ledger.path}: ends at checkpoint {last}, but organisation {org.slug}'s chain records "
                            f"checkpoint {number} (the file was cut short)")
        elif ledger.digests.get(number, digest) != digest:
            problems.append(f"{ledger.path}: checkpoint {number} is not the one organisation {org.slug}'s chain "
                            f"records (the line was replaced)")
    return problems
