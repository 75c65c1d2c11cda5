"""`confidential.secret`: credentials pasted into a post: API keys, tokens, private keys and passwords.

Finds, in any language:
- service keys and tokens by their format (AWS, GitHub, GitLab, Slack, Stripe, OpenAI, SendGrid, Twilio,
  Discord, Telegram, PyPI, Square, Mailchimp, Azure storage, JSON Web Tokens), with detect-secrets' plugins;
- private key blocks (`-----BEGIN RSA PRIVATE KEY-----` through its END line);
- passwords written in a URL (`https://user:hunter2@host`) or in code-like assignments (`api_key=...`,
  `password: ...`, detect-secrets' KeywordDetector);
- passwords and PINs written in prose, in English and Polish: "my password is hunter2", "WiFi password:
  letmein.", "hasło do wifi to Kotek123", "PIN: 4821";
- other random-looking tokens (high Shannon entropy over the base64 alphabet, `entropy_threshold`) of at
  least `min_length` characters that mix letters and digits.

Deliberately does not find: ordinary words, long Polish or English words, hashtags and @mentions, anything
inside a URL other than its password (tracking ids such as `fbclid` are not secrets), hex strings such as
commit hashes and UUIDs (their entropy stays below the threshold), masked or placeholder values
(`password: ********`, `<your-password>`), and remarks about passwords ("your password is weak",
"hasło to podstawa bezpieczeństwa"): a prose value must look like a credential (digits, symbols or mixed
case) unless it stands alone after `password:`.

The fix replaces every occurrence of the secret with a redaction mark; the message says to revoke it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator

from detect_secrets.plugins.aws import AWSKeyDetector
from detect_secrets.plugins.azure_storage_key import AzureStorageKeyDetector
from detect_secrets.plugins.base import BasePlugin
from detect_secrets.plugins.basic_auth import BasicAuthDetector
from detect_secrets.plugins.discord import DiscordBotTokenDetector
from detect_secrets.plugins.github_token import GitHubTokenDetector
from detect_secrets.plugins.gitlab_token import GitLabTokenDetector
from detect_secrets.plugins.high_entropy_strings import Base64HighEntropyString
from detect_secrets.plugins.jwt import JwtTokenDetector
from detect_secrets.plugins.keyword import CONFIG_DENYLIST_REGEX_TO_GROUP, KeywordDetector
from detect_secrets.plugins.mailchimp import MailchimpDetector
from detect_secrets.plugins.openai import OpenAIDetector
from detect_secrets.plugins.private_key import PrivateKeyDetector
from detect_secrets.plugins.pypi_token import PypiTokenDetector
from detect_secrets.plugins.sendgrid import SendGridDetector
from detect_secrets.plugins.slack import SlackDetector
from detect_secrets.plugins.square_oauth import SquareOAuthDetector
from detect_secrets.plugins.stripe import StripeDetector
from detect_secrets.plugins.telegram_token import TelegramBotTokenDetector
from detect_secrets.plugins.twilio import TwilioKeyDetector
from pydantic import BaseModel, ConfigDict, Field

from ..locale import message
from .base import Context, Detector, Hit, replace_span

if TYPE_CHECKING:
    from ..policy.schema import Policy


class SecretParams(BaseModel):
    """Tuning of the entropy check; the format-specific plugins need none."""

    model_config = ConfigDict(extra="forbid")
    entropy_threshold: float = Field(default=4.5, gt=0, le=6)
    min_length: int = Field(default=20, ge=8, le=200)


@dataclass(frozen=True)
class ServiceToken:
    """A detect-secrets plugin for one service's key format, with what we call what it finds."""

    plugin: BasePlugin
    label: str
    service: str


SERVICE_TOKENS = (
    ServiceToken(AWSKeyDetector(), "aws_access_key", "AWS"),
    ServiceToken(GitHubTokenDetector(), "github_token", "GitHub"),
    ServiceToken(GitLabTokenDetector(), "gitlab_token", "GitLab"),
    ServiceToken(SlackDetector(), "slack_token", "Slack"),
    ServiceToken(StripeDetector(), "stripe_key", "Stripe"),
    ServiceToken(OpenAIDetector(), "openai_key", "OpenAI"),
    ServiceToken(SendGridDetector(), "sendgrid_key", "SendGrid"),
    ServiceToken(TwilioKeyDetector(), "twilio_key", "Twilio"),
    ServiceToken(DiscordBotTokenDetector(), "discord_token", "Discord"),
    ServiceToken(TelegramBotTokenDetector(), "telegram_token", "Telegram"),
    ServiceToken(PypiTokenDetector(), "pypi_token", "PyPI"),
    ServiceToken(SquareOAuthDetector(), "square_secret", "Square"),
    ServiceToken(MailchimpDetector(), "mailchimp_key", "Mailchimp"),
    ServiceToken(AzureStorageKeyDetector(), "azure_storage_key", "Azure"),
    ServiceToken(JwtTokenDetector(), "jwt", "JWT"),
)
PRIVATE_KEY = PrivateKeyDetector()
URL_PASSWORD = BasicAuthDetector()
KEYWORD = KeywordDetector()

# How sure a kind of hit is; also decides which of two overlapping hits is kept.
SCORE_FORMAT = 1.0
SCORE_PASSWORD = 0.8
SCORE_ENTROPY = 0.6

# Every service token is a word of 16+ characters holding a run of token characters with a digit or a capital.
SERVICE_TOKEN_MIN_LENGTH = 16
_TOKEN_RUN = re.compile(r"[\w\-]{16,}")
# Cheap test before the keyword regexes: lower-cased fragments of every keyword they know ("pin" is a word
# of its own: it is inside "shipping" and "opinion").
_KEYWORD_HINTS = ("pass", "pwd", "secret", "key", "token", "hasł", "hasl", "haśl", "kod dost")
_PIN = re.compile(r"\bpin\b")
_PASSWORD_WORD = re.compile(
    r"\b(?:password|passcode|passwd|pwd|pin(?: code)?|kod pin|kod dost[ęe]pu|access code"
    r"|has(?:ł|l)(?:o|a|em|u)|haśle)\b",
    re.IGNORECASE,
)
_PASSWORD_STEM = re.compile(r"pass|pwd|has[łl]|haśl|\bpin\b", re.IGNORECASE)  # also inside db_password
# "my password is hunter2", "WiFi password: letmein", "hasło do wifi to Kotek123", "PIN: 4821"
_PASSWORD_PHRASE = re.compile(
    _PASSWORD_WORD.pattern + r"(?:[ \t]+[\w.\-]+){0,5}?[ \t]*(?P<sep>[:=]|[ \t](?:is|to|brzmi|jest)[ \t])[ \t]*"
    r"(?P<value>[\"'`][^\"'`\n]{1,100}[\"'`]|[^\s\"'`]+)",
    re.IGNORECASE,
)
_URL = re.compile(r"""(?:https?://|www\.)[^\s<>"'()\[\]{}]+""", re.IGNORECASE)
_PLACEHOLDERS = {"required", "optional", "none", "null", "brak", "wymagane", "hidden", "ukryte", "secret",
                 "tajne", "password", "hasło", "haslo", "changeme", "example", "przykład"}
_MASK_CHARS = set("*•xX.#-_")
_PRIVATE_KEY_END = re.compile(r"-----END [A-Z0-9 ]*PRIVATE KEY[A-Z ]*-----")
_PRIVATE_KEY_BODY = re.compile(r"[A-Z ]*-*(?:\s*[A-Za-z0-9+/=]{16,})*")
_TOKEN_TAIL = re.compile(r"[\w\-.+/=]*")


@dataclass(frozen=True)
class Secret:
    """A secret found in the text: where, what kind, how sure, and the message that names it."""

    start: int
    end: int
    label: str
    score: float
    message: str
    args: tuple[tuple[str, str], ...] = ()


class SecretDetector(Detector):
    id = "confidential.secret"
    summary = "Credentials: API keys, tokens, private keys and passwords (EN and PL prose, code-like text)"
    Params = SecretParams

    def __init__(self, params: SecretParams, policy: "Policy") -> None:
        super().__init__(params, policy)
        self._entropy = Base64HighEntropyString(limit=params.entropy_threshold)
        self._random_token = re.compile(
            r"(?<![\w+/=.@#\-])[A-Za-z0-9+/=_\-]{%d,}(?![\w+/=.@\-])" % params.min_length
        )

    def find(self, ctx: Context) -> Iterable[Hit]:
        text = ctx.text
        longest_word = max(map(len, text.split()), default=0)
        found = [*_private_keys(text), *_url_passwords(text), *_passwords(text)]
        if longest_word >= SERVICE_TOKEN_MIN_LENGTH:
            found.extend(_service_tokens(text))
        if longest_word >= self.params.min_length:
            found.extend(self._random_tokens(text, found))
        for secret in _without_overlaps(found):
            yield self._hit(text, secret, ctx.lang)

    def _random_tokens(self, text: str, found: list[Secret]) -> Iterator[Secret]:
        urls = [m.span() for m in _URL.finditer(text)] if "/" in text or "www." in text else []
        taken = urls + [(s.start, s.end) for s in found]
        for match in self._random_token.finditer(text):
            token = match.group(0)
            if not (_has_digit(token) and any(c.isalpha() for c in token)):
                continue
            if _overlaps(match.span(), taken):
                continue
            if self._entropy.calculate_shannon_entropy(token) >= self.params.entropy_threshold:
                yield Secret(*match.span(), "high_entropy_string", SCORE_ENTROPY, "secret.high_entropy")

    def _hit(self, text: str, secret: Secret, lang: str) -> Hit:
        args = dict(secret.args)
        return Hit(
            start=secret.start,
            end=secret.end,
            message=secret.message,
            args=args,
            label=secret.label,
            score=secret.score,
            fix="secret.fix",
            fix_text=replace_span(text, secret.start, secret.end, message("secret.redacted", lang)),
        )


def _service_tokens(text: str) -> Iterator[Secret]:
    if not any(_looks_like_token(m.group(0)) for m in _TOKEN_RUN.finditer(text)):
        return
    for token in SERVICE_TOKENS:
        for value in set(token.plugin.analyze_string(text)):
            for start, end in _occurrences(text, value):
                yield Secret(start, end, token.label, SCORE_FORMAT, "secret.token", (("service", token.service),))


def _private_keys(text: str) -> Iterator[Secret]:
    """The whole key block: from its BEGIN line through its END line, or through the key body if cut off."""
    if "PRIVATE KEY" not in text and "PuTTY-User-Key-File" not in text:
        return
    for header in set(PRIVATE_KEY.analyze_string(text)):
        position = 0
        while (at := text.find(header, position)) >= 0:
            start = at - 5 if text[max(0, at - 5) : at] == "-----" else at
            end_marker = _PRIVATE_KEY_END.search(text, at)
            end = end_marker.end() if end_marker else _PRIVATE_KEY_BODY.match(text, at + len(header)).end()
            yield Secret(start, end, "private_key", SCORE_FORMAT, "secret.private_key")
            position = end


def _url_passwords(text: str) -> Iterator[Secret]:
    if "://" not in text or "@" not in text:
        return
    for value in set(URL_PASSWORD.analyze_string(text)):
        for start, end in _occurrences(text, value, after=":"):
            yield Secret(start, end, "url_password", SCORE_PASSWORD, "secret.password")


def _passwords(text: str) -> Iterator[Secret]:
    """Values after a password word in prose (EN/PL) or after a secret-sounding key in code-like text."""
    if not _mentions_secret_word(text):
        return
    for match in _PASSWORD_PHRASE.finditer(text):
        start, end = _trimmed(text, *match.span("value"))
        if _is_password_value(text, start, end, lone_allowed=match.group("sep") in ":="):
            yield Secret(start, end, "password", SCORE_PASSWORD, "secret.password")
    yield from _keyword_assignments(text)


def _keyword_assignments(text: str) -> Iterator[Secret]:
    """detect-secrets' KeywordDetector, line by line (`api_key=...`, `client_secret: ...`)."""
    offset = 0
    for line in text.splitlines(keepends=True):
        if _mentions_secret_word(line):
            for value in KEYWORD.analyze_string(line, denylist_regex_to_group=CONFIG_DENYLIST_REGEX_TO_GROUP):
                at = line.find(value)
                if at < 0:
                    continue
                quoted = at > 0 and line[at - 1] in "\"'`"
                start, end = _trimmed(line, at, at + (len(value) if quoted else _first_word_length(value)))
                names_password = _PASSWORD_STEM.search(line, max(0, at - 30), at) is not None
                if _is_password_value(line, start, end, lone_allowed=names_password, quoted=quoted):
                    label = "password" if names_password else "credential"
                    yield Secret(offset + start, offset + end, label, SCORE_PASSWORD, f"secret.{label}")
        offset += len(line)


def _mentions_secret_word(text: str) -> bool:
    lowered = text.lower()
    return any(hint in lowered for hint in _KEYWORD_HINTS) or ("pin" in lowered and _PIN.search(lowered) is not None)


def _is_password_value(text: str, start: int, end: int, lone_allowed: bool, quoted: bool = False) -> bool:
    """A credential-looking value, or (after `password:`) a lone word ending its sentence; never a placeholder."""
    value = text[start:end]
    if len(value) < 4 or _is_placeholder(value):
        return False
    if quoted or _looks_like_credential(value):
        return True
    return lone_allowed and _ends_sentence(text, end)


def _looks_like_credential(value: str) -> bool:
    """Digits, symbols or capitals inside the word: `hunter2`, `P@ss`, `kOtEk`; not `weak?` or `Strong`."""
    word = value.rstrip("!?")
    return _has_digit(word) or not word.isalnum() or any(c.isupper() for c in word[1:])


def _is_placeholder(value: str) -> bool:
    return (
        set(value) <= _MASK_CHARS
        or value.casefold() in _PLACEHOLDERS
        or value[0] in "<{$%["
    )


def _ends_sentence(text: str, end: int) -> bool:
    rest = text[end : end + 2]
    return rest == "" or rest[0] in "\n.!?" or rest.strip() == ""


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """Without surrounding quotes and trailing sentence punctuation."""
    while end > start and text[end - 1] in ".,;:)\"'`":
        end -= 1
    while start < end and text[start] in "\"'`(":
        start += 1
    return start, end


def _first_word_length(value: str) -> int:
    return len(value.split(maxsplit=1)[0]) if value.strip() else 0


def _looks_like_token(run: str) -> bool:
    return _has_digit(run) or any(c.isupper() for c in run)


def _has_digit(value: str) -> bool:
    return any(c.isdigit() for c in value)


def _occurrences(text: str, value: str, after: str = "") -> Iterator[tuple[int, int]]:
    """Every place `value` starts a token in `text` (`after` just before it), stretched to the token's end:
    some plugins return a token without its tail (a JWT without its signature)."""
    position = 0
    while (at := text.find(value, position)) >= 0:
        end = _TOKEN_TAIL.match(text, at + len(value)).end()
        while end > at + len(value) and text[end - 1] in ".=-":
            end -= 1
        if (at == 0 or not text[at - 1].isalnum()) and (not after or text[at - len(after) : at] == after):
            yield at, end
        position = end


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


def _without_overlaps(secrets: list[Secret]) -> list[Secret]:
    """One secret per span: the surest, then the longest."""
    kept: list[Secret] = []
    for secret in sorted(secrets, key=lambda s: (-s.score, s.start - s.end)):
        if not _overlaps((secret.start, secret.end), [(k.start, k.end) for k in kept]):
            kept.append(secret)
    return sorted(kept, key=lambda s: s.start)
