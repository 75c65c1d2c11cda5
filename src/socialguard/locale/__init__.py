"""Messages of findings and fixes, per language, as data (`<lang>/<topic>.yaml`: key -> template).

Adding a language is adding a folder here; the engine needs no change. Templates use `{name}` fields
from the detector's hit; a missing translation falls back to English, a missing key to the key itself.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Formatter

from ..yamlfile import load_yaml

FALLBACK = "en"


@cache
def catalogue(lang: str) -> dict[str, str]:
    folder = resources.files(__name__) / lang
    merged: dict[str, str] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir(), key=lambda p: p.name):
            if path.name.endswith(".yaml"):
                merged.update(load_yaml(path.read_text(encoding="utf-8"), path.name) or {})
    return merged


class _Lenient(Formatter):
    def get_value(self, key, args, kwargs):  # type: ignore[override]
        return kwargs.get(key, "{" + str(key) + "}")


def message(key: str, lang: str, **args: object) -> str:
    """The message `key` in `lang`, filled with `args`."""
    template = catalogue(lang).get(key) or catalogue(FALLBACK).get(key) or key
    return _Lenient().format(template, **args)
