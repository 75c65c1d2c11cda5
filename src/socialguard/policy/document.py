"""The policy document as data: a `Policy` resolved into one language, ready for a renderer.

`build_document(policy, lang)` returns sections of numbered clauses. Each clause carries its text (with
`{{ placeholder }}` fields filled from the policy), the tables that come from policy data (spokespeople,
brand accounts, teams and escalation, saved replies, security requirements, signature lines) and the
rules that enforce it ("checked automatically: ..."). Headings and labels come from the locale
catalogue (`locale/<lang>/document.yaml`), so a new language is data. No I/O, no rendering here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Literal

from ..locale import catalogue, message
from .loader import PolicyError
from .schema import Policy, Rule, localized

BlockKind = Literal["paragraph", "bullets", "numbered", "quote", "table", "signature"]
_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}(\.?)")  # with a full stop after it, if any
_NUMBERED_ITEM = re.compile(r"^\d+\.\s+")
ESCALATION_LEVELS = (
    ("level1", ("social_engagement", "customer_service")),
    ("level2", ("message_approval", "pr", "compliance", "legal")),
    ("level3", ("crisis_response", "security")),
)


class DocumentError(PolicyError):
    """A policy that cannot be rendered as a document (e.g. an unknown placeholder in a clause text)."""


@dataclass(frozen=True)
class Block:
    """One piece of a clause body: a paragraph, a list, a quote, a table or signature lines."""

    kind: BlockKind
    text: str = ""
    items: tuple[str, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Check:
    """A rule that enforces a clause, described for readers."""

    rule: str
    label: str
    effect: str


def clause_anchor(number: str) -> str:
    """The id of clause `number` ("4.1") in the rendered document: "clause-4-1"."""
    return "clause-" + number.replace(".", "-")


@dataclass(frozen=True)
class DocClause:
    id: str
    number: str
    title: str
    depth: int  # 1 for "4.1", 2 for "8.4.1"
    blocks: tuple[Block, ...]
    checks: tuple[Check, ...]

    @property
    def anchor(self) -> str:
        return clause_anchor(self.number)


@dataclass(frozen=True)
class DocSection:
    key: str
    number: str
    title: str
    clauses: tuple[DocClause, ...]

    @property
    def anchor(self) -> str:
        return f"section-{self.number}"


@dataclass(frozen=True)
class Document:
    """A whole policy document in one language."""

    lang: str
    title: str
    organisation: str
    version: str
    effective: str
    sections: tuple[DocSection, ...]
    colophon: tuple[tuple[str, str], ...]
    labels: dict[str, str] = field(default_factory=dict)


def document_languages() -> list[str]:
    """Languages the document can be rendered in: those with a `document.yaml` in the locale folder."""
    root = resources.files("socialguard.locale")
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "document.yaml").is_file())


def build_document(policy: Policy, lang: str) -> Document:
    """The document of `policy` in `lang`, with every placeholder filled and every table built."""
    if lang not in document_languages():
        raise DocumentError(f"unknown document language {lang!r}; available: {', '.join(document_languages())}")
    text = _Strings(lang)
    variables = _variables(policy, text)
    sections: dict[str, list[DocClause]] = {}
    for clause in sorted(policy.clauses, key=lambda c: number_key(c.number)):
        body = _fill(localized(clause.text, lang), variables, policy, f"clauses.{clause.id}.text")
        blocks = (*parse_blocks(body), *DATA_BLOCKS.get(clause.id, _no_blocks)(policy, text))
        checks = tuple(_check(rule, text) for rule in policy.rules if rule.clause == clause.id and rule.enabled)
        doc_clause = DocClause(
            clause.id, clause.number, localized(clause.title, lang), clause.number.count("."), blocks, checks
        )
        sections.setdefault(_section_key(clause.section, clause.number), []).append(doc_clause)
    return Document(
        lang=lang,
        title=text("title"),
        organisation=policy.organisation.name,
        version=policy.version,
        effective=format_date(policy.effective, text),
        sections=tuple(
            DocSection(key, clauses[0].number.split(".")[0], _section_title(key, text), tuple(clauses))
            for key, clauses in sections.items()
        ),
        colophon=_colophon(policy, text),
        labels={key: text(key) for key in _LABELS},
    )


def number_key(number: str) -> tuple:
    """Sort key of a clause number: "8.10" after "8.9", "10.1" after "9.4"."""
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in number.split("."))


def parse_blocks(body: str) -> list[Block]:
    """Paragraphs separated by blank lines; "- " lines make a list, "1. " a numbered list, "> " a quote."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        lines = [line.strip() for line in chunk.strip().splitlines() if line.strip()]
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            blocks.append(Block("bullets", items=tuple(line[2:].strip() for line in lines)))
        elif all(_NUMBERED_ITEM.match(line) for line in lines):
            blocks.append(Block("numbered", items=tuple(_NUMBERED_ITEM.sub("", line) for line in lines)))
        elif all(line.startswith(">") for line in lines):
            blocks.append(Block("quote", text=" ".join(line.lstrip("> ").strip() for line in lines)))
        else:
            blocks.append(Block("paragraph", text=" ".join(lines)))
    return blocks


def format_date(day: dt.date | None, text: "_Strings") -> str:
    if day is None:
        return text("not_set")
    return text("date", day=day.day, month=text(f"month.{day.month}"), year=day.year)


class _Strings:
    """The document's strings in one language: `text("title")` is `document.title`."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._catalogue = catalogue(lang)

    def __call__(self, key: str, **args: object) -> str:
        return message(f"document.{key}", self.lang, **args)

    def has(self, key: str) -> bool:
        return f"document.{key}" in self._catalogue


_LABELS = (
    "title", "internal", "contents", "version", "effective", "checked_automatically", "rule",
    "section.colophon", "colophon.text",
)


# --- placeholders -----------------------------------------------------------------------------------


def _variables(policy: Policy, text: _Strings) -> dict[str, str]:
    security = policy.security
    disclaimer = localized(policy.personal_accounts.disclaimer, text.lang) or text("value.default_disclaimer")
    security_teams = [t for t in policy.teams if t.kind == "security"]
    contacts = [c for t in security_teams for c in t.contacts]
    hours = security.report_within_hours
    return {
        "organisation": policy.organisation.name,
        "version": policy.version,
        "disclaimer": disclaimer,
        "disclosure_tags": ", ".join(policy.personal_accounts.disclosure_tags) or text("none"),
        "min_password_length": str(security.min_password_length),
        "min_password_score": str(security.min_password_score),
        "update_days": str(security.update_days),
        "rotation": _rotation(policy, text),
        "brand_2fa": text("value.required" if security.require_2fa else "value.recommended"),
        "personal_2fa": text("value.required" if security.require_2fa_personal else "value.strongly_recommended"),
        "sms_2fa": text("value.sms_allowed" if security.sms_2fa_allowed else "value.sms_not_allowed"),
        "report_within": text("value.hours_one" if hours == 1 else "value.hours_many", count=hours),
        "security_contact": text("value.security_contact") + (f" ({', '.join(contacts)})" if contacts else ""),
    }


def _rotation(policy: Policy, text: _Strings) -> str:
    days = policy.security.rotation_days
    return text("value.rotation_days", count=days) if days else text("value.rotation_on_leave")


def _fill(template: str, variables: dict[str, str], policy: Policy, where: str) -> str:
    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in variables:
            raise DocumentError(
                f"{policy.source}: {where}: unknown placeholder {{{{ {name} }}}}; "
                f"known: {', '.join(sorted(variables))}"
            )
        value, stop = variables[name], match.group(2)
        return value if value.endswith(".") else value + stop  # "Acme S.A." ends a sentence once

    return _PLACEHOLDER.sub(replace, template)


# --- sections and rules -----------------------------------------------------------------------------


def _section_key(section: str | None, number: str) -> str:
    return section or f"other-{number.split('.')[0]}"


def _section_title(key: str, text: _Strings) -> str:
    return text(f"section.{key}") if text.has(f"section.{key}") else text("section.other")


def _check(rule: Rule, text: _Strings) -> Check:
    if rule.description:
        label = localized(rule.description, text.lang)
    else:
        label = text(f"detector.{rule.detector}") if text.has(f"detector.{rule.detector}") else rule.detector
        entities = rule.params.get("entities") if isinstance(rule.params.get("entities"), list) else []
        if entities:
            names = [text(f"entity.{e}") if text.has(f"entity.{e}") else str(e) for e in entities]
            label = f"{label}: {', '.join(names)}"
    return Check(rule=rule.id, label=label, effect=text(f"severity.{rule.severity.value}"))


def _colophon(policy: Policy, text: _Strings) -> tuple[tuple[str, str], ...]:
    packs = [text(f"pack.{p}") if text.has(f"pack.{p}") else p for p in policy.packs]
    return (
        (text("version"), policy.version),
        (text("effective"), format_date(policy.effective, text)),
        (text("colophon.packs"), ", ".join(packs) or text("none")),
        (text("colophon.languages"), ", ".join(policy.organisation.languages)),
        (text("colophon.rules"), str(sum(rule.enabled for rule in policy.rules))),
        (text("colophon.source"), policy.source),
    )


# --- tables built from policy data, attached to the clauses of the general pack ---------------------


def _no_blocks(policy: Policy, text: _Strings) -> list[Block]:
    return []


def _table(text: _Strings, prefix: str, columns: tuple[str, ...], rows: list[tuple[str, ...]]) -> Block:
    return Block("table", header=tuple(text(f"{prefix}.header.{c}") for c in columns), rows=tuple(rows))


def _spokespeople(policy: Policy, text: _Strings) -> list[Block]:
    freedom = Block("paragraph", text=text(f"freedom.{policy.personal_accounts.freedom}"))
    if not policy.spokespeople:
        return [Block("paragraph", text=text("spokespeople.none")), freedom]
    rows = [(s.name, s.role, ", ".join(s.topics) or text("spokespeople.any_topic")) for s in policy.spokespeople]
    return [_table(text, "spokespeople", ("name", "role", "topics"), rows), freedom]


def _brand_accounts(policy: Policy, text: _Strings) -> list[Block]:
    if not policy.brand_accounts:
        return [Block("paragraph", text=text("accounts.none"))]
    default_publishers = text("accounts.spokespeople")
    rows = [
        (
            a.platform,
            a.handle,
            a.owner or "",
            ", ".join(a.publishers) or default_publishers,
            ", ".join(a.complaint_handlers) or ", ".join(a.publishers) or default_publishers,
        )
        for a in policy.brand_accounts
    ]
    return [_table(text, "accounts", ("platform", "handle", "owner", "publishers", "complaints"), rows)]


def _confidential_terms(policy: Policy, text: _Strings) -> list[Block]:
    if not policy.confidential_terms:
        return []
    rows = [
        (t.term, format_date(t.until, text) if t.until else text("terms.until_further_notice"))
        for t in policy.confidential_terms
    ]
    return [_table(text, "terms", ("term", "until"), rows)]


def _team_name(team, text: _Strings) -> str:
    return localized(team.name, text.lang) or text(f"team.{team.kind}")


def _teams(policy: Policy, text: _Strings) -> list[Block]:
    if not policy.teams:
        return [Block("paragraph", text=text("teams.none"))]
    rows = [
        (
            _team_name(t, text),
            localized(t.responsibilities, text.lang) or text(f"team_duty.{t.kind}"),
            ", ".join(t.contacts) or text("teams.not_assigned"),
        )
        for t in policy.teams
    ]
    return [_table(text, "teams", ("team", "duties", "contacts"), rows)]


def _escalation(policy: Policy, text: _Strings) -> list[Block]:
    rows = []
    for level, (key, kinds) in enumerate(ESCALATION_LEVELS, start=1):
        teams = [t for kind in kinds for t in policy.teams if t.kind == kind]
        who = "; ".join(
            _team_name(t, text) + (f" ({', '.join(t.contacts)})" if t.contacts else "") for t in teams
        )
        rows.append((str(level), text(f"escalation.{key}"), who or text("teams.not_assigned")))
    return [_table(text, "escalation", ("level", "situation", "teams"), rows)]


def _saved_replies(policy: Policy, text: _Strings) -> list[Block]:
    if not policy.saved_replies:
        return [Block("paragraph", text=text("replies.none"))]
    rows = [
        (localized(r.title, text.lang) or r.topic, localized(r.text, text.lang)) for r in policy.saved_replies
    ]
    return [_table(text, "replies", ("topic", "reply"), rows)]


def _packs(policy: Policy, text: _Strings) -> list[Block]:
    sector = [p for p in policy.packs if p != "general"]
    if not sector:
        return [Block("paragraph", text=text("packs.none"))]
    names = tuple(text(f"pack.{p}") if text.has(f"pack.{p}") else p for p in sector)
    return [Block("paragraph", text=text("packs.included")), Block("bullets", items=names)]


def _security(policy: Policy, text: _Strings) -> list[Block]:
    s = policy.security
    hours = s.report_within_hours
    rows = [
        ("min_password_length", text("security.characters", count=s.min_password_length)),
        ("min_password_score", f"{s.min_password_score} / 4"),
        ("brand_2fa", text("value.required" if s.require_2fa else "value.recommended")),
        ("personal_2fa", text("value.required" if s.require_2fa_personal else "value.strongly_recommended")),
        ("sms_2fa", text("yes" if s.sms_2fa_allowed else "no")),
        ("rotation", _rotation(policy, text)),
        ("update_days", text("security.days", count=s.update_days)),
        ("report_within", text("value.hours_one" if hours == 1 else "value.hours_many", count=hours)),
    ]
    return [
        Block(
            "table",
            header=(text("security.header.requirement"), text("security.header.value")),
            rows=tuple((text(f"security.{key}"), value) for key, value in rows),
        )
    ]


def _signature(policy: Policy, text: _Strings) -> list[Block]:
    return [Block("signature", items=(text("signature.name"), text("signature.signature"), text("signature.date")))]


DATA_BLOCKS: dict[str, Callable[[Policy, _Strings], list[Block]]] = {
    "spokespeople": _spokespeople,
    "brand-accounts": _brand_accounts,
    "confidential-info": _confidential_terms,
    "conflict-plan": _teams,
    "escalation": _escalation,
    "saved-replies": _saved_replies,
    "regulated": _packs,
    "passwords-2fa": _security,
    "acknowledgement": _signature,
}
