"""The recognisers behind `confidential.pii`: one per entity, each pattern next to the validator that confirms it.

`scan(text)` runs every recogniser over a text and returns the candidates that survive, one per span. A
recogniser proposes matches with a regular expression and keeps only those that pass the identifier's own
check (a checksum from python-stdnum, libphonenumber's metadata, email-validator's syntax rules), so a random
11-digit number is not a PESEL. Where candidates overlap, the stronger one wins (higher score, then longer):
the digit groups of an IBAN pass Luhn, but they are reported as the IBAN, never as a payment card.

Numbers are read in their context: the nearest word before a number (`_NUMBER_CONTEXT`) says whether it is
a way to reach someone (`tel.`, `Mobile:`, `zadzwoń`) or an order, invoice, tracking number, price or amount
(`Order #`, `faktura`, `kwota`), which keeps weak identifiers, cards and phones quiet.

Cheap prefilters keep ordinary posts cheap: text with no run of six digits and no `@` is never scanned, and
libphonenumber runs only on phone-shaped numbers that no context word has settled.
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
from phonenumbers import NumberParseException, PhoneMetadata, PhoneNumber, is_valid_number, parse

CONTEXT_WINDOW = 40  # characters before a match searched for context words ("REGON", "SSN")


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


# The nearest of these words before a number says what it is: a way to reach someone, or a code or amount.
_NUMBER_CONTEXT = re.compile(
    r"(?P<contact>\b(?:tel|phone|telephone|mobile|mob|cell|cellphone|fax|faks|call|calling|ring|dial|text|txt"
    r"|sms|whats ?app|signal|viber|telegram|contact|reach|hotline|helpline|messages?|telefon\w*|kom|komórk\w*"
    r"|zadzwoń|dzwoń|dzwonić|zadzwonić|dzwoniąc|kontakt\w*|infolini\w*|esemes\w*|numer tel\w*)\b)"
    r"|(?P<other>\b(?:order|orders|invoice|inv|tracking|parcel|shipment|package|ref|reference|ticket|case"
    r"|booking|reservation|account|acct|id|serial|sku|item|part|model|batch|lot|policy|claim|transaction"
    r"|amount|total|price|cost|revenue|budget|population|zamówieni\w*|faktur\w*|przesyłk\w*|paczk\w*|referen\w*"
    r"|zgłoszeni\w*|spraw\w*|rezerwacj\w*|konto|kont|rachun\w*|kwot\w*|cen\w*|koszt\w*|przychod\w*|przychód"
    r"|budżet\w*|polis\w*|transakcj\w*|seri\w*)\b|[#№$€£])",
    re.IGNORECASE,
)
NUMBER_CONTEXT_WINDOW = 32

def nearest_context(text: str, start: int) -> str | None:
    """`contact` or `other` for the nearest of `_NUMBER_CONTEXT`'s words in the few words before `start`."""
    last = None
    for last in _NUMBER_CONTEXT.finditer(text, max(0, start - NUMBER_CONTEXT_WINDOW), start):
        pass
    return last.lastgroup if last else None


def _has_context(text: str, start: int, words: tuple[str, ...]) -> bool:
    before = text[max(0, start - CONTEXT_WINDOW) : start].casefold()
    return any(word in before for word in words)


@dataclass(frozen=True)
class PatternRecognizer:
    """A regex proposes, `validate` confirms. A weak entity scores `score` unless a context word precedes it,
    and is dropped when the nearest word before it names an order, invoice, amount or other code.

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
                if self.score < 1.0 and not strong and nearest_context(text, match.start()) == "other":
                    continue  # `Order #123456785` is an order number even when it passes the REGON check
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
    # written the way a NIP is: 123-456-32-18, 123-45-63-218, 123 456 32 18, or with the EU VAT prefix PL; a
    # phone number next to a contact word (`kom. 043 387 83 84`) outranks it unless the word NIP is nearby
    pattern=re.compile(
        r"(?=[\dP])(?<![\d+])"
        r"(?:(?<![A-Za-z])PL ?\d{10}|\d{3}([- ])\d{3}\1\d{2}\1\d{2}|\d{3}([- ])\d{2}\2\d{2}\2\d{3})(?!\w)"
    ),
    validate=_is_valid_nip,
    score=0.95,
    context=("nip", "vat", "tax id"),
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
    """12 to 19 digits that pass Luhn."""
    digits = _digits_only(value)
    return 12 <= len(digits) <= 19 and stdnum.luhn.is_valid(digits)


def _card_network(value: str) -> bool:
    """First digit 1-6: the networks from UATP and JCB (1800) to Discover; Maestro's `0604` needs a card word."""
    return _digits_only(value)[0] in "123456"


MAX_CARD_RUN = 23  # 19 digits of a card, then at most its expiry date (MMYY)
CARD_WORDS = ("card", "karta", "karty", "kartą", "karcie", "visa", "mastercard", "maestro", "amex", "cvv")


@dataclass(frozen=True)
class CardRecognizer(PatternRecognizer):
    """Like a pattern recogniser, but a digit run that fails the check is retried without its trailing
    groups, so `4111 1111 1111 1111 12/27` still yields the card before its expiry date. A number after an
    order, invoice or tracking word (`tracking 2987038176687`, an EAN that happens to pass Luhn) is not a
    card unless a card word is near; a 12-digit Maestro number needs that card word too."""

    def find(self, text: str) -> Iterator[Candidate]:
        for match in self.pattern.finditer(text):
            value = match.group(0)
            if len(_digits_only(value)) > MAX_CARD_RUN:
                continue  # an account number or some other long code, not a card with its expiry or CVV
            named = _has_context(text, match.start(), self.context)
            if not named and nearest_context(text, match.start()) == "other":
                continue
            while len(_digits_only(value)) >= (12 if named else 13):
                if self.validate(value) and not _one_repeated_digit(value) and (named or _card_network(value)):
                    yield Candidate(self.entity, match.start(), match.start() + len(value), self.score)
                    break
                cut = max(value.rfind(" "), value.rfind("-"), value.rfind("."))
                if cut < 0:
                    break
                value = value[:cut]


PAYMENT_CARD = CardRecognizer(
    entity="PAYMENT_CARD",
    # a whole run of 12 or more digits in any grouping (4111 1111 1111 1111, 4111-111111-11111, 41111.111...):
    # never part of a longer run, so the groups of an IBAN or an account number are not a card
    pattern=re.compile(r"(?=\d)(?<![\w+-])(?<!\d[ .-])\d(?:[ .-]?\d){11,}(?![\w-]|[ .]\d)"),
    validate=is_valid_card,
    context=CARD_WORDS,
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



# Between two digits of a phone number: nothing, one of ` .-/`, a closing or opening parenthesis with an
# optional separator, or the `(0)` that marks an optional trunk prefix (`+41 (0)85`, `+44(0)115`).
_PHONE_SEP = r"(?:[ .\-/]|\)[ .\-]?|[ .\-]?\(|\s?\(0\)\s?)"
_PHONE_EXTENSION = r"(?:\s?(?:x|ext\.?|extension|wew\.?)\s?\d{1,6})"
_PHONE_SHAPE = re.compile(
    r"(?=[+(\d])(?<![\w@#$€£/.,:+=-])(?<!\d[ .\-/])"  # a whole number: not the middle of a code, date or URL
    rf"(?P<number>(?:\+ ?|\(\+?)?\d(?:{_PHONE_SEP}?\d){{6,18}}\)?)"
    rf"(?P<extension>{_PHONE_EXTENSION}(?!\w))?"
    r"(?![\w@]|[.,]\d|[\-/]\d)",
    re.IGNORECASE,
)
# Amounts, counts and measures: a number followed by one of these is not a phone number.
_AFTER_AMOUNT = re.compile(
    r"\s?(?:zł|pln|eur|usd|gbp|chf|€|\$|£|%|k|m|mln|tys|mld|bn|km|kg|szt|pcs|units|osób|people|users|views"
    r"|followers|obserwujących)\b|\s?[€$£%]",
    re.IGNORECASE,
)
_DATE_START = re.compile(  # 2024-03-15, 15.03.2024, 03/15/24, followed by nothing or a time
    r"(?:(?:19|20)\d\d([.\-/])\d{1,2}\1\d{1,2}|\d{1,2}([.\-/])\d{1,2}\2(?:19|20)?\d\d)(?=$| )"
)
_THOUSANDS = re.compile(r"\d{1,2}(?: \d{3})+")  # 12 500 000: an amount written with a space as the separator
PHONE_REGIONS = (  # national numbers are tried against these; `+` numbers validate for any country
    "PL", "US", "CA", "GB", "IE", "DE", "AT", "CH", "FR", "BE", "NL", "LU", "IT", "ES", "PT", "CZ", "SK", "HU",
    "UA", "LT", "LV", "EE", "SE", "NO", "DK", "FI", "AU", "NZ", "IN", "BR", "MX", "JP",
)
PHONE_SCORE = 0.9


def _region_prefixes() -> tuple[tuple[int, str], ...]:
    """(country code, national trunk prefix) per region in `PHONE_REGIONS`."""
    prefixes = []
    for region in PHONE_REGIONS:
        metadata = PhoneMetadata.metadata_for_region(region)
        prefixes.append((metadata.country_code, metadata.national_prefix or ""))
    return tuple(prefixes)


_REGION_PREFIXES = _region_prefixes()


def is_valid_phone(number: str) -> bool:
    """libphonenumber's validation: a `+`/`00` number for its own country, a national one for some region of
    `PHONE_REGIONS` (its trunk prefix, `0` in most of Europe, `1` in North America, removed first)."""
    digits = _digits_only(number.replace("(0)", ""))
    if number.startswith(("+", "(+")) or digits.startswith("00"):
        try:
            if is_valid_number(parse("+" + digits.removeprefix("00"))):
                return True
        except NumberParseException:
            pass
        if not digits.startswith("00"):
            return False
    for country_code, trunk in _REGION_PREFIXES:
        national = digits[len(trunk):] if trunk and digits.startswith(trunk) else digits
        if not national or (trunk and national[0] == "0"):
            continue
        zeros = len(national) - len(national.lstrip("0"))
        candidate = PhoneNumber(country_code=country_code, national_number=int(national),
                                italian_leading_zero=zeros > 0 or None, number_of_leading_zeros=zeros or None)
        if is_valid_number(candidate):
            return True
    return False


@dataclass(frozen=True)
class PhoneRecognizer:
    """Anything written like a phone number (7-15 digits, optional `+`/`00`, `(0)`, extension, any of the
    usual separators) that is neither a date nor an amount, and is either next to a contact word (`tel.`,
    `Mobile:`, `zadzwoń`, `call me at`; then it is certain) or, written with a `+` or separators, valid for
    some region by libphonenumber. The nearest context word decides: `order`, `faktura`, `#` or a currency
    before a number keep it quiet, and a bare run of digits (`387054830`) needs a contact word."""

    entity: str = "PHONE"
    score: float = PHONE_SCORE

    def find(self, text: str, certain: list[Candidate]) -> Iterator[Candidate]:
        for match in _PHONE_SHAPE.finditer(text):
            start, end = match.span()
            if any(c.start <= start and end <= c.end for c in certain):
                continue  # inside a checksum-validated identifier, which wins the overlap anyway
            number = match.group("number")
            if not 7 <= len(_digits_only(number.replace("(0)", ""))) <= 15 or self._not_a_phone(text, match):
                continue
            context = nearest_context(text, start)
            if context == "contact":
                yield Candidate(self.entity, start, end, 1.0)
            elif context is None and not number.isdigit() and self._validates(number):
                yield Candidate(self.entity, start, end, self.score)

    @staticmethod
    def _not_a_phone(text: str, match: re.Match[str]) -> bool:
        number = match.group("number")
        if number.count("(") != number.count(")") or _one_repeated_digit(number):
            return True
        if _DATE_START.match(number) or _THOUSANDS.fullmatch(number):
            return True
        return _AFTER_AMOUNT.match(text, match.end()) is not None

    @staticmethod
    @lru_cache(maxsize=1024)
    def _validates(number: str) -> bool:
        return is_valid_phone(number)


PHONE = PhoneRecognizer()


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
        certain = [c for c in candidates if c.score >= 1.0]
        candidates.extend(PHONE.find(text, certain))
    return tuple(sorted(_without_overlaps(candidates), key=lambda c: c.start))


def _without_overlaps(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the strongest of overlapping candidates: higher score, then longer, then the more specific entity."""
    ranked = sorted(candidates, key=lambda c: (-c.score, c.start - c.end, _PRIORITY[c.entity]))
    kept: list[Candidate] = []
    for candidate in ranked:
        if all(candidate.end <= k.start or candidate.start >= k.end for k in kept):
            kept.append(candidate)
    return kept
