"""platform.limits: length, hashtag and mention limits, counted the way each platform counts."""

import pytest

from socialguard import Post, evaluate
from socialguard.detectors.limits import COUNTING, LengthCounter
from socialguard.policy import parse_policy

POLICY_YAML = """
organisation: {name: Acme}
packs: [general]
"""
POLICY = parse_policy(POLICY_YAML)
URL = "https://example.com/a/rather/long/path/that/x/shortens/anyway?utm_source=newsletter"


def limit_findings(text, platform, policy=POLICY, **post):
    verdict = evaluate(Post(text=text, platform=platform, **post), policy)
    return [f for f in verdict.findings if f.detector == "platform.limits"]


def test_x_counts_a_url_as_23_characters():
    fits = "a" * (280 - 23 - 1) + " " + URL  # 280 on X although far longer as written
    assert len(fits) > 280
    assert limit_findings(fits, "x") == []
    too_long = "a" + fits  # 281
    [finding] = limit_findings(too_long, "x", lang="en")
    assert finding.label == "chars"
    assert finding.message.startswith("281 characters; X allows 280.")
    assert (finding.start, finding.end) == (too_long.index("https"), len(too_long))  # the URL does not fit


def test_span_is_the_overflowing_part():
    text = "z" * 280 + "ąęść"
    [finding] = limit_findings(text, "x", lang="pl")
    assert finding.match == "ąęść"
    assert finding.message.startswith("Liczba znaków: 284, a X pozwala na 280.")


def test_polish_letters_count_one_and_emoji_two_on_x():
    assert limit_findings("ż" * 280, "x") == []
    assert len(limit_findings("ż" * 281, "x")) == 1
    assert limit_findings("👍🏽" * 140, "x") == []  # emoji with skin tone: one character, weight 2
    [finding] = limit_findings("👍🏽" * 141, "x")
    assert finding.match == "👍🏽"


def test_bluesky_counts_graphemes_and_urls_as_written():
    assert limit_findings("👨‍👩‍👧" * 300, "bluesky") == []  # a ZWJ family is one grapheme
    assert len(limit_findings("👨‍👩‍👧" * 301, "bluesky")) == 1
    text = "a" * (300 - len(URL)) + URL
    assert limit_findings(text, "bluesky") == []
    assert len(limit_findings("a" + text, "bluesky")) == 1


def test_mastodon_counts_urls_as_23_and_remote_mentions_by_user_name():
    mention = "@anna@mastodon.social"  # counts as "@anna": 5
    text = mention + " " + "b" * (500 - 5 - 1 - 24) + " " + URL
    assert LengthCounter(COUNTING["mastodon"]).count(text) == 500
    assert limit_findings(text, "mastodon") == []
    assert len(limit_findings(text + "!", "mastodon")) == 1


@pytest.mark.parametrize(
    "platform, limit", [("threads", 500), ("linkedin", 3000), ("instagram", 2200), ("tiktok", 4000)]
)
def test_other_platforms_at_and_over_the_limit(platform, limit):
    assert limit_findings("x" * limit, platform) == []
    [finding] = limit_findings("x" * (limit + 1), platform)
    assert (finding.start, finding.end) == (limit, limit + 1)


def test_generic_platform_has_no_limit():
    assert limit_findings("x" * 100_000, "generic") == []


def test_instagram_allows_30_hashtags():
    tags = " ".join(f"#tag{i}" for i in range(30))
    assert limit_findings(f"Nowa kolekcja {tags}", "instagram") == []
    text = f"Nowa kolekcja {tags} #extra #more"
    [finding] = limit_findings(text, "instagram", lang="pl")
    assert finding.label == "hashtags"
    assert finding.match == "#extra #more"
    assert finding.message == "Liczba hashtagów: 32, a Instagram pozwala na 30. Usuń zaznaczone."


def test_limits_param_overrides_and_adds_platforms():
    overrides = """
overrides:
  platform-limits:
    params:
      limits:
        x: {chars: 25000}
        linkedin: {mentions: 2}
        pinterest: {chars: 500, hashtags: 20}
"""
    policy = parse_policy(POLICY_YAML + overrides)
    assert limit_findings("a" * 1000, "x", policy) == []
    [mentions] = limit_findings("Dzięki @anna @piotr @ewa.k za pomoc!", "linkedin", policy)
    assert (mentions.label, mentions.match) == ("mentions", "@ewa.k")
    assert len(limit_findings("a" * 3001, "linkedin", policy)) == 1  # the default chars limit stays
    [finding] = limit_findings("a" * 501, "pinterest", policy, lang="en")
    assert finding.message.startswith("501 characters; pinterest allows 500.")


def test_email_addresses_are_not_mentions():
    overrides = "overrides: {platform-limits: {params: {limits: {x: {mentions: 0}}}}}\n"
    policy = parse_policy(POLICY_YAML + overrides)
    assert limit_findings("Write to jan@acme.pl", "x", policy) == []
    assert len(limit_findings("Thanks @jan", "x", policy)) == 1


def test_the_mentions_a_reply_starts_with_do_not_count_on_x():
    assert limit_findings("@user " * 40 + "a" * 270, "x") == []
    [finding] = limit_findings("@user " * 3 + "a" * 281, "x")
    assert finding.match == "a" and "281" in finding.message


def test_measure_counts_as_the_network_does_with_its_limit():
    from socialguard.detectors.limits import measure

    family = "👨‍👩‍👧‍👦"
    assert measure(family * 3, "bluesky") == (3, 300, "Bluesky")  # graphemes: one family is one character
    assert measure(family, "x").count == 2  # X weighs emoji 2
    assert measure("see " + URL, "mastodon").count == 4 + 23  # every URL is 23 on Mastodon
    assert measure("@ola@mastodon.social hi", "mastodon").count == len("@ola hi")
    assert measure("anything", "generic") == (8, None, "generic")


def test_measure_uses_the_policy_limits_through_the_detector():
    from socialguard.detectors.limits import LimitsParams, PlatformLimits

    detector = PlatformLimits(LimitsParams.model_validate({"limits": {"x": {"chars": 100}}}), POLICY)
    assert detector.measure("a" * 120, "x") == (120, 100, "X")


def test_entities_are_links_mentions_and_hashtags_without_overlap():
    from socialguard.detectors.limits import entities

    text = "Hi @ola, see https://example.com/#top #launch"
    assert [(text[s:e], kind) for s, e, kind in entities(text)] == [
        ("@ola", "mention"), ("https://example.com/#top", "link"), ("#launch", "hashtag")]
