"""disclosure.employee: personal posts that mention the employer need the disclosure at the start."""

import pytest

from socialguard import Post, evaluate, load_policy
from socialguard.policy import parse_policy

POLICY_YAML = """
organisation:
  name: Orlen S.A.
  brand_names: [Żabka, Acme]
  domains: [orlen.pl]
  handles: ["@orlen_pl"]
personal_accounts:
  disclaimer:
    en: "Views are my own and do not represent my employer."
    pl: "Wyrażam własne opinie, nie stanowisko mojego pracodawcy."
  disclosure_tags: ["#employee", "#pracownik", "#ad", "#reklama"]
packs: [general]
"""
POLICY = parse_policy(POLICY_YAML)
EN_DISCLAIMER = "Views are my own and do not represent my employer."
PL_DISCLAIMER = "Wyrażam własne opinie, nie stanowisko mojego pracodawcy."


def disclosure_findings(text, policy=POLICY, **post):
    verdict = evaluate(Post(text=text, **post), policy)
    return [f for f in verdict.findings if f.detector == "disclosure.employee"]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Views are my own and do not represent my employer. Great launch at Acme today!", "en"),
        ("#ad Try the new Acme app, it is great.", "en"),
        ("Wyrażam własne opinie, nie stanowisko mojego pracodawcy. Świetny dzień w Orlenie!", "pl"),
        ("#pracownik Nowa aplikacja Żabki jest super.", "pl"),
        # within the first sentence and before "more": still at the start
        ("Proud of what our whole team at Acme shipped this quarter #employee. More soon.", "en"),
    ],
)
def test_disclosure_at_the_start_is_enough(text, lang):
    assert disclosure_findings(text, lang=lang) == []


@pytest.mark.parametrize(
    "text, lang, mention",
    [
        ("Great launch at Acme today!", "en", "Acme"),
        ("Pracuję w Orlenie od pięciu lat i polecam.", "pl", "Orlenie"),  # Polish case ending
        ("Kup to w ŻABCE albo w ZABKE, nowa oferta!", "pl", "ŻABCE"),  # diacritics, case and k -> c ignored
        ("Apply via orlen.pl/kariera today, we are hiring!", "en", "orlen.pl"),
        ("Great thread by @orlen_pl about fuel prices.", "en", "@orlen_pl"),
    ],
)
def test_employer_mention_without_disclosure_is_missing(text, lang, mention):
    [finding] = disclosure_findings(text, lang=lang)
    assert finding.label == "missing"
    assert finding.match == mention
    assert finding.severity.value == "warn"
    assert finding.clause.id == "disclosure"


def test_fix_adds_the_disclaimer_in_the_posts_language():
    [en] = disclosure_findings("Great launch at Acme today!", lang="en")
    assert en.fix.text == f"{EN_DISCLAIMER} Great launch at Acme today!"
    [pl] = disclosure_findings("Pracuję w Orlenie i polecam.", lang="pl")
    assert pl.fix.text == f"{PL_DISCLAIMER} Pracuję w Orlenie i polecam."
    assert "Wpis wspomina Twojego pracodawcę (Orlenie)" in pl.message
    assert pl.fix.description == f"Dodaj na początku „{PL_DISCLAIMER}”"


def test_fix_falls_back_to_the_first_disclaimer_for_other_languages():
    [finding] = disclosure_findings("Acme ist toll und ich arbeite gern dort.", lang="de")
    assert finding.fix.text.startswith(EN_DISCLAIMER)


def test_tag_buried_in_a_trailing_hashtag_block_is_moved_to_the_start():
    text = "Great day at Acme with the team! #fun #team #ad"
    [finding] = disclosure_findings(text, lang="en")
    assert finding.label == "buried"
    assert finding.match == "Acme"
    assert "#ad" in finding.message and "buried" in finding.message
    assert finding.fix.text == f"#ad {EN_DISCLAIMER} Great day at Acme with the team! #fun #team"


def test_same_tag_in_a_short_post_is_at_the_start_unless_in_the_hashtag_tail():
    assert disclosure_findings("Acme is hiring! #ad", lang="en") == []  # one tag is no hashtag block
    [finding] = disclosure_findings("Acme is hiring! #jobs #ad #career", lang="en")
    assert finding.label == "buried"


def test_disclaimer_after_the_first_sentence_far_from_the_start_is_buried():
    text = (
        "Spędziłam cały dzień w Orlenie z zespołem, który zbudował nową aplikację lojalnościową. "
        "Wyrażam własne opinie, nie stanowisko mojego pracodawcy."
    )
    [finding] = disclosure_findings(text, lang="pl")
    assert finding.label == "buried"
    assert finding.fix.text == (
        "Wyrażam własne opinie, nie stanowisko mojego pracodawcy. Spędziłam cały dzień w Orlenie z zespołem, "
        "który zbudował nową aplikację lojalnościową."
    )


def test_max_offset_is_a_param():
    policy = parse_policy(POLICY_YAML + "overrides: {employee-disclosure: {params: {max_offset: 5}}}\n")
    text = "Great launch at Acme today. #ad more text follows here."
    assert disclosure_findings(text, lang="en") == []
    [finding] = disclosure_findings(text, policy, lang="en")
    assert finding.label == "buried"


@pytest.mark.parametrize("tag", ["#sp", "#spon", "#collab"])
def test_ambiguous_tag_alone_is_insufficient(tag):
    [finding] = disclosure_findings(f"{tag} Love the new Acme app!", lang="en")
    assert finding.label == "ambiguous"
    assert tag in finding.message
    assert finding.fix.text == f"{EN_DISCLAIMER} {tag} Love the new Acme app!"


@pytest.mark.parametrize(
    "text",
    [
        "I love my new sports car. #sport",  # no employer mention
        "Acmeology is a word I just made up.",  # name inside a longer word
        "Orlenowski to nazwisko mojego sąsiada.",  # not a case ending of Orlen
        "#adventure time at the lake",  # no mention; #adventure is not #ad
    ],
)
def test_near_misses_are_not_mentions(text):
    assert disclosure_findings(text) == []


def test_hashtag_that_only_starts_like_a_disclosure_tag_does_not_count():
    [finding] = disclosure_findings("#adventure at Acme today!", lang="en")
    assert finding.label == "missing"


def test_employer_link_only_in_post_links_is_a_mention():
    [finding] = disclosure_findings("Check this out!", links=["https://www.orlen.pl/pl/kariera"], lang="en")
    assert (finding.start, finding.end) == (0, 0)
    assert finding.label == "missing"


def test_params_mentions_add_names():
    policy = parse_policy(POLICY_YAML + "overrides: {employee-disclosure: {params: {mentions: [Vitay]}}}\n")
    assert disclosure_findings("Zbieram punkty Vitay od lat.", lang="pl") == []
    [finding] = disclosure_findings("Zbieram punkty Vitay od lat.", policy, lang="pl")
    assert finding.match == "Vitay"


def test_brand_accounts_are_out_of_scope():
    text = "Great launch at Acme today!"
    assert disclosure_findings(text, account="brand", role="ceo", lang="en") == []
    assert len(disclosure_findings(text, account="personal", lang="en")) == 1


def test_default_policy_placeholder_name_is_no_mention():
    assert disclosure_findings("Does your organisation use Slack for this?", load_policy()) == []
