"""Cutting a post's text into plain and highlighted pieces, one `<mark>` per finding span (for templates).

Findings may overlap; a later one that overlaps is merged into the mark already open, which then lists
both finding numbers and takes the worse severity. Templates escape each piece, so no text is trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socialguard.model import Finding, Severity


@dataclass
class Piece:
    text: str
    numbers: list[int] = field(default_factory=list)  # 1-based numbers of the findings marked here
    severity: Severity | None = None

    @property
    def marked(self) -> bool:
        return bool(self.numbers)


def pieces(text: str, findings: list[Finding]) -> list[Piece]:
    """`text` as pieces, one per span of the verdict's `findings` (in their order)."""
    spans = sorted(
        ((f.start, f.end, n, f.severity) for n, f in enumerate(findings, start=1) if f.end > f.start),
        key=lambda s: (s[0], -s[1]),
    )
    out: list[Piece] = []
    cursor = 0
    for start, end, number, severity in spans:
        start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
        if out and out[-1].marked and start < cursor:
            _widen(out[-1], text, cursor, end, number, severity)
            cursor = max(cursor, end)
            continue
        if start > cursor:
            out.append(Piece(text[cursor:start]))
        out.append(Piece(text[start:end], [number], severity))
        cursor = end
    if cursor < len(text):
        out.append(Piece(text[cursor:]))
    return out


def _widen(piece: Piece, text: str, cursor: int, end: int, number: int, severity: Severity) -> None:
    if end > cursor:
        piece.text += text[cursor:end]
    piece.numbers.append(number)
    if piece.severity is None or severity.rank > piece.severity.rank:
        piece.severity = severity
