"""`socialguard init`: the questions a good social media guide asks, and the commented policy file they produce.

The questions are data (`wizard.yaml`). Answers come from an answers file (`--answers answers.yaml`, checked
with one clear error naming the line and the field) or from an interactive session that re-asks a question
until its answer is valid. Either way they become `Answers`, which `policy_yaml` writes as a commented
`policy.yaml` that `load_policy` accepts as is.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Literal

from jinja2 import Environment, PackageLoader, StrictUndefined
from pydantic import Field, ValidationError, field_validator, model_validator

from ..locale import message
from ..yamlfile import YamlError, load_yaml, read_text
from .document import document_languages
from .loader import PolicyError, _describe, _dotted, _parse, available_packs
from .schema import ConfidentialTerm, Localized, Security, Strict, TeamKind, localized

CONFLICT_TEAMS = ("crisis_response", "message_approval", "customer_service", "pr", "social_engagement", "security")
_TRUE = {"y", "yes", "t", "true", "1", "tak"}
_FALSE = {"n", "no", "f", "false", "0", "nie"}
_PERSON = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<role>[^()]+)\)$")


class AnswersError(PolicyError):
    """An answers file (or an interactive answer) that cannot make a policy."""


@dataclass(frozen=True)
class Question:
    key: str
    kind: Literal["text", "list", "choice", "bool", "int", "date", "accounts", "people"]
    prompt: Localized
    default: Any = None
    choices: tuple[str, ...] = ()

    def ask_text(self, lang: str) -> str:
        return localized(self.prompt, lang)

    def default_text(self) -> str:
        """The default as the person would type it ("" when the question may be left empty)."""
        if self.default is None:
            return ""
        if isinstance(self.default, bool):
            return "y" if self.default else "n"
        if isinstance(self.default, list):
            return ", ".join(self.default)
        return str(self.default)


@cache
def _wizard_data() -> dict[str, Any]:
    return load_yaml((resources.files(__package__) / "wizard.yaml").read_text(encoding="utf-8"), "wizard.yaml")


def intro(lang: str) -> str:
    """What the interactive session says before its first question."""
    return localized(_wizard_data()["intro"], lang)


def questions() -> list[Question]:
    """The wizard's questions, in the order they are asked."""
    return [
        Question(q["key"], q["kind"], q["prompt"], q.get("default"), tuple(q.get("choices", ())))
        for q in _wizard_data()["questions"]
    ]


# --- the answers ------------------------------------------------------------------------------------


class AccountAnswer(Strict):
    platform: str = Field(min_length=1)
    handle: str = Field(min_length=1)
    owner: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            platform, colon, handle = value.partition(":")
            if not colon or not platform.strip() or not handle.strip():
                raise ValueError(f"{value!r} is not platform:handle (e.g. linkedin:acme)")
            return {"platform": platform.strip().lower(), "handle": handle.strip()}
        return value


class PersonAnswer(Strict):
    name: str = Field(min_length=1)
    role: str = Field(min_length=1)
    topics: list[str] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, value: Any) -> Any:
        if isinstance(value, str):
            match = _PERSON.match(value.strip())
            if not match:
                raise ValueError(f"{value!r} is not Name (Role), e.g. Anna Nowak (Head of PR)")
            return {"name": match["name"].strip(), "role": match["role"].strip()}
        return value


class Answers(Strict):
    """Everything the wizard needs to write a policy; the schema of an answers file."""

    organisation: str = Field(min_length=1)
    industry: str = "general"
    size: Literal["1-9", "10-49", "50-249", "250-999", "1000+"] | None = None
    languages: list[str] = Field(default_factory=lambda: ["en", "pl"], min_length=1)
    domains: list[str] = Field(default_factory=list)
    brand_names: list[str] = Field(default_factory=list)
    brand_accounts: list[AccountAnswer] = Field(default_factory=list)
    spokespeople: list[PersonAnswer] = Field(default_factory=list)
    employee_freedom: Literal["open", "guided", "restricted"] = "guided"
    teams: dict[TeamKind, list[str]] = Field(default_factory=dict)
    confidential_terms: list[ConfidentialTerm] = Field(default_factory=list)
    sectors: list[str] = Field(default_factory=list)
    advertising: bool = False
    security: Security = Field(default_factory=Security)
    disclaimer: Localized = Field(default_factory=dict)
    version: str = "1"
    effective: dt.date | None = None

    @field_validator("languages")
    @classmethod
    def _known_languages(cls, value: list[str]) -> list[str]:
        known = document_languages()
        for code in value:
            if code not in known:
                raise ValueError(f"unknown language {code!r}; available: {', '.join(known)}")
        return list(dict.fromkeys(value))

    @field_validator("sectors")
    @classmethod
    def _known_sectors(cls, value: list[str]) -> list[str]:
        sectors = sector_packs()
        for name in value:
            if name not in sectors:
                raise ValueError(f"unknown pack {name!r}; available: {', '.join(sectors)}")
        return list(dict.fromkeys(value))

    @field_validator("domains")
    @classmethod
    def _bare_domains(cls, value: list[str]) -> list[str]:
        return [re.sub(r"^https?://", "", d.strip().lower()).removeprefix("www.").rstrip("/") for d in value]

    @field_validator("confidential_terms", mode="before")
    @classmethod
    def _terms_from_strings(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"term": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("security", mode="before")
    @classmethod
    def _zero_rotation_means_on_leave(cls, value: Any) -> Any:
        if isinstance(value, dict) and value.get("rotation_days") == 0:
            return {**value, "rotation_days": None}
        return value

    @property
    def packs(self) -> list[str]:
        return ["general", *self.sectors, *(["advertising"] if self.advertising else [])]


def sector_packs() -> list[str]:
    """Packs a regulated sector can choose (everything but `general` and `advertising`, asked separately)."""
    return [p for p in available_packs() if p not in ("general", "advertising")]


def read_answers(path: str | Path) -> Answers:
    """The answers in a YAML file, or an `AnswersError` naming the file, line and field."""
    name = str(path)
    try:
        text = read_text(Path(path), name, "an answers file")
    except YamlError as exc:
        raise AnswersError(str(exc)) from None
    try:
        document = _parse(text, name)
    except PolicyError as exc:
        if "must be a mapping" not in str(exc):
            raise AnswersError(str(exc)) from None
        raise AnswersError(f"{name}:1: answers must be a mapping of question keys (organisation, industry, ...)") from None
    try:
        return Answers.model_validate(document.data)
    except ValidationError as exc:
        error = exc.errors()[0]
        loc = tuple(error["loc"])
        raise AnswersError(f"{document.where(loc)}: {_dotted(loc) or 'answers'}: {_describe(error)}") from None


# --- the interactive session ------------------------------------------------------------------------


def parse_answer(question: Question, reply: str) -> Any:
    """A typed answer turned into the value of its field; raises ValueError with a message for the person."""
    reply = reply.strip()
    if not reply:
        return question.default
    if question.kind == "bool":
        if reply.lower() not in _TRUE | _FALSE:
            raise ValueError("answer y or n")
        return reply.lower() in _TRUE
    if question.kind == "int":
        if not reply.isdigit():
            raise ValueError("answer with a whole number")
        return int(reply)
    if question.kind == "choice":
        if reply not in question.choices:
            raise ValueError(f"choose one of: {', '.join(question.choices)}")
        return reply
    if question.kind == "people":
        return [part.strip() for part in reply.split(";") if part.strip()]
    if question.kind in ("list", "accounts"):
        items = [part.strip() for part in reply.split(",") if part.strip()]
        unknown = [item for item in items if question.choices and item not in question.choices]
        if unknown:
            raise ValueError(f"unknown {', '.join(unknown)}; choose from: {', '.join(question.choices)}")
        return items
    return reply


def interview(ask: Callable[[str, str], str], say: Callable[[str], None], lang: str = "en") -> Answers:
    """Ask every question through `ask(prompt, default)`; re-ask (after `say(problem)`) until valid."""
    raw: dict[str, Any] = {}
    later = {q.key.split(".")[0] for q in questions()}
    for question in questions():
        later.discard(question.key.split(".")[0])
        while True:
            try:
                value = parse_answer(question, ask(question.ask_text(lang), question.default_text()))
                candidate = _with(raw, question.key, value)
                _check_field(candidate, question.key, later)
            except ValueError as exc:
                say(str(exc))
                continue
            raw = candidate
            break
    return Answers.model_validate(raw)


def _with(raw: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    """A copy of `raw` with the dotted `key` set (None leaves the field to its default)."""
    out = {k: dict(v) if isinstance(v, dict) else v for k, v in raw.items()}
    if value is None:
        return out
    *parents, leaf = key.split(".")
    target = out
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value
    return out


def _check_field(raw: dict[str, Any], key: str, later: set[str]) -> None:
    """Raise ValueError if the answers so far are invalid at `key` (fields asked `later` may be missing)."""
    unasked = {name: "?" for name, spec in Answers.model_fields.items() if spec.is_required() and name in later}
    try:
        Answers.model_validate({**unasked, **raw})
    except ValidationError as exc:
        path = tuple(key.split("."))
        for error in exc.errors():
            if tuple(str(p) for p in error["loc"][: len(path)]) == path:
                raise ValueError(_describe(error)) from None


# --- the policy file --------------------------------------------------------------------------------


_environment = Environment(
    loader=PackageLoader("socialguard.policy", "templates"),
    autoescape=False,  # YAML, not HTML: every value goes through the `yaml` filter instead
    undefined=StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_environment.filters["yaml"] = lambda value: json.dumps(value, ensure_ascii=False)


def policy_yaml(answers: Answers, today: dt.date) -> str:
    """The commented policy file for `answers` (effective `today` unless the answers say otherwise)."""
    langs = answers.languages
    data = _wizard_data()
    tags = [tag for lang in langs for tag in data["disclosure_tags"].get(lang, {}).get("employee", [])]
    if answers.advertising:
        tags += [tag for lang in langs for tag in data["disclosure_tags"].get(lang, {}).get("advertising", [])]
    return _environment.get_template("policy.yaml.j2").render(
        a=answers,
        today=today.isoformat(),
        effective=(answers.effective or today).isoformat(),
        teams=_teams(answers),
        disclaimer={lang: answers.disclaimer.get(lang) or message("document.value.default_disclaimer", lang) for lang in langs},
        disclosure_tags=tags,
        saved_replies=[_only_languages(reply, langs) for reply in data["saved_replies"]],
        packs=answers.packs,
        available_packs=available_packs(),
        team_name=lambda kind: {lang: message(f"document.team.{kind}", lang) for lang in langs},
    )


def _teams(answers: Answers) -> list[tuple[str, list[str]]]:
    kinds = list(CONFLICT_TEAMS)
    if answers.sectors:
        kinds.append("compliance")
    kinds += [kind for kind in answers.teams if kind not in kinds]
    return [(kind, answers.teams.get(kind, [])) for kind in kinds]


def _only_languages(reply: dict[str, Any], langs: list[str]) -> dict[str, Any]:
    return {
        **reply,
        "title": {lang: reply["title"][lang] for lang in langs if lang in reply["title"]},
        "text": {lang: reply["text"][lang] for lang in langs if lang in reply["text"]},
    }
