"""Loading a policy file: YAML with line numbers, packs merged in, one clear error on bad input.

`load_policy(path)` returns a validated `Policy`; `load_policy(None)` returns the built-in default.
Every user error becomes a `PolicyError` whose message names the file, the line and the field, e.g.
`policy.yaml:12: rules[3].severity: must be one of info, warn, review, block`.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from ..detectors import registry
from ..yamlfile import YamlError, compose_yaml, read_text
from .schema import Policy

PACKS = resources.files("socialguard.policy") / "packs"
DEFAULT_POLICY = resources.files("socialguard.policy") / "default.yaml"
MERGED_SECTIONS = ("clauses", "rules")


class PolicyError(ValueError):
    """A policy file that cannot be used, with a message meant for the person who wrote it."""


@dataclass
class _Document:
    """A parsed YAML file and where each of its values sits (path tuple -> line, 1-based)."""

    name: str
    data: dict[str, Any]
    lines: dict[tuple, int]

    def line_of(self, path: tuple) -> int | None:
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return None

    def where(self, path: tuple) -> str:
        line = self.line_of(path)
        return f"{self.name}:{line}" if line else self.name


def available_packs() -> list[str]:
    return sorted(p.name.removesuffix(".yaml") for p in PACKS.iterdir() if p.name.endswith(".yaml"))


def load_policy(path: str | Path | None = None) -> Policy:
    """Load, merge packs into and validate a policy file (or the built-in default)."""
    text, name = _text(DEFAULT_POLICY, "<built-in default policy>") if path is None else _text(Path(path), str(path))
    return parse_policy(text, name)


def parse_policy(text: str, name: str = "<policy>") -> Policy:
    """Validate a policy given as YAML text (the web app's editor uses this)."""
    policy = _build(_parse(text, name))
    policy._source = name
    return policy


def _text(path: Any, name: str) -> tuple[str, str]:
    try:
        return read_text(path, name, "a policy file"), name
    except YamlError as exc:
        raise PolicyError(str(exc)) from None


def _parse(text: str, name: str) -> _Document:
    try:
        data, node = compose_yaml(text, name)
    except YamlError as exc:
        raise PolicyError(str(exc)) from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise PolicyError(f"{name}:1: a policy must be a mapping of sections (organisation, rules, ...)")
    lines: dict[tuple, int] = {}
    if node is not None:
        _index_lines(node, (), lines)
    return _Document(name, data, lines)


def _index_lines(node: yaml.Node, path: tuple, lines: dict[tuple, int]) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            lines[child] = key.start_mark.line + 1
            _index_lines(value, child, lines)
            lines[child] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _index_lines(value, path + (i,), lines)


def _build(document: _Document) -> Policy:
    data = dict(document.data)
    overrides = data.pop("overrides", {}) or {}
    origins: dict[str, list[tuple[_Document, tuple]]] = {s: [] for s in MERGED_SECTIONS}
    merged: dict[str, list[dict]] = {s: [] for s in MERGED_SECTIONS}
    packs = data.get("packs") or []
    if not isinstance(packs, list):
        raise PolicyError(f"{document.where(('packs',))}: packs: must be a list of pack names")
    for i, pack in enumerate(packs):
        _merge(_pack(pack, document, i), merged, origins)
    _merge(document, merged, origins)
    _apply_overrides(overrides, merged, origins, document)
    data.update(merged)
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        raise PolicyError(_explain(exc, document, origins)) from None
    _check_detectors(policy, origins)
    return policy


def _check_detectors(policy: Policy, origins: dict) -> None:
    """Every rule names a known detector and gives it params it accepts (kept, validated, on the rule)."""
    detectors = registry()
    for i, rule in enumerate(policy.rules):
        source, path = origins["rules"][i]
        if rule.detector not in detectors:
            raise PolicyError(
                f"{source.where(path + ('detector',))}: {_dotted(path + ('detector',))}: unknown detector "
                f"{rule.detector!r}; known: {', '.join(sorted(detectors))}"
            )
        try:
            rule._checked_params = detectors[rule.detector].Params.model_validate(rule.params)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = path + ("params", *error["loc"])
            raise PolicyError(f"{source.where(where)}: {_dotted(where)}: {_describe(error)}") from None


def _pack(name: Any, document: _Document, index: int) -> _Document:
    if name not in available_packs():
        raise PolicyError(
            f"{document.where(('packs', index))}: packs[{index}]: unknown pack {name!r}; "
            f"available: {', '.join(available_packs())}"
        )
    pack = _parse(*_text(PACKS / f"{name}.yaml", f"pack {name}"))
    unknown = set(pack.data) - set(MERGED_SECTIONS)
    if unknown:
        raise PolicyError(f"pack {name}: unexpected sections {sorted(unknown)}")
    return pack


def _merge(source: _Document, merged: dict, origins: dict) -> None:
    """Add a document's clauses and rules; one with the id of an earlier document's replaces it."""
    for section in MERGED_SECTIONS:
        items = source.data.get(section) or []
        if not isinstance(items, list):
            raise PolicyError(f"{source.where((section,))}: {section}: must be a list")
        own_ids: set = set()
        for i, item in enumerate(items):
            item_id = item.get("id") if isinstance(item, dict) else None
            if item_id is not None and item_id in own_ids:
                where = (section, i, "id")
                raise PolicyError(f"{source.where(where)}: {_dotted(where)}: duplicate id {item_id!r}")
            own_ids.add(item_id)
            existing = next((k for k, old in enumerate(merged[section])
                             if isinstance(old, dict) and old.get("id") == item_id), None)
            if item_id is not None and existing is not None:
                merged[section][existing] = item
                origins[section][existing] = (source, (section, i))
            else:
                merged[section].append(item)
                origins[section].append((source, (section, i)))


def _apply_overrides(overrides: Any, merged: dict, origins: dict, document: _Document) -> None:
    """`overrides: {rule-id: {severity: warn, enabled: false, ...}}` tunes pack rules without copying them.

    An overridden rule's errors point at its override, where the user can fix them.
    """
    if not isinstance(overrides, dict):
        raise PolicyError(f"{document.where(('overrides',))}: overrides: must map rule ids to changes")
    for rule_id, change in overrides.items():
        where = document.where(("overrides", rule_id))
        index = next((k for k, r in enumerate(merged["rules"]) if isinstance(r, dict) and r.get("id") == rule_id), None)
        if index is None:
            raise PolicyError(f"{where}: overrides.{rule_id}: no such rule")
        if not isinstance(change, dict):
            raise PolicyError(f"{where}: overrides.{rule_id}: must be a mapping")
        merged["rules"][index] = {**merged["rules"][index], **change}
        origins["rules"][index] = (document, ("overrides", rule_id))


def _explain(exc: ValidationError, document: _Document, origins: dict) -> str:
    error = exc.errors()[0]
    loc = tuple(error["loc"])
    source, path = document, loc
    if loc and loc[0] in origins and len(loc) > 1 and isinstance(loc[1], int) and loc[1] < len(origins[loc[0]]):
        source, origin = origins[loc[0]][loc[1]]
        path = origin + loc[2:]
    message = _describe(error)
    if not loc:  # a whole-policy check such as an unknown clause: its message carries the field
        field, _, message = message.partition(": ")
        return f"{document.name}: {field}: {message}" if message else f"{document.name}: {field}"
    return f"{source.where(path)}: {_dotted(path)}: {message}"


def _describe(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx") or {}
    if kind in ("enum", "literal_error"):
        expected = ctx.get("expected", "").replace("'", "").replace(" or ", ", ")
        return f"must be one of {expected}"
    if kind == "extra_forbidden":
        return "unknown field"
    if kind == "missing":
        return "is required"
    return error["msg"].removeprefix("Value error, ")


def _dotted(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
