"""Saved-reply suggestions in English and Polish, filling variables, and the engine's check of a reply."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from socialguard import load_policy
from socialguard.inbox.mention import Mention
from socialguard import Post, evaluate
from socialguard.inbox.replies import ReplySuggester, fill, reply_platform
from socialguard.inbox.understanding import Reader
from socialguard.model import Outcome
from socialguard.policy.schema import SavedReply

DATA = yaml.safe_load((Path(__file__).parent / "fixtures" / "replies.yaml").read_text("utf-8"))
REPLIES = [SavedReply.model_validate(r) for r in DATA["saved_replies"]]
POLICY = load_policy()
READER = Reader(POLICY.listening)


@pytest.fixture(scope="module")
def suggester() -> ReplySuggester:
    return ReplySuggester(REPLIES)


def _read(text: str, lang: str | None = None) -> Mention:
    return READER.read([Mention("mastodon", text, text, lang=lang)])[0]


@pytest.mark.parametrize("text, lang, expected", [
    ("Ordered ten days ago and the package is still not here", "en", "late-delivery"),
    ("Zamówiłem 10 dni temu i dalej nic nie przyszło", "pl", "late-delivery"),
    ("Received a damaged phone, the screen is smashed", "en", "damaged-item"),
    ("Dostałem uszkodzony telefon, ekran rozbity", "pl", "damaged-item"),
    ("Czy blender ma gwarancję?", "pl", "warranty"),
    ("What are your opening hours on Saturday?", "en", "opening-hours"),
    ("Ktoś zalogował się na moje konto i zmienił hasło", "pl", "data-concern"),
])
def test_the_right_reply_comes_first_in_its_language(suggester, text, lang, expected):
    first = suggester.suggest(_read(text, lang))[0]
    assert first.reply.id == expected
    assert first.lang == lang and first.text == first.reply.text[lang]


def test_accuracy_on_the_whole_labelled_set(suggester):
    mentions = READER.read([Mention("x", str(i), m["text"], lang=m["lang"]) for i, m in enumerate(DATA["labelled"])])
    top3 = [[s.reply.id for s in suggester.suggest(m, 3)] for m in mentions]
    truth = [m["reply"] for m in DATA["labelled"]]
    assert sum(t == r[0] for t, r in zip(truth, top3)) / len(truth) >= 0.85
    assert sum(t in r for t, r in zip(truth, top3)) / len(truth) >= 0.95


def test_the_topic_bonus_lifts_a_reply_of_the_mentions_topic(suggester):
    mention = _read("Thanks, but where is my parcel? Still waiting.", "en")
    assert "complaint" in mention.understanding.topics
    first = suggester.suggest(mention)[0]
    assert first.same_topic and first.reply.topic == "complaint"


def test_a_policy_without_examples_matches_on_titles_and_texts():
    suggester = ReplySuggester(load_policy("examples/acme.yaml").saved_replies or REPLIES[:1])
    assert suggester.suggest(_read("my order is late"))


def test_fill_variables_and_report_the_missing_ones():
    template = REPLIES[0].text["pl"]
    text, missing = fill(template, {"name": "Ola", "order_id": ""})
    assert text.startswith("Przepraszamy za opóźnienie, Ola.") and "{order_id}" in text
    assert missing == ["order_id"]
    assert fill("Hi {name}, {name.__class__} {0}", {"name": "Jan"}) == ("Hi Jan, {name.__class__} {0}", [])


def check_reply(text: str, mention: Mention, policy, role: str | None = None):
    """A reply as the inbox checks it (`inbox.actions.reply`): a brand-account post answering the topic."""
    topics = mention.understanding.topics
    return evaluate(Post(text=text, account="brand", account_handle="@acme", role=role,
                         platform=reply_platform(mention.source), in_reply_to_topic=topics[0]), policy)


def test_a_reply_is_checked_as_a_brand_post_answering_the_topic():
    mention = _read("Zamówienie nie dotarło, reklamacja bez odpowiedzi.", "pl")
    assert (mention.understanding.topics[0], mention.understanding.lang, reply_platform(mention.source)) == (
        "complaint", "pl", "mastodon")
    text = fill(REPLIES[0].text["pl"], {"name": "Ola", "order_id": "A-1001"})[0]
    good = check_reply(text, mention, POLICY, role="spokesperson")
    assert good.outcome in (Outcome.ok, Outcome.ok_with_warnings)
    anyone = check_reply(text, mention, POLICY)  # the brand account speaks only through authorised roles
    assert anyone.outcome == Outcome.needs_approval and anyone.active[0].detector.startswith("authority")
    leaking = check_reply("Ola, Twój PESEL 44051401359 jest w systemie, paczka w drodze.", mention, POLICY,
                          role="spokesperson")
    assert leaking.outcome in (Outcome.needs_approval, Outcome.blocked)
    assert any(f.detector == "confidential.pii" for f in leaking.active)


def test_a_policy_without_saved_replies_suggests_nothing():
    suggester = ReplySuggester([])
    assert suggester.suggest(Mention(source="test", external_id="1", text="Where is my order?")) == []
