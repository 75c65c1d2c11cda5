"""The registry of detector kinds, by stable id.

Adding a kind of check = one module in this package that defines a `Detector` subclass (found
automatically), plus its tests and its entry in `docs/detectors.md`. Rules (data) name these ids.
"""

from __future__ import annotations

from importlib import import_module
from pkgutil import iter_modules

from .base import Context, Detector, Hit


_registry: dict[str, type[Detector]] | None = None


def registry() -> dict[str, type[Detector]]:
    """Every detector class by id, imported on first use."""
    global _registry
    if _registry is None:
        found: dict[str, type[Detector]] = {}
        for info in iter_modules(__path__):
            if info.name == "base" or info.name.startswith("_"):
                continue
            module = import_module(f"{__name__}.{info.name}")
            for value in vars(module).values():
                if isinstance(value, type) and issubclass(value, Detector) and value.__module__ == module.__name__:
                    found[value.id] = value
        _registry = found
    return _registry


__all__ = ["Context", "Detector", "Hit", "registry"]
