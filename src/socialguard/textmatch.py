"""Finding phrases in posts: folding text for comparison, and a fast word-aware phrase matcher.

Shared by the lexical detectors (confidential terms, profanity, illegal behaviour, phrase rules).

Folding makes text comparable without losing where things are: NFKD, casefolded, diacritics dropped
(`Ą`->`a`, `ł`->`l`, fullwidth and mathematical letters to ASCII), with a map back to the post's own
offsets. Optionally it also undoes common obfuscation: leetspeak (`0 1 3 4 5 7 @ $` -> `o i e a s t a
s`), stretched letters (`fuuuck`), dotted letters (`f.u.c.k`) and `*` for a hidden letter (`k*rwa`).

`PhraseMatcher` is built once from a list of phrases and finds them as whole words only (no hit for
"ass" in "assessment"). A phrase word may end in `*` (a stem: `kurw*` matches `kurwami`), and with
`inflect=True` every word also matches its English and Polish inflected forms (`Projekt Sokół` matches
`Projektu Sokoła` and `projekcie sokole`) through a small list of endings and consonant alternations;
a phrase written with a leading `=` keeps its exact forms. Adjectives inside names decline with them
(`Bank Śląski` matches `Banku Śląskiego`, `Bankiem Śląskim`, `Śląską`; `Polska Grupa` matches
`Polskiej Grupy`). With `max_typos` a phrase of six letters or
more also matches with that many one-letter slips (Damerau-Levenshtein). See docs/textmatch.md.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Iterable, NamedTuple, Sequence

import ahocorasick
from rapidfuzz.distance import DamerauLevenshtein

# --- folding -------------------------------------------------------------------------------------

_NOT_DECOMPOSED = (("ł", "l"), ("đ", "d"), ("ø", "o"), ("ħ", "h"), ("ı", "i"), ("ŧ", "t"), ("ƶ", "z"))
_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_MARK_CHARS = re.compile(f"[{_MARKS}]")


def fold(text: str) -> str:
    """`text` compatibility-decomposed, casefolded and without diacritics: `Źdźbło ＡＢ` -> `zdzblo ab`.

    Usually as long as `text`; when it is not (ligatures, decomposed accents), `origins` maps back.
    """
    if text.isascii():
        return text.lower()
    folded = _MARK_CHARS.sub("", unicodedata.normalize("NFKD", text).casefold())
    if not folded.isascii():
        for letter, plain in _NOT_DECOMPOSED:
            folded = folded.replace(letter, plain)
    return folded


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_fold_lengths: dict[str, int] = {}


def _fold_length(char: str) -> int:
    length = _fold_lengths.get(char)
    if length is None:
        length = _fold_lengths[char] = len(fold(char))
    return length


def origins(text: str) -> list[int] | None:
    """For each character of `fold(text)`, the offset in `text` it comes from, then `len(text)`;
    None when folding kept every character in place (the usual case)."""
    resized = [(m.start(), _fold_length(m.group())) for m in _NON_ASCII.finditer(text)]
    resized = [(offset, length) for offset, length in resized if length != 1]
    if not resized:
        return None
    out: list[int] = []
    done = 0
    for offset, length in resized:
        out.extend(range(done, offset))
        out.extend([offset] * length)
        done = offset + 1
    out.extend(range(done, len(text) + 1))
    return out


# --- tokens --------------------------------------------------------------------------------------

_LETTER = r"[^\W\d_]"
_ASCII_SEPARATORS = bytes.maketrans(
    bytes(range(128)), bytes(b if chr(b).isalnum() and not chr(b).isupper() else 32 for b in range(128))
)
_NON_ASCII_SEPARATOR = re.compile(r"[^\w\x00-\x7f]")
_PLAIN_TOKEN = re.compile(r"[^\W_]+")
_OBFUSCATED_TOKEN = re.compile(
    rf"(?<![^\W_])(?:{_LETTER}[.\-_]){{2,}}{_LETTER}(?![^\W_])|(?:[^\W_]|[@$*])+"
)
_DOTS = re.compile(r"[.\-_]")
_STRETCHED = re.compile(rf"({_LETTER})\1{{2,}}")
_LETTERS = re.compile(_LETTER)
_LEET = str.maketrans("013457@$", "oieastas")
_LEET_CHARS = re.compile(r"[013457@$]")
_SYMBOLS = re.compile(r"[@$*]")


def _obfuscation_hints() -> ahocorasick.Automaton:
    """Letter pairs that mean a post may be obfuscated (sh1t, k*rwa, fuuuck, f.u.c.k): one fast scan."""
    letters = "abcdefghijklmnopqrstuvwxyz"
    hints = {a * 3 for a in letters}
    hints |= {a + s for a in letters for s in "0123457@$*"} | {s + a for a in letters for s in "0123457$*"}
    hints |= {a + s + b + s for a in letters for b in letters for s in ".-_"}
    automaton = ahocorasick.Automaton()
    for hint in hints:
        automaton.add_word(hint, hint)
    automaton.make_automaton()
    return automaton


_HINTS = _obfuscation_hints()


def separate(folded: str) -> str:
    """Folded text with every character that is not part of a word turned into a space."""
    spaced = folded.encode().translate(_ASCII_SEPARATORS).decode()
    return spaced if spaced.isascii() else _NON_ASCII_SEPARATOR.sub(" ", spaced)


class Token(NamedTuple):
    """A word of the post as the matcher compares it, and where it is in the original text."""

    word: str
    start: int
    end: int


def _deobfuscate(word: str) -> tuple[str, int, int]:
    """The word behind `sh1t`, `$hit`, `f.u.c.k`, and how many characters were cut off each end."""
    if _DOTS.search(word):  # a dotted run: f.u.c.k
        word = _DOTS.sub("", word)
    stripped = word.lstrip("@*")  # a leading @ is a mention, not an "a"
    cut_left = len(word) - len(stripped)
    word = stripped.rstrip("*")
    cut_right = len(stripped) - len(word)
    letters = len(_LETTERS.findall(word))
    if letters >= 2 and letters >= len(_LEET_CHARS.findall(word)):  # "sh1t" but not a model number "A55"
        word = word.translate(_LEET)
    elif not letters:
        word = _SYMBOLS.sub("", word)
    return word, cut_left, cut_right


def tokens(text: str, obfuscation: bool = False) -> list[Token]:
    """The folded words of `text` with their original spans (the matcher's careful path)."""
    folded = fold(text)
    where = origins(text)
    stretched = obfuscation and _STRETCHED.search(folded) is not None
    found: list[Token] = []
    for m in (_OBFUSCATED_TOKEN if obfuscation else _PLAIN_TOKEN).finditer(folded):
        word, start, end = m.group(), m.start(), m.end()
        if obfuscation and not word.isalpha():
            word, cut_left, cut_right = _deobfuscate(word)
            start, end = start + cut_left, end - cut_right
        if stretched:  # fuuuck -> fuck
            word = _STRETCHED.sub(r"\1", word)
        if word:
            found.append(Token(word, where[start], where[end]) if where else Token(word, start, end))
    return found


def is_wildcard(word: str) -> bool:
    """A word with `*` for some letters, fewer hidden than shown (`k*rwa`); `k***a` counts as masked."""
    stars = word.count("*")
    return 0 < stars < len(word) - stars


class Folded:
    """A post as the matcher scans it, and the way back to original offsets.

    `text` is the folded post with every separator turned into a space, plus a space at each end (so a
    position in it is one more than in the folded post). Obfuscated words are rewritten in place
    (`sh1t` -> `shit`); a word that got shorter (`f.u.c.k` -> `fuck`) keeps its original end in `ends`.
    `wildcards` are the words with `*` for hidden letters, with their positions.
    """

    def __init__(self, source: str, text: str, ends: dict[int, int] | None = None, wildcards=()) -> None:
        self.source = source
        self.text = text
        self.ends = ends or {}
        self.wildcards: tuple[tuple[int, int, str], ...] = tuple(wildcards)

    def original_start(self, pos: int) -> int:
        return self._original(pos - 1)

    def original_end(self, pos: int) -> int:
        return self._original(self.ends.get(pos, pos - 1))

    @cached_property
    def _origins(self) -> list[int] | None:
        return origins(self.source)

    def _original(self, index: int) -> int:
        where = self._origins
        return index if where is None else where[index]


@lru_cache(maxsize=64)
def normalize(text: str, obfuscation: bool = False) -> Folded:
    """Fold `text` for scanning (shared by every matcher that checks the same post)."""
    folded = fold(text)
    spaced = separate(folded)
    hints = sorted({end for end, _ in _HINTS.iter(folded)}) if obfuscation else []
    if not hints:
        return Folded(text, " " + spaced + " ")
    pieces, done, ends, wildcards = [" "], 0, {}, []
    for m in _OBFUSCATED_TOKEN.finditer(folded):
        first_hint = bisect_left(hints, m.start())
        if first_hint == len(hints) or hints[first_hint] >= m.end():
            continue  # an ordinary word, already right in `spaced`
        word, cut_left, cut_right = _deobfuscate(m.group())
        word = _STRETCHED.sub(r"\1", word)
        start, end = m.start() + cut_left, m.end() - cut_right
        pieces += [spaced[done:start], word, " " * (end - start - len(word))]
        done = end
        if len(word) < end - start:
            ends[start + 1 + len(word)] = end
        if is_wildcard(word):
            wildcards.append((start + 1, start + 1 + len(word), word))
    pieces += [spaced[done:], " "]
    return Folded(text, "".join(pieces), ends, wildcards)


# --- inflection ----------------------------------------------------------------------------------

ANY_ENDING = None  # a stem written with `*`: any rest of the word
EXACT = frozenset({""})
_ENGLISH = {"s", "es", "ed", "ing"}
_CASE = {"a", "u", "e", "y", "i", "o", "em", "om", "ow", "ach", "ami", "owi", "owie", "ie", "iem", "ia", "iu", "ii"}
_ADJECTIVE = {"ego", "emu", "ej", "ym", "ych", "ymi", "im", "ich", "imi"}
_FULL_WORD_ENDINGS = frozenset({""} | _ENGLISH | _CASE | _ADJECTIVE)
_HARD_CONSONANTS = "kgtdrh"  # these soften before -ie/-e (handled by _ALTERNATIONS), so no plain -ie
_STRIPPED_VOWEL_ENDINGS = {  # the nominative vowel replaced by a case ending: kurwa -> kurw|y
    "a": frozenset({"", "a", "y", "i", "e", "o", "om", "ami", "ach", "ej", "ie"}),
    "o": frozenset({"", "a", "u", "e", "em", "om", "ami", "ach", "ie"}),
    "e": frozenset({"", "a", "u", "em", "om", "ami", "ach"}),
    "y": frozenset({"", "a", "e", "i", "ach", "ami", "om"} | _ADJECTIVE),
}
_SOFT_ADJECTIVE_ENDINGS = frozenset({"m", "ch", "mi", "ej"})  # polski -> polskim, polskich, polskimi, polskiej
_K_G_ADJECTIVE_ENDINGS = frozenset({"a", "ie", "iego", "iemu", "im", "iej", "ich", "imi"})  # polsk|a (and |ą)
_FLEETING_E = ("ek", "ec", "el")  # Marek -> Marka, koniec -> konca, orzeł -> orła
_FLEETING_ENDINGS = frozenset({"a", "u", "i", "e", "iem", "em", "owi", "owie", "ow", "ach", "ami", "om"})
_ALTERNATIONS = (  # Polish softening before -e/-ie/-i: projekt -> projekcie, Polska -> Polsce
    ("st", "sc"), ("zd", "zdz"), ("ch", "sz"), ("t", "c"), ("d", "dz"), ("r", "rz"), ("k", "c"), ("g", "dz"),
)
_SOFTENED_ENDINGS = frozenset({"ie", "i", "e", "y"})
_SHORT_STEM_ENDINGS = frozenset({"y", "i", "ie", "om", "ami", "ach"})  # rata -> raty, but not rate, race
_MIN_INFLECTED_WORD = 4
_MIN_STEM = 3
_SHORT_STEM = 3  # such stems take only _SHORT_STEM_ENDINGS: "Hera" must not match "here"
_MAX_ENDING = max(len(e) for e in _FULL_WORD_ENDINGS)

Variant = tuple[str, "frozenset[str] | None"]  # a stem and the word endings it accepts (None: any)


def inflection_variants(word: str) -> tuple[Variant, ...]:
    """Stems of a folded word with the endings each accepts, covering its EN and PL inflected forms."""
    if len(word) < _MIN_INFLECTED_WORD or not word.isalpha():
        return ((word, EXACT),)
    full_endings = _FULL_WORD_ENDINGS if word[-1] not in _HARD_CONSONANTS else _FULL_WORD_ENDINGS - {"ie"}
    variants: list[Variant] = [(word, full_endings)]
    base = word
    if word[-1] in _STRIPPED_VOWEL_ENDINGS:
        base = word[:-1]
        endings = _STRIPPED_VOWEL_ENDINGS[word[-1]]
        if len(base) == _SHORT_STEM:
            endings &= _SHORT_STEM_ENDINGS
        elif word[-1] == "a" and base[-1] in "kg":  # Polska Grupa -> Polskiej Grupy
            endings |= {"iej"}
        variants.append((base, endings - {"ie"} if base[-1] in _HARD_CONSONANTS else endings))
    elif word.endswith(_FLEETING_E) and len(word) > _MIN_INFLECTED_WORD:
        variants.append((word[:-2] + word[-1], _FLEETING_ENDINGS))
    elif word[-1] == "i" and len(word) > _MIN_INFLECTED_WORD:  # an adjective: Śląski -> Śląskim, Śląską
        variants.append((word, _SOFT_ADJECTIVE_ENDINGS))
        if word[-2] in "kg":
            variants.append((word[:-1], _K_G_ADJECTIVE_ENDINGS))
    for hard, soft in _ALTERNATIONS:
        if base.endswith(hard) and len(base) >= _MIN_STEM:
            softened = _SOFTENED_ENDINGS if len(base) > _SHORT_STEM else frozenset({"ie"})
            variants.append((base[: -len(hard)] + soft, softened))
            break
    return tuple(variants)


# --- phrases -------------------------------------------------------------------------------------

_FUZZY_MIN_STEM = 5
_NEXT_WORD = re.compile(r"\S+")


def _typo_of(stem: str, endings: frozenset[str] | None, word: str) -> bool:
    """`word` is `stem` plus one of `endings`, with one letter (not the first) wrong, missing, extra or
    swapped. Stems shorter than five letters take no typos: too many real words are that close."""
    if len(stem) < _FUZZY_MIN_STEM or endings is None or word[:1] != stem[:1]:
        return False
    for cut in range(min(_MAX_ENDING, len(word)) + 1):
        head, tail = word[: len(word) - cut], word[len(word) - cut :]
        if tail in endings and abs(len(head) - len(stem)) <= 1:
            if DamerauLevenshtein.distance(head, stem, score_cutoff=1) <= 1:
                return True
    return False


def _near_forms(word: str) -> set[str]:
    """`word` and its one-letter deletions after the first letter: two words one typo apart share one."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(1, len(word))}


@dataclass(frozen=True)
class PhraseWord:
    """One word of a phrase: the stems it may be written with, each with the endings it accepts."""

    word: str
    variants: tuple[Variant, ...]

    @property
    def is_exact(self) -> bool:
        return self.variants == ((self.word, EXACT),)

    def accepts(self, word: str) -> bool:
        return any(
            word.startswith(stem) and (endings is None or word[len(stem) :] in endings)
            for stem, endings in self.variants
        )

    def accepts_with_typo(self, word: str) -> bool:
        return any(_typo_of(stem, endings, word) for stem, endings in self.variants)


@dataclass(frozen=True)
class Phrase:
    index: int
    text: str
    words: tuple[PhraseWord, ...]
    fuzzy: bool


@dataclass
class _Node:
    """A word trie: after the words on the way here, which words may follow and which phrases end."""

    exact: dict[str, "_Node"] = field(default_factory=dict)
    loose: dict[PhraseWord, "_Node"] = field(default_factory=dict)
    phrases: list[Phrase] = field(default_factory=list)
    fuzzy: bool = False  # some phrase through here tolerates typos

    def child(self, word: PhraseWord) -> "_Node":
        if word.is_exact:
            return self.exact.setdefault(word.word, _Node())
        return self.loose.setdefault(word, _Node())

    def children(self) -> Iterable[tuple[PhraseWord, "_Node"]]:
        yield from ((PhraseWord(w, ((w, EXACT),)), node) for w, node in self.exact.items())
        yield from self.loose.items()


@dataclass(frozen=True)
class Match:
    """A phrase found in a text: its original span, which phrase, and how loosely it matched."""

    start: int
    end: int
    index: int
    phrase: str
    typos: int = 0
    wildcard: bool = False


class PhraseMatcher:
    """Finds many phrases at once, whole words only, in one folding pass and one automaton scan.

    The automaton holds the stems of first words; the words after them are followed in a word trie.
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
        self._root = _Node()
        for phrase in self.phrases:
            node = self._root
            for word in phrase.words:
                node = node.child(word)
                node.fuzzy |= phrase.fuzzy
            node.phrases.append(phrase)
        self._automaton = self._build_automaton()
        self._fuzzy_index = self._build_fuzzy_index() if max_typos else {}
        self._fuzzy_openings = {key[:2] for key in self._fuzzy_index}
        self._wildcard_lines = self._build_wildcard_lines() if obfuscation else {}

    # building

    def _parse(self, index: int, text: str) -> Phrase | None:
        body = text.strip()
        exact = body.startswith("=")
        words: list[PhraseWord] = []
        for chunk in body.removeprefix("=").split():
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
        entries: dict[str, list[tuple[frozenset[str] | None, _Node]]] = {}
        for word, node in self._root.children():
            for stem, endings in word.variants:
                entries.setdefault(" " + stem, []).append((endings, node))
        if not entries:
            return None
        automaton = ahocorasick.Automaton()
        for key, value in entries.items():
            automaton.add_word(key, (len(key), tuple(value)))
        automaton.make_automaton()
        return automaton

    def _build_fuzzy_index(self) -> dict[str, list[tuple[PhraseWord, _Node]]]:
        """Every form of every first word that tolerates typos, by its near forms (see `_near_forms`)."""
        index: dict[str, list[tuple[PhraseWord, _Node]]] = {}
        for word, node in self._root.children():
            if node.fuzzy:
                for stem, endings in word.variants:
                    if endings is not None and len(stem) >= _FUZZY_MIN_STEM:
                        for key in {k for ending in endings for k in _near_forms(stem + ending)}:
                            index.setdefault(key, []).append((word, node))
        return index

    def _build_wildcard_lines(self) -> dict[tuple[str, int], tuple[str, dict[str, list[_Node]]]]:
        """First words by kind ("exact"/"stem") and length, as newline-joined text to search with `*`."""
        groups: dict[tuple[str, int], dict[str, list[_Node]]] = {}
        for word, node in self._root.children():
            for stem, endings in word.variants:
                kind = "stem" if endings is None else "exact" if endings == EXACT else None
                if kind:
                    groups.setdefault((kind, len(stem)), {}).setdefault(stem, []).append(node)
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
            for endings, node in entries:
                if endings is None or rest in endings:
                    yield from self._follow(node, folded, word_start, word_end, 0, False)
        if self._fuzzy_index:
            yield from self._scan_typos(folded)
        for start, end, word in folded.wildcards:
            for node in self._wildcard_nodes(word):
                yield from self._follow(node, folded, start, end, 0, True)

    def _follow(self, node: _Node, folded: Folded, start: int, end: int, typos: int, wildcard: bool) -> Iterable[Match]:
        """Phrases that end at `node` (reached with words [start, end)), then those that go on from it."""
        for phrase in node.phrases:
            if not typos or phrase.fuzzy:
                yield Match(
                    folded.original_start(start), folded.original_end(end), phrase.index, phrase.text, typos, wildcard
                )
        if not node.exact and not node.loose:
            return
        found = _NEXT_WORD.search(folded.text, end)
        if found is None:
            return
        word = found.group()
        if word in node.exact:
            yield from self._follow(node.exact[word], folded, start, found.end(), typos, wildcard)
        for phrase_word, child in node.loose.items():
            if phrase_word.accepts(word):
                yield from self._follow(child, folded, start, found.end(), typos, wildcard)
        if typos < self.max_typos and node.fuzzy:
            for phrase_word, child in node.children():
                if child.fuzzy and not phrase_word.accepts(word) and phrase_word.accepts_with_typo(word):
                    yield from self._follow(child, folded, start, found.end(), typos + 1, wildcard)

    def _scan_typos(self, folded: Folded) -> Iterable[Match]:
        """Phrases whose first word is misspelt (the automaton finds only correct ones)."""
        for found in _NEXT_WORD.finditer(folded.text):
            word = found.group()
            if len(word) < _FUZZY_MIN_STEM or not (
                word[:2] in self._fuzzy_openings or word[0] + word[2] in self._fuzzy_openings
            ):
                continue  # no near form of the word opens like any indexed form
            candidates = {
                id(node): (phrase_word, node)
                for key in _near_forms(word)
                for phrase_word, node in self._fuzzy_index.get(key, ())
            }
            for phrase_word, node in candidates.values():
                if not phrase_word.accepts(word) and phrase_word.accepts_with_typo(word):
                    yield from self._follow(node, folded, found.start(), found.end(), 1, False)

    def _wildcard_nodes(self, word: str) -> list[_Node]:
        """Trie nodes after a first word that `word` (with `*` for hidden letters) may stand for."""
        found: list[_Node] = []
        lookups = [("exact", len(word), word)] + [("stem", n, word[:n]) for n in range(1, len(word) + 1)]
        for kind, length, shown in lookups:
            group = self._wildcard_lines.get((kind, length))
            if group is not None:
                lines, stems = group
                pattern = re.compile("^" + re.escape(shown).replace(r"\*", "[^\n]") + "$", re.MULTILINE)
                found += [node for m in pattern.finditer(lines) for node in stems[m.group()]]
        return found


def longest_first(matches: Iterable[Match]) -> list[Match]:
    """Keep the leftmost, then longest, then closest of overlapping matches."""
    kept: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end, m.typos, m.wildcard, m.index)):
        if not kept or match.start >= kept[-1].end:
            kept.append(match)
    return kept
