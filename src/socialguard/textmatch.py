"""Finding phrases in posts: folding text for comparison, and a fast word-aware phrase matcher.

Shared by the lexical detectors (confidential terms, profanity, illegal behaviour, phrase rules).

Folding makes text comparable without losing where things are: NFKD with diacritics dropped and
casefolded (`Ą`->`a`, `ł`->`l`, fullwidth and mathematical letters to ASCII), one character for one
character, so an offset in the folded text is an offset in the post. Optionally it also undoes common
obfuscation: leetspeak (`0 1 3 4 5 7 @ $` -> `o i e a s t a s`), stretched letters (`fuuuck`), dotted
letters (`f.u.c.k`) and `*` standing for one letter inside a word (`k*rwa`).

`PhraseMatcher` is built once from a list of phrases and finds them as whole words only (no hit for
"ass" in "assessment"). A phrase word may end in `*` (a stem: `kurw*` matches `kurwami`), and with
`inflect=True` every word also matches its English and Polish inflected forms (`Projekt Sokół` matches
`Projektu Sokoła` and `projekcie sokole`) through a small list of endings and consonant alternations;
a phrase written with a leading `=` keeps its exact forms. With `max_typos` a phrase of six letters or
more also matches with that many one-letter slips (Damerau-Levenshtein). See docs/textmatch.md.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Sequence

import ahocorasick
from rapidfuzz.distance import DamerauLevenshtein

# --- folding -------------------------------------------------------------------------------------

_NOT_DECOMPOSED = {"ł": "l", "đ": "d", "ø": "o", "ħ": "h", "ı": "i", "ŧ": "t", "ƶ": "z"}
_FOLDED_RANGES = (
    (0x41, 0x5B),  # ASCII capitals
    (0xA0, 0x250),  # Latin-1, Latin Extended-A/B (all Polish letters)
    (0x370, 0x530),  # Greek, Cyrillic
    (0x1E00, 0x2000),  # Latin Extended Additional, Greek Extended
    (0x2100, 0x2150),  # letterlike symbols
    (0x2460, 0x2500),  # circled letters and digits
    (0xFF00, 0xFF5F),  # fullwidth forms
    (0x1D400, 0x1D800),  # mathematical alphanumerics
)


def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    base = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return "".join(_NOT_DECOMPOSED.get(c, c) for c in base)


def _build_fold_table() -> dict[int, str]:
    """One character to one character, so that folding never moves offsets."""
    table: dict[int, str] = {}
    for low, high in _FOLDED_RANGES:
        for code in range(low, high):
            char = chr(code)
            folded = _fold_char(char)
            if len(folded) == 1 and folded != char:
                table[code] = folded
            elif len(folded) != 1 and len(char.lower()) == 1 and char.lower() != char:
                table[code] = char.lower()
    return table


_FOLD_TABLE = _build_fold_table()


def fold(text: str) -> str:
    """`text` casefolded with diacritics removed, the same length as `text` (offsets are preserved)."""
    return text.translate(_FOLD_TABLE)


# --- tokens --------------------------------------------------------------------------------------

_MARKS = "\u0300-\u036f"
_LETTER = r"[^\W\d_]"
_NON_WORD = re.compile(r"[\W_]")
_HAS_MARKS = re.compile(f"[{_MARKS}]")
_OBFUSCATION_HINT = re.compile(
    rf"{_LETTER}[0-9@$*]|[0-9$*]{_LETTER}|({_LETTER})\1\1|{_LETTER}[.\-_]{_LETTER}[.\-_]{_LETTER}|[{_MARKS}]"
)
_PLAIN_TOKEN = re.compile(rf"(?:[^\W_]|[{_MARKS}])+")
_OBFUSCATED_TOKEN = re.compile(
    rf"(?<![^\W_])(?:{_LETTER}[.\-_]){{2,}}{_LETTER}(?![^\W_])|(?:[^\W_]|[{_MARKS}@$*])+"
)
_DOTS = re.compile(r"[.\-_]")
_MARK_CHARS = re.compile(f"[{_MARKS}]")
_STRETCHED = re.compile(rf"({_LETTER})\1{{2,}}")
_LETTERS = re.compile(_LETTER)
_LEET = str.maketrans("013457@$", "oieastas")
_LEET_CHARS = re.compile(r"[013457@$]")
_SYMBOLS = re.compile(r"[@$*]")
_NEXT_WORD = re.compile(r"\S+")


@dataclass(frozen=True)
class Token:
    """A word of the post as the matcher compares it, and where it is in the original text."""

    word: str
    start: int
    end: int


def _normalize_token(raw: str, start: int, obfuscation: bool) -> Token | None:
    end = start + len(raw)
    word = _MARK_CHARS.sub("", raw)
    if not obfuscation:
        return Token(word, start, end) if word else None
    if _DOTS.search(word) and not _SYMBOLS.search(word):  # a dotted run: f.u.c.k
        word = _DOTS.sub("", word)
    stripped = word.lstrip("@*")
    start += len(word) - len(stripped)
    word = stripped.rstrip("*")
    end -= len(stripped) - len(word)
    letters = len(_LETTERS.findall(word))
    if letters >= 2 and letters >= len(_LEET_CHARS.findall(word)):  # "sh1t" but not a model number "A55"
        word = word.translate(_LEET)
    elif not letters:
        word = _SYMBOLS.sub("", word)
    word = _STRETCHED.sub(r"\1", word)
    return Token(word, start, end) if word else None


def tokens(text: str, obfuscation: bool = False) -> list[Token]:
    """The folded words of `text` with their original spans (the matcher's careful path)."""
    folded = fold(text)
    pattern = _OBFUSCATED_TOKEN if obfuscation else _PLAIN_TOKEN
    found = (_normalize_token(m.group(), m.start(), obfuscation) for m in pattern.finditer(folded))
    return [t for t in found if t is not None]


def is_wildcard(word: str) -> bool:
    """A word with `*` for some letters, fewer hidden than shown (`k*rwa`); `k***a` counts as masked."""
    stars = word.count("*")
    return 0 < stars < len(word) - stars


@dataclass(frozen=True)
class Folded:
    """A post as the matcher scans it: words separated by spaces, with a way back to original offsets.

    `text` starts and ends with a space. On the fast path (no obfuscation, no combining marks) it is the
    folded post itself shifted by one; otherwise it is rebuilt from tokens and `starts`/`ends` map the
    position where a word starts (ends) in `text` to the original offset.
    """

    text: str
    starts: dict[int, int] | None = None
    ends: dict[int, int] | None = None
    wildcards: tuple[tuple[int, int, str], ...] = ()

    def original_start(self, pos: int) -> int:
        return pos - 1 if self.starts is None else self.starts[pos]

    def original_end(self, pos: int) -> int:
        return pos - 1 if self.ends is None else self.ends[pos]


def normalize(text: str, obfuscation: bool = False) -> Folded:
    """Fold `text` for scanning, taking the fast path whenever nothing needs undoing."""
    folded = fold(text)
    hint = _OBFUSCATION_HINT if obfuscation else _HAS_MARKS
    if not hint.search(folded):
        return Folded(" " + _NON_WORD.sub(" ", folded) + " ")
    parts: list[str] = [" "]
    length = 1
    starts: dict[int, int] = {}
    ends: dict[int, int] = {}
    wildcards: list[tuple[int, int, str]] = []
    for token in tokens(text, obfuscation):
        starts[length] = token.start
        ends[length + len(token.word)] = token.end
        if obfuscation and is_wildcard(token.word):
            wildcards.append((length, length + len(token.word), token.word))
        parts.append(token.word + " ")
        length += len(token.word) + 1
    return Folded("".join(parts), starts, ends, tuple(wildcards))


# --- inflection ----------------------------------------------------------------------------------

ANY_ENDING = None  # a stem written with `*`: any rest of the word
EXACT = frozenset({""})
_ENGLISH = {"s", "es", "ed", "ing"}
_CASE = {"a", "u", "e", "y", "i", "o", "em", "om", "ow", "ach", "ami", "owi", "owie", "iem", "ia", "iu", "ii"}
_ADJECTIVE = {"ego", "emu", "ej", "ym", "ych", "ymi", "im", "ich", "imi"}
_FULL_WORD_ENDINGS = frozenset({""} | _ENGLISH | _CASE | _ADJECTIVE)
_HARD_CONSONANTS = "kgtdrh"  # these soften before -ie/-e (handled by _ALTERNATIONS), so no plain -ie
_STRIPPED_VOWEL_ENDINGS = {  # the nominative vowel replaced by a case ending: kurwa -> kurw|y
    "a": frozenset({"", "a", "y", "i", "e", "o", "om", "ami", "ach", "ej", "ie"}),
    "o": frozenset({"", "a", "u", "e", "em", "om", "ami", "ach", "ie"}),
    "e": frozenset({"", "a", "u", "em", "om", "ami", "ach"}),
    "y": frozenset({"", "a", "e", "i", "ach", "ami", "om"} | _ADJECTIVE),
}
_FLEETING_E = ("ek", "ec", "el")  # Marek -> Marka, koniec -> konca, orzeł -> orła
_FLEETING_ENDINGS = frozenset({"a", "u", "i", "e", "iem", "em", "owi", "owie", "ow", "ach", "ami", "om"})
_ALTERNATIONS = (  # Polish softening before -e/-ie/-i: projekt -> projekcie, Polska -> Polsce
    ("st", "sc"), ("zd", "zdz"), ("ch", "sz"), ("t", "c"), ("d", "dz"), ("r", "rz"), ("k", "c"), ("g", "dz"),
)
_SOFTENED_ENDINGS = frozenset({"ie", "i", "e", "y"})
_MIN_INFLECTED_WORD = 4
_MIN_STEM = 3
_MAX_ENDING = max(len(e) for e in _FULL_WORD_ENDINGS)
ALL_ENDINGS = frozenset(_FULL_WORD_ENDINGS | _FLEETING_ENDINGS | _SOFTENED_ENDINGS)

Variant = tuple[str, "frozenset[str] | None"]  # a stem and the word endings it accepts (None: any)


def inflection_variants(word: str) -> tuple[Variant, ...]:
    """Stems of a folded word with the endings each accepts, covering its EN and PL inflected forms."""
    if len(word) < _MIN_INFLECTED_WORD or not word.isalpha():
        return ((word, EXACT),)
    full_endings = _FULL_WORD_ENDINGS if word[-1] not in _HARD_CONSONANTS else _FULL_WORD_ENDINGS - {"ie"}
    variants: list[Variant] = [(word, full_endings)]
    base = word
    if word[-1] in _STRIPPED_VOWEL_ENDINGS and len(word) - 1 >= _MIN_STEM:
        base = word[:-1]
        endings = _STRIPPED_VOWEL_ENDINGS[word[-1]]
        if base[-1] in _HARD_CONSONANTS:
            endings -= {"ie"}
        if len(base) < _MIN_INFLECTED_WORD:  # "Nike" must not match the bare stem "nik"
            endings -= {""}
        variants.append((base, endings))
    elif word.endswith(_FLEETING_E) and len(word) - 1 >= _MIN_STEM:
        variants.append((word[:-2] + word[-1], _FLEETING_ENDINGS))
    for hard, soft in _ALTERNATIONS:
        if base.endswith(hard) and len(base) >= _MIN_STEM:
            variants.append((base[: -len(hard)] + soft, _SOFTENED_ENDINGS))
            break
    return tuple(variants)


# --- phrases -------------------------------------------------------------------------------------

_FUZZY_MIN_WORD = 4


@dataclass(frozen=True)
class PhraseWord:
    """One word of a phrase: the stems it may be written with, each with the endings it accepts."""

    word: str
    variants: tuple[Variant, ...]

    def accepts(self, word: str) -> bool:
        return any(
            word.startswith(stem) and (endings is None or word[len(stem):] in endings)
            for stem, endings in self.variants
        )

    def accepts_with_typo(self, word: str) -> bool:
        """`word` is one of this word's forms with one letter wrong, missing, extra or swapped."""
        for stem, endings in self.variants:
            if len(stem) < _FUZZY_MIN_WORD or endings is None:
                continue
            for cut in range(min(_MAX_ENDING, len(word)) + 1):
                head, tail = word[: len(word) - cut], word[len(word) - cut:]
                if tail in endings and abs(len(head) - len(stem)) <= 1:
                    if DamerauLevenshtein.distance(head, stem, score_cutoff=1) <= 1:
                        return True
        return False


@dataclass(frozen=True)
class Phrase:
    index: int
    text: str
    words: tuple[PhraseWord, ...]
    fuzzy: bool


@dataclass(frozen=True)
class Match:
    """A phrase found in a text: its original span, which phrase, and how loosely it matched."""

    start: int
    end: int
    index: int
    phrase: str
    typos: int = 0
    wildcard: bool = False


def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1:] for i in range(len(word))}


class PhraseMatcher:
    """Finds many phrases at once, whole words only, in one folding pass and one automaton scan.

    `inflect`: also match EN/PL inflected forms of every word (except phrases written `=like this`).
    `obfuscation`: undo leetspeak, stretched and dotted letters, and read `*` inside a word as any letter.
    `max_typos`: one-letter slips allowed per phrase, for phrases of at least `typo_min_length` letters.
    """

    def __init__(
        self,
        phrases: Sequence[str],
        *,
        inflect: bool = False,
        obfuscation: bool = False,
        max_typos: int = 0,
        typo_min_length: int = 6,
    ) -> None:
        self.inflect = inflect
        self.obfuscation = obfuscation
        self.max_typos = max_typos
        self.typo_min_length = typo_min_length
        self.phrases = [p for p in (self._parse(i, text) for i, text in enumerate(phrases)) if p is not None]
        self._automaton = self._build_automaton()
        self._fuzzy_index = self._build_fuzzy_index() if max_typos else {}
        self._wildcard_lines = self._build_wildcard_lines() if obfuscation else {}

    # building

    def _parse(self, index: int, text: str) -> Phrase | None:
        body = text.strip()
        exact = body.startswith("=")
        body = body.removeprefix("=")
        words: list[PhraseWord] = []
        for chunk in body.split():
            is_stem = chunk.endswith("*")
            parts = [t.word for t in tokens(chunk.rstrip("*"), self.obfuscation)]
            for k, word in enumerate(parts):
                if is_stem and k == len(parts) - 1:
                    variants: tuple[Variant, ...] = ((word, ANY_ENDING),)
                elif self.inflect and not exact:
                    variants = inflection_variants(word)
                else:
                    variants = ((word, EXACT),)
                words.append(PhraseWord(word, variants))
        if not words:
            return None
        letters = sum(len(w.word) for w in words)
        return Phrase(index, text, tuple(words), fuzzy=self.max_typos > 0 and letters >= self.typo_min_length)

    def _build_automaton(self) -> ahocorasick.Automaton | None:
        entries: dict[str, list[tuple[Phrase, frozenset[str] | None]]] = {}
        for phrase in self.phrases:
            for stem, endings in phrase.words[0].variants:
                entries.setdefault(" " + stem, []).append((phrase, endings))
        if not entries:
            return None
        automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            automaton.add_word(key, (len(key), tuple(value)))
        automaton.make_automaton()
        return automaton

    def _build_fuzzy_index(self) -> dict[str, list[Phrase]]:
        index: dict[str, list[Phrase]] = {}
        for phrase in self.phrases:
            if not phrase.fuzzy:
                continue
            for stem, endings in phrase.words[0].variants:
                if endings is not None and len(stem) >= _FUZZY_MIN_WORD:
                    for key in _deletions(stem):
                        index.setdefault(key, []).append(phrase)
        return index

    def _build_wildcard_lines(self) -> dict[tuple[str, int], tuple[str, dict[str, list[Phrase]]]]:
        """Single-word phrases by kind ("exact"/"stem") and length, as newline-joined text to search."""
        groups: dict[tuple[str, int], dict[str, list[Phrase]]] = {}
        for phrase in self.phrases:
            if len(phrase.words) != 1:
                continue
            for stem, endings in phrase.words[0].variants:
                kind = "stem" if endings is None else "exact" if endings == EXACT else None
                if kind:
                    groups.setdefault((kind, len(stem)), {}).setdefault(stem, []).append(phrase)
        return {key: ("\n".join(stems), stems) for key, stems in groups.items()}

    # finding

    def find(self, text: str) -> list[Match]:
        """Matches in `text`, leftmost-longest, never overlapping."""
        return longest_first(self.find_all(text))

    def find_all(self, text: str) -> list[Match]:
        """Every match in `text`, overlapping ones included."""
        if self._automaton is None:
            return []
        folded = normalize(text, self.obfuscation)
        best: dict[tuple[int, int, int], Match] = {}
        for match in self._scan(folded):
            key = (match.start, match.end, match.index)
            if key not in best or (match.typos, match.wildcard) < (best[key].typos, best[key].wildcard):
                best[key] = match
        return sorted(best.values(), key=lambda m: (m.start, m.end, m.index))

    def _scan(self, folded: Folded) -> Iterable[Match]:
        text = folded.text
        for last, (key_length, entries) in self._automaton.iter(text):
            word_start = last - key_length + 2
            word_end = text.index(" ", last + 1)
            rest = text[last + 1 : word_end]
            for phrase, endings in entries:
                if endings is None or rest in endings:
                    yield from self._complete(phrase, folded, word_start, word_end, 0, False)
        if self._fuzzy_index:
            yield from self._scan_typos(folded)
        for start, end, word in folded.wildcards:
            for phrase in self._wildcard_phrases(word):
                yield from self._complete(phrase, folded, start, end, 0, True)

    def _complete(
        self, phrase: Phrase, folded: Folded, start: int, end: int, typos: int, wildcard: bool
    ) -> Iterable[Match]:
        """The match of `phrase` whose first word is at [start, end), if its other words follow."""
        for word in phrase.words[1:]:
            found = _NEXT_WORD.search(folded.text, end)
            if found is None:
                return
            if not word.accepts(found.group()):
                if not (phrase.fuzzy and typos < self.max_typos and word.accepts_with_typo(found.group())):
                    return
                typos += 1
            end = found.end()
        yield Match(folded.original_start(start), folded.original_end(end), phrase.index, phrase.text, typos, wildcard)

    def _scan_typos(self, folded: Folded) -> Iterable[Match]:
        for found in _NEXT_WORD.finditer(folded.text):
            word = found.group()
            if len(word) < _FUZZY_MIN_WORD:
                continue
            candidates: dict[int, Phrase] = {}
            for cut in range(min(_MAX_ENDING, len(word) - _FUZZY_MIN_WORD + 1) + 1):  # heads of 3+ letters
                if word[len(word) - cut:] in ALL_ENDINGS:
                    for key in _deletions(word[: len(word) - cut]):
                        for phrase in self._fuzzy_index.get(key, ()):
                            candidates[phrase.index] = phrase
            for phrase in candidates.values():
                if not phrase.words[0].accepts(word) and phrase.words[0].accepts_with_typo(word):
                    yield from self._complete(phrase, folded, found.start(), found.end(), 1, False)

    def _wildcard_phrases(self, word: str) -> list[Phrase]:
        """Single-word phrases that `word` (with `*` for hidden letters) may stand for."""
        found: list[Phrase] = []
        lookups = [("exact", len(word), word)]
        lookups += [("stem", length, word[:length]) for length in range(1, len(word) + 1)]
        for kind, length, shown in lookups:
            group = self._wildcard_lines.get((kind, length))
            if group is None:
                continue
            lines, stems = group
            pattern = re.compile("^" + re.escape(shown).replace(r"\*", "[^\n]") + "$", re.MULTILINE)
            found += [phrase for m in pattern.finditer(lines) for phrase in stems[m.group()]]
        return found


def longest_first(matches: Iterable[Match]) -> list[Match]:
    """Keep the leftmost, then longest, then closest of overlapping matches."""
    kept: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end, m.typos, m.wildcard, m.index)):
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept
