"""The recognisers behind `confidential.pii`: one per entity, each pattern next to the validator that confirms it.

`scan(text)` runs every recogniser over a text and returns the candidates that survive, one per span. A
recogniser proposes matches with a regular expression and keeps only those that pass the identifier's own
check (a checksum from python-stdnum, libphonenumber's metadata, email-validator's syntax rules), so a random
11-digit number is not a PESEL. Where candidates overlap, the stronger one wins (higher score, then longer):
the digit groups of an IBAN pass Luhn, but they are reported as the IBAN, never as a payment card.

Cheap prefilters keep ordinary posts cheap: text with no run of six digits and no `@` is never scanned, and
libphonenumber runs only on digit runs that could be phone numbers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterator

import stdnum.iban
import stdnum.luhn
import stdnum.pl.nip
import stdnum.pl.pesel
import stdnum.pl.regon
from email_validator import EmailNotValidError, validate_email
from phonenumbers import PhoneNumberMatcher

CONTEXT_WINDOW = 40  # characters before a match searched for context words ("REGON", "SSN")
PHONE_REGIONS = ("PL", "US")


@dataclass(frozen=True)
class Candidate:
    """A validated match: which entity, where, and how sure we are."""

    entity: str
    start: int
    end: int
    score: float


def _digits_only(value: str) -> str:
    return re.sub(r"\D", "", value)


def _one_repeated_digit(value: str) -> bool:
    """`1111111111` passes some checksums, but it is filler, not anybody's number."""
    return len(set(_digits_only(value))) == 1


def _has_context(text: str, start: int, words: tuple[str, ...]) -> bool:
    before = text[max(0, start - CONTEXT_WINDOW) : start].casefold()
    return any(word in before for word in words)


@dataclass(frozen=True)
class PatternRecognizer:
    """A regex proposes, `validate` confirms. A weak entity scores `score` unless a context word precedes it.

    Patterns open with a lookahead for their first character (`(?=\\d)`): it lets the regex engine skip to
    candidate positions instead of trying the lookbehind at every character of a post.
    """

    entity: str
    pattern: re.Pattern[str]
    validate: Callable[[str], bool]
    score: float = 1.0
    context: tuple[str, ...] = ()

    def find(self, text: str) -> Iterator[Candidate]:
        for match in self.pattern.finditer(text):
            if self.validate(match.group(0)) and not _one_repeated_digit(match.group(0)):
                strong = self.context and _has_context(text, match.start(), self.context)
                yield Candidate(self.entity, match.start(), match.end(), 1.0 if strong else self.score)


# --- Polish identifiers --------------------------------------------------------------------------------

PESEL = PatternRecognizer(
    entity="PESEL",
    pattern=re.compile(r"(?=\d)(?<![\d+])\d{11}(?!\w)"),
    validate=stdnum.pl.pesel.is_valid,  # check digit and a real date of birth
)


def _is_valid_nip(value: str) -> bool:
    return stdnum.pl.nip.is_valid(value.removeprefix("PL").strip())


NIP = PatternRecognizer(
    entity="NIP",
    # written the way only a NIP is: 123-456-32-18, 123-45-63-218, 123 456 32 18, or with the EU VAT prefix PL
    pattern=re.compile(
        r"(?=[\dP])(?<![\d+])"
        r"(?:(?<![A-Za-z])PL ?\d{10}|\d{3}([- ])\d{3}\1\d{2}\1\d{2}|\d{3}([- ])\d{2}\2\d{2}\2\d{3})(?!\w)"
    ),
    validate=_is_valid_nip,
)
NIP_PLAIN = PatternRecognizer(
    entity="NIP",
    # ten bare digits are as often a phone number, hence weak without the word NIP nearby
    pattern=re.compile(r"(?=\d)(?<![\d+])\d{10}(?!\w)"),
    validate=_is_valid_nip,
    score=0.6,
    context=("nip", "vat", "tax id"),
)

REGON = PatternRecognizer(
    entity="REGON",
    # 9 digits (often also a phone number, hence weak without the word REGON nearby) or 14 digits; never
    # grouped, because 601 234 567 is how phone numbers are written
    pattern=re.compile(r"(?=\d)(?<![\d+])(?:\d{14}|\d{9})(?!\w)"),
    validate=lambda value: stdnum.pl.regon.is_valid(_digits_only(value)),
    score=0.6,
    context=("regon",),
)

_ID_CARD_WEIGHTS = (7, 3, 1, 9, 7, 3, 1, 7, 3)


def is_valid_id_card(value: str) -> bool:
    """Polish ID card number `ABC123456`: letters count as ord(c) - 55; the weighted sum is 0 mod 10."""
    compact = value.replace(" ", "")
    if not re.fullmatch(r"[A-Z]{3}\d{6}", compact):
        return False
    values = [ord(c) - 55 if c.isalpha() else int(c) for c in compact]
    return sum(v * w for v, w in zip(values, _ID_CARD_WEIGHTS)) % 10 == 0


PL_ID_CARD = PatternRecognizer(
    entity="PL_ID_CARD",
    pattern=re.compile(r"(?<![\w])[A-Z]{3} ?\d{6}(?!\d)"),
    validate=is_valid_id_card,
)

# --- bank accounts and cards ---------------------------------------------------------------------------


def is_valid_iban(value: str) -> bool:
    """An IBAN with its mod-97 check; a bare 26-digit Polish account number (NRB) counts as `PL` + digits."""
    compact = value.replace(" ", "")
    if compact.isdigit():
        compact = "PL" + compact
    return stdnum.iban.is_valid(compact)


@dataclass(frozen=True)
class IbanRecognizer(PatternRecognizer):
    """Like a pattern recogniser, but a match that fails the check is retried without its trailing groups,
    so `PL61 1090 1014 0000 0712 1981 2874 2024` still yields the account number."""

    def find(self, text: str) -> Iterator[Candidate]:
        for match in self.pattern.finditer(text):
            value = match.group(0)
            while len(value) >= 15:
                if self.validate(value):
                    yield Candidate(self.entity, match.start(), match.start() + len(value), self.score)
                    break
                value = value[: value.rfind(" ")] if " " in value.rstrip() else value[:-4]


IBAN = IbanRecognizer(
    entity="IBAN",
    pattern=re.compile(
        r"(?<![\w])(?:"
        r"[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?"  # PL61 1090 1014 ... or PL61109010...
        r"|\d{2} ?\d{4} ?\d{4} ?\d{4} ?\d{4} ?\d{4} ?\d{4}"  # Polish NRB: 61 1090 1014 0000 0712 1981 2874
        r")(?![\w])"
    ),
    validate=is_valid_iban,
)


def is_valid_card(value: str) -> bool:
    """13 to 19 digits of a major card network (first digit 2-6) that pass Luhn."""
    digits = _digits_only(value)
    return 13 <= len(digits) <= 19 and digits[0] in "23456" and stdnum.luhn.is_valid(digits)


PAYMENT_CARD = PatternRecognizer(
    entity="PAYMENT_CARD",
    # contiguous digits, groups of four (4111 1111 1111 1111, 4111-1111-...), or Amex 4-6-5
    pattern=re.compile(
        r"(?=\d)(?<![\d-])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{1,7}|\d{4}([ -])\d{6}\2\d{5})(?![\d])"
    ),
    validate=is_valid_card,
)

# --- US ------------------------------------------------------------------------------------------------

_SAMPLE_SSNS = {"078051120", "219099999", "123456789"}  # published in ads and textbooks, never anybody's

US_SSN = PatternRecognizer(
    entity="US_SSN",
    # AAA-GG-SSSS; area never 000, 666 or 9xx, group never 00, serial never 0000
    pattern=re.compile(r"(?=\d)(?<![\d-])(?!000|666|9\d\d)\d{3}([- ])(?!00)\d{2}\1(?!0000)\d{4}(?![\d-])"),
    validate=lambda value: _digits_only(value) not in _SAMPLE_SSNS,
    score=0.6,  # a format without a checksum
    context=("ssn", "social security"),
)

# --- contact details -----------------------------------------------------------------------------------

_EMAIL = re.compile(r"(?<![\w.%+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)+")


def find_emails(text: str) -> Iterator[Candidate]:
    """Addresses that email-validator accepts as syntax (no DNS lookup: offline and fast)."""
    if "@" not in text:
        return
    for match in _EMAIL.finditer(text):
        try:
            validate_email(match.group(0), check_deliverability=False)
        except EmailNotValidError:
            continue
        yield Candidate("EMAIL", match.start(), match.end(), 1.0)


# A run that could hold a phone number: 7+ digits with the usual separators, maybe a leading + or (.
_PHONE_RUN = re.compile(r"[+(]?\d(?:[\s().\-/]{0,3}\d){6,}")
PHONE_SCORE = 0.9


def find_phones(text: str, certain: list[Candidate]) -> Iterator[Candidate]:
    """Numbers libphonenumber finds valid for Poland or the US (international `+` numbers from anywhere).

    Digit runs that lie inside a `certain` candidate (a checksum-validated identifier) are skipped: a phone
    there could not win the overlap, and libphonenumber is the costliest step of the scan."""
    spans: set[tuple[int, int]] = set()
    for run in _PHONE_RUN.finditer(text):
        if any(c.start <= run.start() and run.end() <= c.end for c in certain):
            continue
        piece = text[run.start() : run.end()]
        for region in PHONE_REGIONS:
            spans.update((run.start() + m.start, run.start() + m.end) for m in PhoneNumberMatcher(piece, region))
    for start, end in sorted(spans):
        yield Candidate("PHONE", start, end, PHONE_SCORE)


PATTERN_RECOGNIZERS = (PESEL, NIP, NIP_PLAIN, REGON, PL_ID_CARD, IBAN, PAYMENT_CARD, US_SSN)
ENTITIES = ("EMAIL", "PHONE", *dict.fromkeys(r.entity for r in PATTERN_RECOGNIZERS))
_PRIORITY = {entity: rank for rank, entity in enumerate(("IBAN", "PAYMENT_CARD", "PESEL", "PL_ID_CARD", "NIP",
                                                           "REGON", "US_SSN", "EMAIL", "PHONE"))}
# Every entity but EMAIL holds at least six digits close together (the ID card has the fewest).
_NUMBER_RUN = re.compile(r"\d(?:[\s().\-/]{0,3}\d){5,}")


@lru_cache(maxsize=64)
def scan(text: str) -> tuple[Candidate, ...]:
    """Every entity found in `text`, one per span, in text order. Cached: several rules ask about one post."""
    has_number = _NUMBER_RUN.search(text) is not None
    if not has_number and "@" not in text:
        return ()
    candidates = list(find_emails(text))
    if has_number:
        for recognizer in PATTERN_RECOGNIZERS:
            candidates.extend(recognizer.find(text))
        certain = [c for c in candidates if c.score > PHONE_SCORE]
        candidates.extend(find_phones(text, certain))
    return tuple(sorted(_without_overlaps(candidates), key=lambda c: c.start))


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the strongest of overlapping candidates: higher score, then longer, then the more specific entity."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.start - c.end, _PRIORITY[c.entity]))
    kept: list[Candidate] = []
    for candidate in ranked:
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return kept
