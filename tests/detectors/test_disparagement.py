"""conduct.disparagement: negative EN and PL sentences naming the organisation or a named competitor."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from socialguard import Post, evaluate, load_policy
from socialguard.detectors import Context, registry
from socialguard.detectors.disparagement import Disparagement, DisparagementParams
from socialguard.lang import detect_language
from socialguard.policy.schema import OrganisationProfile, Policy

ACME = Policy(organisation=OrganisationProfile(name="Acme", brand_names=["Acme", "AcmePay"], handles=["@acme_pl"],
                                        competitors=["Globex", "Initech"]))


def hits(text: str, policy: Policy = ACME, **params):
    detector = Disparagement(DisparagementParams(**params), policy)
    return list(detector.find(Context(Post(text=text), detect_language(text), policy)))


def test_registered_under_its_id():
    assert registry()["conduct.disparagement"] is Disparagement


@pytest.mark.parametrize(
    ("text", "target", "name"),
    [
        ("Acme customer service is terrible and I hate their useless app.", "organisation", "Acme"),
        ("AcmePay is down again, worst payment app ever", "organisation", "AcmePay"),
        ("Obsługa klienta w Acme jest beznadziejna, nigdy więcej.", "organisation", "Acme"),
        ("Globex is a scam, their products are garbage.", "competitors", "Globex"),
        ("Nie znoszę Globexu, to oszuści i złodzieje.", "competitors", "Globex"),
        ("Fatalna obsługa w Globexie, nie polecam.", "competitors", "Globex"),
    ],
)
def test_negative_sentences_about_named_organisations_are_found(text, target, name):
    [hit] = hits(text)
    assert (hit.label, hit.entity) == (target, name)
    assert hit.message == ("disparagement.organisation" if target == "organisation" else "disparagement.competitor")
    assert (hit.start, hit.end) == (0, len(text))
    assert 0.4 <= hit.score <= 1.0


@pytest.mark.parametrize(
    "text",
    [
        "Proud to work at Acme, great team!",
        "Acme opens a new office in Kraków on Monday.",
        "Love my new Globex phone!",
        "Jestem dumna, że pracuję w Acme. Świetny zespół!",
        "Acme otwiera nowe biuro w Krakowie w poniedziałek.",
        "Zamówienie z @acme_pl dotarło, wszystko w porządku.",
        "This weather is terrible and the trains are late again.",
    ],
)
def test_praise_news_and_unnamed_complaints_pass(text):
    assert hits(text) == []


def test_only_the_sentence_that_names_them_is_judged():
    assert hits("This weather is terrible. Acme opens a new office on Monday.") == []
    text = "Great weekend in the mountains! Globex is a scam, their products are garbage."
    [hit] = hits(text)
    assert text[hit.start : hit.end] == "Globex is a scam, their products are garbage."


def test_targets_param_narrows_whom_to_protect():
    assert hits("Acme customer service is terrible and I hate their useless app.", targets=["competitors"]) == []
    assert hits("Globex is a scam, their products are garbage.", targets=["competitors"])


def test_extra_names_are_protected_too():
    text = "The RoadRunner phone is terrible, I hate it and it broke in a week."
    assert hits(text) == []
    [hit] = hits(text, extra_names={"organisation": ["RoadRunner"]})
    assert hit.entity == "RoadRunner" and hit.label == "organisation"


def test_max_score_param_asks_for_stronger_negativity():
    text = "Globex is a scam, their products are garbage."
    assert hits(text, max_score=-0.99) == []


def test_placeholder_name_of_the_built_in_policy_is_ignored():
    assert hits("Your organisation is the worst, I hate it.", policy=Policy()) == []


@pytest.mark.parametrize("params", [{"targets": ["everyone"]}, {"max_score": 0.5}, {"threshold": -0.5}])
def test_bad_params_are_rejected(params):
    with pytest.raises(ValidationError):
        DisparagementParams(**params)


def test_general_pack_reviews_personal_posts_under_the_no_disparaging_clause(tmp_path):
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("organisation: {name: Acme, competitors: [Globex]}\npacks: [general]\n", encoding="utf-8")
    policy = load_policy(policy_file)
    text = "Globex is a scam, their products are garbage."
    personal = evaluate(Post(text=text, account="personal"), policy)
    [finding] = [f for f in personal.findings if f.detector == "conduct.disparagement"]
    assert finding.rule == "disparagement" and finding.severity.value == "review"
    assert finding.clause.id == "no-disparaging"
    assert "Globex" in finding.message
    brand = evaluate(Post(text=text, account="brand"), policy)
    assert not [f for f in brand.findings if f.detector == "conduct.disparagement"]


def test_message_is_in_the_posts_language(tmp_path):
    policy_file = tmp_path / "policy.yaml"
    policy_file.write_text("organisation: {name: Acme, competitors: [Globex]}\npacks: [general]\n", encoding="utf-8")
    verdict = evaluate(Post(text="Nie znoszę Globexu, to oszuści i złodzieje.", lang="pl"), load_policy(policy_file))
    [finding] = [f for f in verdict.findings if f.detector == "conduct.disparagement"]
    assert finding.message.startswith("Negatywna wypowiedź o konkurencie „Globex”")
