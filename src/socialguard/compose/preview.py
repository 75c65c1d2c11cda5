"""How a post will look on its network: the account's name, the text in pieces (links, @mentions and
#hashtags as the network shows them, and what falls past the network's limit), and the images with their alt
text and credit. The length is counted by the policy's own length rule (`workflow.checking.length_on`)."""

from __future__ import annotations

from dataclasses import dataclass

from socialguard.detectors.limits import Length, counter_for, entities
from socialguard.orgs.models import Membership
from socialguard.policy import Policy
from socialguard.workflow.checking import length_on

from .forms import MediaSlot, network_name


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str  # "", "link", "mention" or "hashtag"
    over: bool  # past the network's limit


@dataclass(frozen=True)
class Image:
    number: int
    alt: str
    credit: str
    media_id: int | None  # a saved image (shown); None: picked, uploaded on saving
    name: str


@dataclass(frozen=True)
class Preview:
    platform: str
    network: str
    name: str
    handle: str
    pieces: list[Piece]
    images: list[Image]
    length: Length

    @property
    def over(self) -> bool:
        return self.length.limit is not None and self.length.count > self.length.limit


def pieces(text: str, platform: str, limit: int | None) -> list[Piece]:
    """`text` cut at its links, mentions and hashtags and at the network's limit (if it is over)."""
    cut = counter_for(platform).overflow_start(text, limit) if limit is not None else len(text)
    bounds = sorted({0, cut, len(text), *(b for s, e, _kind in entities(text) for b in (s, e))})
    kinds = {s: kind for s, _e, kind in entities(text)}
    return [Piece(text[s:e], kinds.get(s, ""), s >= cut) for s, e in zip(bounds, bounds[1:]) if s < e]


def preview(policy: Policy, membership: Membership, target: dict[str, str], text: str,
            slots: list[MediaSlot]) -> Preview:
    platform = target["platform"]
    length = length_on(policy, text, platform)
    user = membership.user
    if target["account_kind"] == "brand":
        name, handle = membership.org.name, target["account_handle"]
    else:
        name, handle = user.get_full_name() or user.get_username(), "@" + user.get_username()
    images = [
        Image(slot.number, slot.cleaned_data["alt"], slot.cleaned_data["credit"],
              slot.saved.pk if slot.saved and slot.cleaned_data.get("keep") and not slot.cleaned_data.get("chosen")
              else None, slot.cleaned_data.get("chosen") or (slot.saved.name if slot.saved else ""))
        for slot in slots if slot.used
    ]
    return Preview(platform, network_name(platform), name, handle, pieces(text, platform, length.limit), images,
                   length)
