"""The Polish catalogue of the web interface: complete (nothing untranslated or fuzzy), Polish plural forms,
the compiled .mo in step with the .po, every literal template string in it, counted strings in the right Polish
form, and pages of several apps (inbox, security registry and audit, dashboard, policy) shown in Polish to a
person who chose Polish and in English to one who chose English."""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.urls import reverse

import socialguard

PACKAGE = Path(socialguard.__file__).parent
CATALOGUE = PACKAGE / "web" / "locale" / "pl" / "LC_MESSAGES"
POLISH_PLURALS = "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
# `{% translate "text" %}` / `{% trans 'text' context "ctx" %}` with a literal, and `_("text")` inside tags.
TEMPLATE_STRING = re.compile(
    r"""\{%\s*trans(?:late)?\s+(?P<q>["'])(?P<msgid>.*?)(?P=q)(?:\s+context\s+(?P<c>["'])(?P<ctx>.*?)(?P=c))?"""
    r"""|\b_\((?P<q2>["'])(?P<msgid2>.*?)(?P=q2)\)"""
)


def read_po(path: Path) -> list[dict]:
    """The entries of a .po file: msgctxt, msgid, msgid_plural, msgstr (a list of forms) and flags."""
    entries, entry, field = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry is not None and "msgid" in entry:  # (an entry of comments only, e.g. obsolete, is skipped)
                entries.append(entry)
            entry = field = None
            continue
        entry = entry if entry is not None else {"flags": set(), "msgstr": {}}
        if line.startswith("#,"):
            entry["flags"].update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, field, ast.literal_eval(line))
        else:
            keyword, _space, text = line.partition(" ")
            field = keyword
            if keyword.startswith("msgstr"):
                entry["msgstr"][keyword] = ""
            _append(entry, field, ast.literal_eval(text))
    return [{**e, "msgstr": list(e["msgstr"].values())} for e in entries]


def _append(entry: dict, field: str, text: str) -> None:
    if field.startswith("msgstr"):
        entry["msgstr"][field] += text
    else:
        entry[field] = entry.get(field, "") + text


def messages() -> list[dict]:
    return [e for e in read_po(CATALOGUE / "django.po") if e["msgid"]]


def header() -> str:
    return next(e for e in read_po(CATALOGUE / "django.po") if not e["msgid"])["msgstr"][0]


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = messages()
    assert len(entries) > 500
    assert [e["msgid"] for e in entries if not all(e["msgstr"])] == []
    assert [e["msgid"] for e in entries if "fuzzy" in e["flags"]] == []


def test_plural_entries_have_the_three_polish_forms():
    assert f"Plural-Forms: {POLISH_PLURALS}" in header()
    plural = [e for e in messages() if "msgid_plural" in e]
    assert plural and all(len(e["msgstr"]) == 3 for e in plural)


def test_compiled_catalogue_matches_the_source():
    with open(CATALOGUE / "django.mo", "rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for e in messages():
        key = f"{e['msgctxt']}\x04{e['msgid']}" if "msgctxt" in e else e["msgid"]
        if "msgid_plural" in e:
            assert [compiled.ngettext(key, e["msgid_plural"], n) for n in (1, 3, 5)] == e["msgstr"], e["msgid"]
        else:
            assert compiled.gettext(key) == e["msgstr"][0], e["msgid"]


def test_every_literal_template_string_is_in_the_catalogue():
    known = {(e.get("msgctxt"), e["msgid"]) for e in messages()}
    missing = []
    for template in PACKAGE.glob("*/templates/**/*.html"):
        for found in TEMPLATE_STRING.finditer(template.read_text(encoding="utf-8")):
            msgid = found["msgid"] if found["msgid"] is not None else found["msgid2"]
            if (found["ctx"], msgid) not in known:
                missing.append(f"{template.relative_to(PACKAGE)}: {msgid!r}")
    assert missing == []


def test_template_string_pattern_sees_plain_and_context_strings_only():
    found = [(m["msgid"] or m["msgid2"], m["ctx"]) for m in TEMPLATE_STRING.finditer(
        '{% translate "Inbox" %} {% trans \'Open\' context "incidents" %} {{ x|default:_("system") }} '
        '{% blocktranslate %}Not {{ this }}{% endblocktranslate %} {% translate variable %}')]
    assert found == [("Inbox", None), ("Open", "incidents"), ("system", None)]


# --- pages in Polish ------------------------------------------------------------------------------------


def _speaking(user, language: str):
    from socialguard.orgs.models import Profile

    Profile.objects.update_or_create(user=user, defaults={"language": language})
    return user


def _one_mention(org) -> None:
    from socialguard.inbox import mention as pure
    from socialguard.inbox.django_store import ingest
    from socialguard.inbox.sla import wall_clock

    heard = pure.Mention(source="x", external_id="m-1", text="Terrible service, my order never arrived.",
                         author="@someone", author_followers=3)
    ingest(org, [heard], wall_clock)


def _brand_account(org) -> None:
    from socialguard.security.models import BrandAccountEntry

    BrandAccountEntry.objects.create(org=org, platform="instagram", handle="@acme", owner="Anna", two_factor="app",
                                     access=[{"holder": "Anna", "kind": "person", "method": "own_login",
                                              "status": "active"}])


PAGES = {
    "inbox:list": (["Skrzynka wzmianek", "Dowolny status", "Dowolny wydźwięk", "Incydenty kryzysowe", "Nowa",
                    "Pilny", "Termin SLA", "Wzmianki dziennie według wydźwięku"],
                   ["Any status", "Any sentiment", "Crisis incidents", "SLA due"]),
    "security:registry": (["Rejestr kont firmowych", "Drugi składnik", "Aplikacja uwierzytelniająca",
                           "Audyt bezpieczeństwa", "Sprawdź hasło", "Eksportuj CSV"],
                          ["Brand-account registry", "Second factor", "Authenticator app", "Check a password",
                           "Export CSV"]),
    "security:audit": (["Audyt bezpieczeństwa", "Sprawdzono zgodność z polityką: 1 konto firmowe"],
                       ["Security audit", "brand account checked"]),
    "dashboard:dashboard": (["Pulpit", "Ustalenia według zespołów", "4 tygodnie", "12 tygodni", "26 tygodni",
                             "52 tygodnie"],
                            ["Findings by team", "12 weeks"]),
    "policy_pages:document": (["Polityka mediów społecznościowych", "Pobierz PDF", "Wszystkie wersje"],
                              ["Social media policy", "Download PDF", "All versions"]),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_pages_speak_polish_to_a_person_who_chose_polish(acme, client_as, page):
    _one_mention(acme.org)
    _brand_account(acme.org)
    polish, english = PAGES[page]
    response = client_as(_speaking(acme.users["comms_lead"], "pl")).get(reverse(page))
    text = response.content.decode()
    assert response.status_code == 200 and 'lang="pl"' in text
    assert [s for s in polish if s not in text] == []
    assert [s for s in english if s in text] == []


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_the_same_pages_stay_english_for_a_person_who_chose_english(acme, client_as, page):
    _one_mention(acme.org)
    _brand_account(acme.org)
    polish, english = PAGES[page]
    text = client_as(_speaking(acme.users["comms_lead"], "en")).get(reverse(page)).content.decode()
    assert [s for s in english if s not in text] == []
    assert [s for s in polish if s in text] == []


@pytest.mark.parametrize("n, weeks, followers", [
    (1, "1 tydzień", "1 obserwujący"), (2, "2 tygodnie", "2 obserwujących"), (4, "4 tygodnie", "4 obserwujących"),
    (5, "5 tygodni", "5 obserwujących"), (12, "12 tygodni", "12 obserwujących"),
    (22, "22 tygodnie", "22 obserwujących"), (25, "25 tygodni", "25 obserwujących"),
    (112, "112 tygodni", "112 obserwujących"),
])
def test_counted_strings_take_the_polish_plural_form(n, weeks, followers):
    from django.utils import translation

    with translation.override("pl"):
        assert translation.ngettext("%(n)s week", "%(n)s weeks", n) % {"n": n} == weeks
        assert translation.ngettext("%(n)s follower", "%(n)s followers", n) % {"n": n} == followers
