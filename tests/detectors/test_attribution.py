"""legal.attribution: media without credit or source, quotations without a source, optional alt text."""

import pytest

from socialguard import Post, evaluate
from socialguard.policy import parse_policy

POLICY_YAML = """
organisation: {name: Acme}
packs: [general]
"""
POLICY = parse_policy(POLICY_YAML)
QUOTE_EN = '"The best way to predict the future is to invent it."'  # 11 words
QUOTE_PL = "„Nie ma rzeczy niemożliwych dla tych, którzy naprawdę chcą działać razem”"  # 11 words


def attribution_findings(text, policy=POLICY, **post):
    verdict = evaluate(Post(text=text, **post), policy)
    return [f for f in verdict.findings if f.detector == "legal.attribution"]


def test_media_without_credit_or_source_is_flagged_with_its_index():
    media = [{"kind": "image", "credit": "Jan Kowalski"}, {"kind": "video"}, {"kind": "image", "own": True}]
    [finding] = attribution_findings("Nasza nowa kampania!", media=media, lang="pl")
    assert finding.label == "media_credit"
    assert (finding.start, finding.end) == (0, 0)
    assert finding.message.startswith("Załącznik nr 2 nie ma podanego autora ani źródła.")
    assert finding.severity.value == "warn"
    assert finding.clause.id == "crediting-sources"


@pytest.mark.parametrize(
    "media",
    [
        [{"kind": "image", "credit": "Anna Nowak"}],
        [{"kind": "image", "source": "https://unsplash.com/photos/abc"}],
        [{"kind": "video", "own": True}],
        [],
    ],
)
def test_credited_own_or_no_media_is_fine(media):
    assert attribution_findings("Our new campaign!", media=media) == []


@pytest.mark.parametrize(
    "text",
    ["Sunset over the bay. Photo: @anna_shoots", "Zachód słońca nad zatoką, fot. Anna Nowak", "📷 @anna_shoots",
     "Zdjęcie: Piotr Wiśniewski", "Beautiful shot via @natgeo"],
)
def test_a_credit_in_the_text_covers_the_media(text):
    assert attribution_findings(text, media=[{"kind": "image"}]) == []


def test_a_word_like_photo_without_a_credit_is_not_a_credit():
    [finding] = attribution_findings("My favourite photo of the year", media=[{"kind": "image"}], lang="en")
    assert finding.message.startswith("Attachment 1 (image) has no credit or source.")


def test_long_quotation_without_source_is_flagged():
    text = f"Great words to start the week: {QUOTE_EN} #motivation"
    [finding] = attribution_findings(text, lang="en")
    assert finding.label == "quote"
    assert finding.match == QUOTE_EN
    assert "(11 words)" in finding.message


def test_polish_quotation_without_source_is_flagged():
    text = f"Na dobry początek tygodnia: {QUOTE_PL}"
    [finding] = attribution_findings(text, lang="pl")
    assert finding.match == QUOTE_PL
    assert finding.message.startswith("Cytat bez źródła (liczba słów: 11).")


@pytest.mark.parametrize(
    "text",
    [
        f"{QUOTE_EN} — Alan Kay",
        f"{QUOTE_EN} - @alankay",
        f"{QUOTE_EN} https://quoteinvestigator.com/2012/09/27/invent-future/",
        f"{QUOTE_EN} (via @quotes)",
        f"As Alan Kay said, {QUOTE_EN}",
        f"Alan Kay: {QUOTE_EN}",
        f"{QUOTE_PL}, źródło: wywiad w Rzeczpospolitej",
        f"Jak powiedziała Anna Nowak, {QUOTE_PL}",
        f"Według prezesa {QUOTE_PL}",
        f"{QUOTE_PL} — Anna Nowak, prezes Acme",
    ],
)
def test_attributed_quotations_are_fine(text):
    assert attribution_findings(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'We call it "smart" for a reason.',  # scare quotes
        "To był „naprawdę dobry dzień w pracy, dzięki wszystkim”!",  # 7 words: under the minimum
        "Moje przemyślenia: „Nie ma rzeczy niemożliwych” i tyle.",
        "> 50% of our customers renewed",  # ">" meaning "more than", not a block quote
    ],
)
def test_near_misses_are_not_quotations(text):
    assert attribution_findings(text) == []


def test_block_quote_without_source_is_flagged_and_with_source_is_fine():
    text = "Dobre przypomnienie:\n> Klient nie zawsze ma rację, ale zawsze zasługuje na szacunek.\nMiłego dnia!"
    [finding] = attribution_findings(text)
    assert finding.match == "> Klient nie zawsze ma rację, ale zawsze zasługuje na szacunek."
    sourced = "Dobre przypomnienie:\n> Klient nie zawsze ma rację.\n— Anna Nowak"
    assert attribution_findings(sourced) == []


def test_quote_inside_a_block_quote_is_reported_once():
    text = f"> {QUOTE_EN}"
    assert len(attribution_findings(text)) == 1


def test_min_quote_words_is_a_param():
    policy = parse_policy(POLICY_YAML + "overrides: {media-credit: {params: {min_quote_words: 3}}}\n")
    text = "Moje przemyślenia: „Nie ma rzeczy niemożliwych” i tyle."
    assert attribution_findings(text) == []
    assert [f.label for f in attribution_findings(text, policy)] == ["quote"]


def test_require_alt_flags_images_without_alt_text():
    policy = parse_policy(POLICY_YAML + "overrides: {media-credit: {params: {require_alt: true}}}\n")
    media = [{"kind": "image", "own": True, "alt": "Zespół Acme na scenie"}, {"kind": "image", "own": True},
             {"kind": "video", "own": True}]
    assert attribution_findings("Konferencja!", media=media) == []  # off by default
    [finding] = attribution_findings("Konferencja!", policy, media=media, lang="pl")
    assert finding.label == "alt_text"
    assert finding.message.startswith("Obraz nr 2 nie ma tekstu alternatywnego")
