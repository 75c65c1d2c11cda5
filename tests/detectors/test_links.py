"""security.link: look-alike domains, shorteners, raw IPs and non-HTTPS links."""

import pytest

from socialguard import Post, evaluate
from socialguard.detectors.link import LinkChecker, skeleton
from socialguard.policy import parse_policy

POLICY_YAML = """
organisation: {name: Acme, domains: [acme.pl, acme-sklep.com]}
packs: [general]
"""
POLICY = parse_policy(POLICY_YAML)


def link_findings(text, policy=POLICY, **post):
    verdict = evaluate(Post(text=text, **post), policy)
    return [f for f in verdict.findings if f.detector == "security.link"]


@pytest.mark.parametrize(
    "url, imitates",
    [
        ("https://paypa1.com/login", "paypal.com"),  # digit for a letter
        ("https://xn--pypal-4ve.com/", "paypal.com"),  # IDN: Cyrillic "а" in "pаypal"
        ("https://аррle.com", "apple.com"),  # Cyrillic letters written directly
        ("https://faceb00k.com/events", "facebook.com"),
        ("https://rnbank.pl/logowanie", "mbank.pl"),  # "rn" reads as "m"
        ("https://allegrо.pl/oferta", "allegro.pl"),  # Cyrillic "о"
        ("https://twiter.com/acme", "twitter.com"),  # one letter missing
        ("https://acrne.pl/promocja", "acme.pl"),  # own domain, "rn" for "m"
        ("https://acme.pl.secure-login.xyz/konto", "acme.pl"),  # own domain as a subdomain
        ("https://acme-pl-login.com", "acme.pl"),  # own name as a hyphen part
        ("https://paypal-secure-login.com", "paypal.com"),  # platform name beside a lure word
        ("https://paypal.com@evil.example/", "paypal.com"),  # user-info trick
    ],
)
def test_lookalikes(url, imitates):
    [finding] = [f for f in link_findings(f"Sprawdź: {url} teraz") if f.label == "lookalike"]
    assert imitates in finding.message
    assert finding.match == url
    assert finding.severity.value == "review"


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.pl/oferta",  # own domain
        "https://sklep.acme.pl/koszyk",  # own subdomain
        "https://www.acme-sklep.com",  # own second domain
        "https://www.google.com/search?q=acme",
        "https://google.pl",  # the same name under another suffix is not a look-alike
        "https://apple-pie-recipes.com",  # platform name without a lure word
        "https://apply.com",  # one letter from "apple", but short names need an exact skeleton
        "https://żabka.pl",  # Polish letters are not a disguise
        "https://youtu.be/dQw4w9WgXcQ",
    ],
)
def test_near_misses_are_fine(url):
    assert link_findings(f"Zobacz {url}") == []


@pytest.mark.parametrize(
    "url", ["https://bit.ly/3abc", "https://t.co/xyz", "https://tiny.pl/abcd", "https://cutt.ly/q"]
)
def test_shorteners(url):
    [finding] = link_findings(f"Read this {url}", lang="en")
    assert finding.label == "shortener"
    assert "cannot see where it leads" in finding.message


def test_one_finding_per_link_lists_all_its_problems():
    [finding] = link_findings("Pobierz z http://192.168.10.7/plik.exe", lang="en")
    assert (finding.label, finding.match) == ("raw_ip", "http://192.168.10.7/plik.exe")
    assert "bare IP address" in finding.message and "also not secure (http://)" in finding.message
    assert finding.fix.text == "Pobierz z https://192.168.10.7/plik.exe"
    [shortened] = link_findings("Czytaj http://t.co/abc", lang="pl")
    assert shortened.label == "shortener"
    assert shortened.message.endswith("Nie jest też bezpieczny (http://): użyj adresu https://.")


def test_x_wraps_every_link_in_t_co_so_in_x_posts_it_is_no_shortener():
    assert link_findings("New release notes https://t.co/xYz12AbC", platform="x") == []
    assert [f.label for f in link_findings("Read http://t.co/xYz12AbC", platform="x")] == ["insecure"]
    assert [f.label for f in link_findings("Read https://bit.ly/x", platform="x")] == ["shortener"]
    assert [f.label for f in link_findings("Read https://t.co/xYz12AbC", platform="linkedin")] == ["shortener"]


def test_insecure_link_gets_the_https_version_as_fix():
    text = "Cennik: http://acme.pl/cennik, zapraszamy."
    [finding] = link_findings(text, lang="pl")
    assert finding.label == "insecure"
    assert finding.match == "http://acme.pl/cennik"
    assert finding.fix.text == "Cennik: https://acme.pl/cennik, zapraszamy."
    assert finding.message == "http://acme.pl/cennik nie jest bezpieczny (http://). Użyj adresu https://."


def test_links_only_in_post_links_have_an_empty_span():
    [finding] = link_findings("See the attached link", links=["https://paypa1.com"])
    assert (finding.start, finding.end) == (0, 0)


def test_params_allow_domains_shorteners_https_and_protected_domains():
    overrides = """
overrides:
  suspicious-links:
    params:
      allow_domains: [bit.ly]
      shorteners: [acme.link]
      require_https: false
      protected_domains: [acmebank.com]
"""
    policy = parse_policy(POLICY_YAML + overrides)
    assert link_findings("https://bit.ly/x http://acme.pl", policy) == []
    assert [f.label for f in link_findings("https://acme.link/x", policy)] == ["shortener"]
    assert [f.label for f in link_findings("https://acmebenk.com/login", policy)] == ["lookalike"]


def test_a_post_without_links_has_no_findings():
    assert link_findings("Bez linków, tylko tekst o paypal i acme.") == []


def check_url(url: str, protected: tuple[str, ...] = ()) -> list[str]:
    return [problem.label for problem in LinkChecker(protected).check(url)]


def test_the_link_checker_works_on_its_own():
    assert check_url("https://paypa1.com") == ["lookalike"]
    assert check_url("http://bit.ly/x") == ["shortener", "insecure"]
    assert check_url("https://mbank.pl.konto-weryfikacja.com") == ["lookalike"]
    assert check_url("https://acme.pl.secure-login.xyz", protected=["acme.pl"]) == ["lookalike"]
    assert check_url("https://acme.pl.secure-login.xyz") == []  # acme.pl is not protected by default
    assert check_url("https://acme.pl", protected=["acme.pl"]) == []
    assert check_url("not a url at all") == []


def test_link_checker_reports_what_is_imitated():
    checker = LinkChecker(["acme.pl"])
    [problem] = checker.check("https://xn--pypal-4ve.com")
    assert problem == ("lookalike", "paypal.com")


@pytest.mark.parametrize("label, read", [("paypa1", "paypal"), ("rnbank", "mbank"), ("pаypal", "paypal")])
def test_skeleton_reads_lookalike_characters(label, read):
    assert skeleton(label) == read
