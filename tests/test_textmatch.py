"""The shared matcher: folding with offsets, whole-word matching, inflection, obfuscation and typos."""

import pytest

from socialguard.textmatch import PhraseMatcher, fold, inflection_variants, is_wildcard, normalize, origins, tokens


def spans(matcher: PhraseMatcher, text: str) -> list[str]:
    return [text[m.start : m.end] for m in matcher.find(text)]


# --- folding ---------------------------------------------------------------------------------------


def test_fold_drops_case_and_polish_diacritics():
    assert fold("ZAŻÓŁĆ gęślą jaźń") == "zazolc gesla jazn"


def test_fold_turns_fullwidth_and_mathematical_letters_to_ascii():
    assert fold("Ｋｕｒｗａ 𝐟𝐮𝐜𝐤") == "kurwa fuck"


def test_fold_keeps_offsets_when_lengths_change():
    text = "ﬁne Sokół and cafe\u0301 ok"  # a ligature (1 -> 2 chars) and a decomposed accent (2 -> 1)
    folded = fold(text)
    where = origins(text)
    assert folded == "fine sokol and cafe ok"
    assert where is not None and len(where) == len(folded) + 1
    assert text[where[folded.index("sokol")]:].startswith("Sokół")
    assert text[where[folded.index("ok", 20)]:] == "ok"


def test_origins_is_none_when_every_character_stays_in_place():
    assert origins("Zażółć gęślą jaźń 🔥") is None


def test_tokens_map_back_to_the_original_text():
    text = "„Projekt Sokół” — tajny!"
    assert [(t.word, text[t.start : t.end]) for t in tokens(text)] == [
        ("projekt", "Projekt"), ("sokol", "Sokół"), ("tajny", "tajny")
    ]


def test_obfuscation_undoes_leetspeak_dots_and_stretching():
    words = [t.word for t in tokens("sh1t $hit f.u.c.k fuuuuck kurwaaaa", obfuscation=True)]
    assert words == ["shit", "shit", "fuck", "fuck", "kurwa"]


def test_obfuscation_leaves_model_numbers_and_mentions_alone():
    words = [t.word for t in tokens("Galaxy A55 and X1, ping @anna", obfuscation=True)]
    assert words == ["galaxy", "a55", "and", "x1", "ping", "anna"]


@pytest.mark.parametrize(("word", "wildcard"), [("k*rwa", True), ("sh*t", True), ("k***a", False), ("f**k", False)])
def test_a_word_mostly_of_stars_counts_as_masked(word, wildcard):
    assert is_wildcard(word) is wildcard


def test_normalize_puts_words_between_single_separators():
    folded = normalize("Hej, ŚWIECIE!")
    assert folded.text == " hej  swiecie  "


# --- whole words, no Scunthorpe --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Scunthorpe", "assessment", "a classic class", "Przeczytałem assessment…analizę", "cockpit", "Shitake",
     "skurczybyk", "kurczak i kurde", "huba, pierogi"],
)
def test_no_hits_inside_longer_words(text):
    matcher = PhraseMatcher(["cunt*", "ass", "cock", "shit", "kurw*", "chuj*", "huj*"], obfuscation=True)
    assert matcher.find(text) == []


def test_whole_words_are_found_with_their_original_spans():
    matcher = PhraseMatcher(["ass", "kurw*"])
    text = "What an ASS! O kurwa."
    assert spans(matcher, text) == ["ASS", "kurwa"]


def test_a_stem_matches_any_ending_but_a_word_only_itself():
    matcher = PhraseMatcher(["kurw*", "shit"])
    assert spans(matcher, "kurwiszon kurwami shits shit") == ["kurwiszon", "kurwami", "shit"]


def test_multi_word_phrases_skip_punctuation_between_words():
    matcher = PhraseMatcher(["i'll kill you"])
    assert spans(matcher, "I’ll... KILL you!!") == ["I’ll... KILL you"]
    assert matcher.find("I'll kill the lights") == []


def test_longest_match_wins_when_phrases_overlap():
    matcher = PhraseMatcher(["kurwa", "kurwa mać"])
    assert spans(matcher, "kurwa mać, kurwa") == ["kurwa mać", "kurwa"]


def test_an_empty_matcher_finds_nothing():
    assert PhraseMatcher([]).find("anything") == []


# --- inflection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Projekt Sokół", "projektu Sokoła", "w projekcie sokole", "PROJEKTEM SOKOŁEM", "projekt sokol",
     "Projekt „Sokół”"],
)
def test_polish_inflected_forms_of_a_phrase_match(text):
    assert PhraseMatcher(["Projekt Sokół"], inflect=True).find(text)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [("Polska", "w Polsce"), ("Marek", "z Markiem"), ("strategia", "strategii"), ("droga", "na drodze"),
     ("teatr", "w teatrze"), ("Falcon", "the falcons"), ("Zielona Strategia", "Zielonej Strategii")],
)
def test_endings_and_consonant_alternations(phrase, text):
    assert PhraseMatcher([phrase], inflect=True).find(text)


@pytest.mark.parametrize(
    ("phrase", "text"),
    [("Projekt Sokół", "projektant sokolnik"), ("Nike", "nik"), ("Cook", "cookie"), ("Hera", "here"), ("rata", "rate")],
)
def test_inflection_does_not_reach_other_words(phrase, text):
    assert PhraseMatcher([phrase], inflect=True).find(text) == []


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("Bank Śląski", "kredyt w Banku Śląskim"), ("Bank Śląski", "oddział Banku Śląskiego"),
        ("Bank Śląski", "rozmawiałem z Bankiem Śląskim"), ("Bank Śląski", "dzięki Bankowi Śląskiemu"),
        ("Bank Śląski", "Banki Śląskie i Banków Śląskich"),
        ("Polski Koncern", "akcje Polskiego Koncernu"), ("Polski Koncern", "o Polskim Koncernie"),
        ("Polski Koncern", "z Polskim Koncernem"),
        ("Polska Grupa Zbrojeniowa", "umowa Polskiej Grupy Zbrojeniowej"),
        ("Polska Grupa Zbrojeniowa", "z Polską Grupą Zbrojeniową"),
        ("Orlen", "pracuję w Orlenie"),
    ],
)
def test_names_with_adjectives_decline_in_every_case(name, text):
    assert PhraseMatcher([name], inflect=True).find(text)


@pytest.mark.parametrize(("name", "text"), [("Bank Śląski", "bank ślązaków"), ("Polski Koncern", "polskość koncertu")])
def test_declined_names_do_not_reach_other_words(name, text):
    assert PhraseMatcher([name], inflect=True).find(text) == []


def test_an_equals_sign_keeps_a_phrase_exact():
    matcher = PhraseMatcher(["=Apple"], inflect=True)
    assert matcher.find("apple") and not matcher.find("apply") and not matcher.find("apples")


def test_inflection_variants_of_a_short_word_are_exact():
    assert inflection_variants("ai") == (("ai", frozenset({""})),)


# --- obfuscation and wildcards --------------------------------------------------------------------


@pytest.mark.parametrize("text", ["sh1t", "$hit", "5h1t", "SHIIIIT", "s.h.i.t", "sh*t"])
def test_obfuscated_forms_match_with_obfuscation_on(text):
    assert spans(PhraseMatcher(["shit"], obfuscation=True), text) == [text]


def test_obfuscated_forms_do_not_match_with_obfuscation_off():
    assert PhraseMatcher(["shit"]).find("sh1t s.h.i.t sh*t") == []


def test_a_wildcard_matches_stems_and_multi_word_phrases():
    matcher = PhraseMatcher(["pierdol*", "kurwa mać"], obfuscation=True)
    text = "ja pi*rdolę, k*rwa mać"
    assert spans(matcher, text) == ["pi*rdolę", "k*rwa mać"]
    assert all(m.wildcard for m in matcher.find(text))


def test_a_masked_word_is_not_matched_again():
    matcher = PhraseMatcher(["kurwa", "fuck"], obfuscation=True)
    assert matcher.find("k***a f**k") == []


def test_a_stretched_word_keeps_its_whole_span():
    text = "ok fuuuuuck ok"
    assert spans(PhraseMatcher(["fuck"], obfuscation=True), text) == ["fuuuuuck"]


# --- typos -----------------------------------------------------------------------------------------


def test_one_typo_in_a_long_enough_phrase_matches():
    matcher = PhraseMatcher(["Projekt Sokół"], inflect=True, max_typos=1)
    found = matcher.find("Czy Projekt Sokul ruszył?")
    assert [(m.typos, m.phrase) for m in found] == [(1, "Projekt Sokół")]
    assert matcher.find("projkt sokoła")


def test_more_typos_than_allowed_do_not_match():
    matcher = PhraseMatcher(["Projekt Sokół"], inflect=True, max_typos=1)
    assert matcher.find("Project Social") == []
    assert matcher.find("Projkt Sokul") == []


def test_typos_are_not_tolerated_in_short_phrases_or_when_off():
    assert PhraseMatcher(["Sokół"], inflect=True, max_typos=1).find("Sokul") == []
    assert PhraseMatcher(["Falcon"], inflect=True).find("Falcom") == []
    assert PhraseMatcher(["Falcon"], inflect=True, max_typos=1).find("Falcom")
