"""The compose form: which account (a brand account from the policy, which fixes the network, or one's personal
account, for which the person chooses the network), the text, an optional scheduled time, and up to
`MAX_MEDIA` images, each with its alt text and credit (`MediaSlot`, one form per image)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from socialguard.detectors.limits import COUNTING
from socialguard.model import PLATFORMS, Media
from socialguard.policy import Policy
from socialguard.workflow.media import MAX_MEDIA, Attachment, MediaRejected, engine_media, store_upload
from socialguard.workflow.models import PostDraft, PostMedia

PERSONAL = "personal"
ACCEPTED_IMAGES = "image/jpeg,image/png,image/gif,image/webp"
MAX_ALT_CHARS = 1500  # Mastodon's limit for an image description; X allows 1,000, Bluesky 2,000


def network_name(platform: str) -> str:
    """The name people know a network by (`x` → X); `generic` is any other network."""
    if platform == "generic":
        return str(gettext_lazy("Other network"))
    return COUNTING[platform].name if platform in COUNTING else platform


def account_choices(policy: Policy) -> list[tuple[str, str]]:
    brand = [(f"brand|{a.platform}|{a.handle}", f"{a.handle} ({network_name(a.platform)})")
             for a in policy.brand_accounts]
    return [(PERSONAL, str(gettext_lazy("My personal account")))] + brand


class AccountSelect(forms.Select):
    """The account drop-down; each brand account's option names its network (`data-platform`), which the page
    selects for it."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if str(value).startswith("brand|"):
            option["attrs"]["data-platform"] = str(value).split("|", 2)[1]
        return option


class ComposeForm(forms.Form):
    account = forms.ChoiceField(label=gettext_lazy("Account"), widget=AccountSelect)
    platform = forms.ChoiceField(label=gettext_lazy("Network"), required=False, initial="linkedin",
                                 choices=[(p, p) for p in PLATFORMS])
    text = forms.CharField(label=gettext_lazy("Post"), widget=forms.Textarea(attrs={"rows": 8}), strip=False,
                           required=False)
    scheduled_at = forms.DateTimeField(
        label=gettext_lazy("Scheduled for"), required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, policy: Policy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["account"].choices = account_choices(policy)
        self.fields["platform"].choices = [(p, network_name(p)) for p in PLATFORMS]

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        limit = settings.SOCIALGUARD_MAX_POST_CHARS
        if len(text) > limit:
            message = _("The post is %(length)s characters long; the limit is %(limit)s.")
            raise forms.ValidationError(message % {"length": len(text), "limit": limit})
        if not text.strip():
            raise forms.ValidationError(_("Write the post first."))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("account") == PERSONAL and not data.get("platform"):
            self.add_error("platform", _("Choose the network of your personal account."))
        return data

    def target(self) -> dict[str, str]:
        """account_kind, account_handle and platform chosen (a brand account fixes its own platform)."""
        account = self.cleaned_data["account"]
        if account == PERSONAL:
            return {"account_kind": "personal", "account_handle": "", "platform": self.cleaned_data["platform"]}
        _kind, platform, handle = account.split("|", 2)
        return {"account_kind": "brand", "account_handle": handle, "platform": platform}


class MediaSlot(forms.Form):
    """One image of the post: a new upload (`file`), or one the post has (`keep`, the `saved` image); `chosen`
    is the name of a file picked but not uploaded yet, which the live check counts as an image."""

    keep = forms.IntegerField(required=False, widget=forms.HiddenInput)
    chosen = forms.CharField(required=False, max_length=200, widget=forms.HiddenInput)
    file = forms.FileField(label=gettext_lazy("Image"), required=False,
                           widget=forms.FileInput(attrs={"accept": ACCEPTED_IMAGES}))
    alt = forms.CharField(label=gettext_lazy("Alt text"), required=False, max_length=MAX_ALT_CHARS,
                          widget=forms.Textarea(attrs={"rows": 2}),
                          help_text=gettext_lazy("What the image shows, for people who cannot see it."))
    credit = forms.CharField(label=gettext_lazy("Credit"), required=False, max_length=300,
                             help_text=gettext_lazy("Who made the image, e.g. “Photo: Anna Nowak”."))
    remove = forms.BooleanField(label=gettext_lazy("Remove"), required=False)

    def __init__(self, *args, number: int, saved: PostMedia | None = None, **kwargs) -> None:
        super().__init__(*args, prefix=f"media-{number - 1}", **kwargs)
        self.number, self.saved, self.stored = number, saved, None
        self.shown = True  # on the page: `media_slots` hides the empty ones after the first

    def clean_keep(self) -> int | None:
        keep = self.cleaned_data["keep"]
        if keep is not None and (self.saved is None or keep != self.saved.pk):
            raise forms.ValidationError(_("This image is not part of the post."))
        return keep

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload is not None:
            try:
                self.stored = store_upload(upload, upload.name, upload.size)
            except MediaRejected as exc:
                raise forms.ValidationError(
                    _("Image %(number)s: %(problem)s") % {"number": self.number, "problem": exc}) from exc
        return upload

    @property
    def used(self) -> bool:
        """Whether this slot holds an image (kept, uploaded or picked) that stays with the post."""
        data = self.cleaned_data
        return not data.get("remove") and bool(data.get("keep") or self.stored or data.get("chosen"))

    def attachment(self) -> Attachment | None:
        data = self.cleaned_data
        if data.get("remove") or not (self.stored or data.get("keep")):
            return None
        keep = None if self.stored else data["keep"]
        return Attachment(alt=data["alt"], credit=data["credit"], keep=keep, stored=self.stored)

    def engine_media(self) -> Media:
        return engine_media(self.cleaned_data["alt"], self.cleaned_data["credit"])


def media_slots(data=None, files=None, post: PostDraft | None = None) -> list[MediaSlot]:
    """`MAX_MEDIA` image forms: the post's images first (with their alt text and credit), then empty ones."""
    existing = list(post.media.all()) if post is not None and post.pk else []
    slots = []
    for number in range(1, MAX_MEDIA + 1):
        media = existing[number - 1] if number <= len(existing) else None
        initial = {"keep": media.pk, "alt": media.alt, "credit": media.credit} if media else None
        slots.append(MediaSlot(data, files, number=number, saved=media, initial=initial))
    in_use = [slot.saved is not None or (slot.is_bound and bool(slot["alt"].value() or slot["chosen"].value()))
              for slot in slots]
    first_free = in_use.index(False) if False in in_use else None
    for index, slot in enumerate(slots):
        slot.shown = in_use[index] or index == first_free
    return slots


def media_sent(data) -> bool:
    """Whether a request carries the image forms (a form of another client may send the post alone)."""
    return data is not None and any(key.startswith("media-") for key in data)


def initial_for(post) -> dict:
    account = PERSONAL if post.account_kind == "personal" else f"brand|{post.platform}|{post.account_handle}"
    return {"account": account, "platform": post.platform, "text": post.text, "scheduled_at": post.scheduled_at}
