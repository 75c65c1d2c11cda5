"""The word lists of the lexicon detectors, as data: `illegal_<lang>.yaml`, `phishing_<lang>.yaml` and
`profanity_<lang>.txt` in this folder, and the reader of the profanity lists, which both the
`conduct.profanity` detector and the offensive-language classifier use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

LEXICONS = resources.files(__package__)
NAME_TAG = "@name"


@dataclass(frozen=True)
class LexiconEntry:
    term: str
    label: str
    is_name: bool = False


def available_languages() -> list[str]:
    """The languages that have a profanity list."""
    names = (p.name for p in LEXICONS.iterdir())
    return sorted(n.removeprefix("profanity_").removesuffix(".txt") for n in names if n.startswith("profanity_"))


@cache
def load_lexicon(lang: str) -> tuple[LexiconEntry, ...]:
    """The entries of `profanity_<lang>.txt` (see its header for the format)."""
    entries: list[LexiconEntry] = []
    label = "profanity"
    for line in (LEXICONS / f"profanity_{lang}.txt").read_text(encoding="utf-8").splitlines():
        line = line.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            label = line[1:-1]
            continue
        is_name = line.endswith(NAME_TAG)
        entries.append(LexiconEntry(line.removesuffix(NAME_TAG).strip(), label, is_name))
    return tuple(entries)
