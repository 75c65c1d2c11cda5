"""The training scenarios (data in `scenarios.yaml`) and which of them an organisation's policy asks.

A scenario belongs to a detector (no detector: a post that should pass); it is asked when the policy has an
enabled rule with that detector and can fill the scenario's placeholders ({brand_account}, {term},
{organisation}). Its post for the checker is built like a composed post, with the trainee's own role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

from socialguard.model import Media, Post
from socialguard.policy import Policy
from socialguard.yamlfile import load_yaml

LANGUAGES = ("en", "pl")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Scenario:
    id: str
    detector: str | None
    account: str
    platform: str
    text: dict[str, str]
    account_handle: str = ""
    in_reply_to_topic: str = ""
    media: tuple[dict[str, Any], ...] = ()
    attachment: dict[str, str] = field(default_factory=dict)

    def placeholders(self) -> set[str]:
        found = {name for text in self.text.values() for name in _PLACEHOLDER.findall(text)}
        return found | set(_PLACEHOLDER.findall(self.account_handle))


@lru_cache(maxsize=1)
def all_scenarios() -> tuple[Scenario, ...]:
    raw = load_yaml(resources.files("socialguard.training").joinpath("scenarios.yaml").read_text("utf-8"), "scenarios.yaml")
    return tuple(
        Scenario(
            id=item["id"], detector=item.get("detector"), account=item["account"], platform=item["platform"],
            text=item["text"], account_handle=item.get("account_handle", ""),
            in_reply_to_topic=item.get("in_reply_to_topic", ""), media=tuple(item.get("media", ())),
            attachment=item.get("attachment", {}),
        )
        for item in raw
    )


def scenarios_for(policy: Policy) -> list[Scenario]:
    """The scenarios this policy asks: their detector has an enabled rule, their placeholders can be filled."""
    enabled = {rule.detector for rule in policy.rules if rule.enabled}
    values = placeholder_values(policy)
    return [s for s in all_scenarios()
            if (s.detector is None or s.detector in enabled) and s.placeholders() <= values.keys()]


def scenario(policy: Policy, scenario_id: str) -> Scenario | None:
    return next((s for s in scenarios_for(policy) if s.id == scenario_id), None)


def placeholder_values(policy: Policy) -> dict[str, str]:
    org = policy.organisation
    values = {"organisation": (org.brand_names or [org.name])[0]}
    if policy.brand_accounts:
        values["brand_account"] = policy.brand_accounts[0].handle
    if policy.confidential_terms:
        values["term"] = policy.confidential_terms[0].term
    return values


def text_of(item: Scenario, policy: Policy, lang: str) -> str:
    template = item.text.get(lang) or item.text["en"]
    return template.format(**placeholder_values(policy)) if item.placeholders() else template


def post_of(item: Scenario, policy: Policy, lang: str, *, author: str, role: str) -> Post:
    """The scenario as the post the checker judges, written by the trainee in their role."""
    handle = item.account_handle.format(**placeholder_values(policy)) if item.account_handle else None
    return Post(
        text=text_of(item, policy, lang), account=item.account, account_handle=handle, platform=item.platform,
        author=author, role=role, lang=lang, in_reply_to_topic=item.in_reply_to_topic or None,
        media=[Media(**m) for m in item.media],
    )
