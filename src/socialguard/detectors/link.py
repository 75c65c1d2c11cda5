"""`security.link`: links that imitate a trusted domain, hide where they lead, or are not secure.

Finds, in a post's links (`post.all_links()`: explicit links and those written in the text):

- `lookalike`: domains imitating the organisation's own domains or a major platform or Polish bank/shop
  (`PROTECTED_DOMAINS`): homoglyphs and IDN (`xn--pypal-4ve.com`, Cyrillic `аpple.com`), typosquats after
  an ASCII skeleton (`0→o`, `1→l`, `3→e`, `5→s`, `rn→m`, `vv→w`) within a Levenshtein distance that grows
  with the name's length (0 under 6 letters, 1 from 6, 2 from 10), a protected domain or name used as a
  subdomain or hyphen part of an unrelated domain (`acme.pl.secure-login.xyz`, `acme-pl-login.com`;
  for platform names only next to a lure word such as `login` or `secure`), and the
  `https://paypal.com@evil.example` user-info trick;
- `shortener`: URL shorteners, which hide the destination (`t.co` too, except in posts for or fetched back
  from X, where it is X's own wrapper around every link, not a shortener the author chose);
- `raw_ip`: a bare IP address instead of a host name;
- `insecure`: `http://` links (fix: the `https://` version).

One finding per link, labelled by its first problem and listing every other one in its message
(`http://bit.ly/x`: a shortener that is also insecure, with the `https://` version as the fix).
Language-independent (messages in English and Polish). Works offline: the public-suffix list is the one
bundled with tldextract. `LinkChecker(protected).check(url)` is the same check outside posts (the inbox's
phishing score of incoming messages uses it).

Deliberately does not find: phishing wording, what a link's page contains or redirects to, the same name
under another public suffix (`apple.pl`, `google.de` are often the brand's own), and look-alikes of
unprotected names.
"""

from __future__ import annotations

import ipaddress
import re
import unicodedata
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Iterable, NamedTuple
from urllib.parse import urlsplit

import idna
import tldextract
from confusable_homoglyphs import confusables
from pydantic import BaseModel, ConfigDict, Field
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .base import Context, Detector, Hit, replace_span

if TYPE_CHECKING:
    from ..policy.schema import Policy

PROTECTED_DOMAINS = (
    "facebook.com", "instagram.com", "x.com", "twitter.com", "linkedin.com", "tiktok.com", "youtube.com",
    "google.com", "microsoft.com", "apple.com", "paypal.com", "whatsapp.com",
    "allegro.pl", "olx.pl", "inpost.pl", "poczta-polska.pl", "pkobp.pl", "mbank.pl", "ing.pl",
    "santander.pl", "pekao.com.pl", "bankmillennium.pl", "aliorbank.pl",
)
# Link wrappers a platform puts around every link itself: on X every URL becomes `https://t.co/...`, shown to
# readers by its real address, so a `t.co` link in an X post is not a shortener the author chose.
PLATFORM_WRAPPERS = {"x": "t.co", "twitter": "t.co"}
SHORTENERS = (
    "bit.ly", "tinyurl.com", "t.co", "goo.gl", "ow.ly", "is.gd", "v.gd", "buff.ly", "cutt.ly", "rebrand.ly",
    "tiny.pl", "tiny.cc", "shorturl.at", "rb.gy", "t.ly", "s.id", "bl.ink", "bit.do", "lnkd.in", "fb.me",
    "qrco.de", "urlz.fr",
)
LURE_WORDS = frozenset(
    "login signin logon secure security verify verification account accounts support help update auth "
    "wallet pay payment payments bank confirm recovery unlock service official team app online mobile "
    "mail web www com net org pl eu logowanie konto weryfikacja platnosc platnosci dostawa paczka".split()
)
MIN_PART_LENGTH = 3
_SKELETON_DIGITS = str.maketrans({"0": "o", "1": "l", "3": "e", "5": "s"})


@cache
def _extractor() -> tldextract.TLDExtract:
    """The public-suffix splitter, offline (bundled suffix list, no cache directory)."""
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class LinkProblem(NamedTuple):
    label: str  # lookalike | shortener | raw_ip | insecure
    imitates: str | None = None  # for a lookalike: the protected domain it imitates


class ParsedUrl(NamedTuple):
    scheme: str  # "" when written without one ("www.example.com")
    host: str
    userinfo: str


def parse_url(url: str) -> ParsedUrl | None:
    """Scheme, host (lower case, no trailing dot) and user-info of `url`; None when it has no usable host."""
    text = url.strip()
    has_scheme = "://" in text[:12]
    try:
        parts = urlsplit(text if has_scheme else f"//{text}")
        host = (parts.hostname or "").rstrip(".")
    except ValueError:
        return None
    if not host:
        return None
    userinfo = parts.netloc.rpartition("@")[0] if "@" in parts.netloc else ""
    return ParsedUrl(parts.scheme.lower() if has_scheme else "", host, userinfo)


def _is_ip(host: str) -> bool:
    if host.isdigit():  # http://3232235777 is an IPv4 address written as one number
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _decode(label: str) -> str:
    """An IDN label (`xn--...`) in Unicode; other labels unchanged."""
    if not label.startswith("xn--"):
        return label
    try:
        return idna.decode(label)
    except (idna.IDNAError, UnicodeError):
        return label


def _unicode_host(host: str) -> str:
    return ".".join(_decode(label) for label in host.lower().split("."))


@lru_cache(maxsize=2048)
def _latin_char(char: str) -> str:
    """The ASCII letter a non-ASCII character reads as (`ą`→`a`, Cyrillic `р`→`p`), else the character."""
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base.isascii():
        return base.lower()
    for found in confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True) or []:
        for homoglyph in found["homoglyphs"]:
            if homoglyph["c"].isascii():
                return homoglyph["c"].lower()
    return char


def skeleton(label: str) -> str:
    """What a domain label reads as: ASCII look-alikes folded (`pаypa1`→`paypal`, `rnbank`→`mbank`)."""
    latin = label if label.isascii() else "".join(_latin_char(c) for c in label)
    return latin.lower().replace("rn", "m").replace("vv", "w").translate(_SKELETON_DIGITS)


def _allowed_distance(name: str) -> int:
    return 2 if len(name) >= 10 else 1 if len(name) >= 6 else 0


class LinkChecker:
    """Checks URLs against protected domains (own ones plus `PROTECTED_DOMAINS`); build once, reuse."""

    def __init__(
        self,
        protected: Iterable[str] = (),
        *,
        shorteners: Iterable[str] = SHORTENERS,
        allow_domains: Iterable[str] = (),
        require_https: bool = True,
    ) -> None:
        own = {self._clean(d) for d in protected if d.strip()}
        platforms = set(PROTECTED_DOMAINS)
        self._trusted = own | platforms
        self._allowed = {self._clean(d) for d in allow_domains if d.strip()}
        self._shorteners = {self._clean(d) for d in shorteners if d.strip()}
        self._require_https = require_https
        self._names: dict[str, str] = {}  # skeleton of the name before the suffix -> protected domain
        for domain in [*platforms, *own]:  # own names win a clash
            name = _extractor()(domain).domain or domain
            self._names[skeleton(name)] = domain
        self._own_names = {skeleton(_extractor()(d).domain or d) for d in own}
        self._name_list = list(self._names)
        self._host_problems = lru_cache(maxsize=4096)(self._analyse_host)

    @staticmethod
    def _clean(domain: str) -> str:
        return _unicode_host(domain.strip().lower().removeprefix("www.").rstrip("."))

    def check(self, url: str) -> list[LinkProblem]:
        """Every problem of `url`, in the order lookalike, shortener, raw_ip, insecure."""
        parsed = parse_url(url)
        if parsed is None:
            return []
        problems = list(self._host_problems(parsed.host))
        imitated = self._imitated_in_userinfo(parsed.userinfo)
        if imitated and not any(p.label == "lookalike" for p in problems):
            problems.insert(0, LinkProblem("lookalike", imitated))
        if self._require_https and parsed.scheme == "http":
            problems.append(LinkProblem("insecure"))
        return problems

    def _analyse_host(self, host: str) -> tuple[LinkProblem, ...]:
        if _is_ip(host.strip("[]")):
            return (LinkProblem("raw_ip"),)
        unicode_host = _unicode_host(host)
        parts = _extractor()(unicode_host)
        registrable = parts.top_domain_under_public_suffix or unicode_host
        if self._is_under(unicode_host, registrable, self._allowed):
            return ()
        if self._is_under(unicode_host, registrable, self._shorteners):
            return (LinkProblem("shortener"),)
        if not parts.suffix or self._is_under(unicode_host, registrable, self._trusted):
            return ()
        imitated = self._imitated(parts.domain, parts.subdomain, parts.suffix)
        return (LinkProblem("lookalike", imitated),) if imitated else ()

    @staticmethod
    def _is_under(host: str, registrable: str, domains: set[str]) -> bool:
        """`host` is one of `domains` or a subdomain of one."""
        return registrable in domains or host in domains or any(host.endswith(f".{d}") for d in domains)

    def _imitated(self, name: str, subdomain: str, suffix: str) -> str | None:
        """The protected domain that `name.suffix` (with `subdomain`) imitates, if any."""
        return (
            self._imitated_name(name, suffix)
            or self._embedded_domain(subdomain)
            or self._embedded_name(re.split(r"[.-]", subdomain) + (name.split("-") if "-" in name else []))
        )

    def _imitated_name(self, name: str, suffix: str) -> str | None:
        """A protected name that `name` is a homoglyph or typo of (the same name under another suffix is not)."""
        read = skeleton(name)
        if read in self._names:
            return self._names[read] if read != name else None
        match = process.extractOne(read, self._name_list, scorer=Levenshtein.distance, score_cutoff=2)
        if match and match[1] <= _allowed_distance(match[0]):
            return self._names[match[0]]
        if not name.isascii() and confusables.is_dangerous(name):
            return f"{read}.{suffix}"  # mixed scripts reading as a name we do not protect: still a disguise
        return None

    def _embedded_domain(self, subdomain: str) -> str | None:
        """A protected domain written as the subdomain of another one (`acme.pl.secure-login.xyz`)."""
        if not subdomain:
            return None
        wrapped = f".{subdomain}."
        return next((d for d in self._trusted if f".{d}." in wrapped), None)

    def _embedded_name(self, parts: list[str]) -> str | None:
        """A protected name as a label or hyphen part: own names always, platforms only beside a lure word."""
        reads = [skeleton(p) for p in parts if p]
        has_lure = any(r in LURE_WORDS for r in reads)
        for read in reads:
            if len(read) >= MIN_PART_LENGTH and read in self._names and (read in self._own_names or has_lure):
                return self._names[read]
        return None

    def _imitated_in_userinfo(self, userinfo: str) -> str | None:
        """`https://paypal.com@evil.example`: a protected domain posing as the host in the user-info part."""
        if not userinfo:
            return None
        info = _unicode_host(userinfo.partition(":")[0])
        return self._embedded_domain(info) or self._names.get(skeleton(info.partition(".")[0]))


class LinkParams(BaseModel):
    model_config = ConfigDict(extra="forbid")
    shorteners: list[str] = Field(default_factory=lambda: list(SHORTENERS))
    allow_domains: list[str] = Field(default_factory=list)
    require_https: bool = True
    protected_domains: list[str] = Field(default_factory=list)  # added to the organisation's own domains


class SuspiciousLinks(Detector):
    id = "security.link"
    summary = "Look-alike domains, URL shorteners, raw IP addresses and non-HTTPS links."
    Params = LinkParams

    def __init__(self, params: LinkParams, policy: "Policy") -> None:
        super().__init__(params, policy)
        self._checker = LinkChecker(
            [*policy.organisation.domains, *params.protected_domains],
            shorteners=params.shorteners,
            allow_domains=params.allow_domains,
            require_https=params.require_https,
        )

    def find(self, ctx: Context) -> Iterable[Hit]:
        text = ctx.text
        wrapper = PLATFORM_WRAPPERS.get(ctx.post.platform)
        for url in ctx.post.all_links():
            parsed = parse_url(url)
            host = parsed.host if parsed else url
            problems = [
                p for p in self._checker.check(url)
                if not (p.label == "shortener" and wrapper and (host == wrapper or host.endswith(f".{wrapper}")))
            ]
            if problems:
                start = text.find(url)
                yield self._hit(problems, url, (start, start + len(url)) if start >= 0 else (0, 0), host, text)

    @staticmethod
    def _hit(problems: list[LinkProblem], url: str, span: tuple[int, int], host: str, text: str) -> Hit:
        """One hit per link: labelled and worded by its first problem, the others' sentences following."""
        main, *others = problems
        imitates = next((p.imitates for p in problems if p.imitates), "")
        args = {"url": url, "domain": host, "imitates": imitates, "problems": ", ".join(p.label for p in problems)}
        fix_text = fix = None
        if any(p.label == "insecure" for p in problems) and span != (0, 0):
            fix, fix_text = "security.link.fix_https", replace_span(text, *span, "https://" + url[len("http://") :])
        more = tuple(f"security.link.also.{p.label}" for p in others)
        return Hit(*span, f"security.link.{main.label}", args=args, more=more, label=main.label, fix=fix,
                   fix_text=fix_text)
