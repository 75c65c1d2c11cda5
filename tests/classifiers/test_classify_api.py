"""`classify()`: everything the classifiers say about a batch of texts, in order."""

from __future__ import annotations

from socialguard.classifiers import BATCH, Classification, classify

FIELDS = {"lang", "offensive", "is_offensive", "offensive_label", "sentiment", "sentiment_score"}


def test_one_result_per_text_in_order_with_detected_languages():
    results = classify([
        "You are a worthless, pathetic idiot and everyone hates you",
        "Dziękuję bardzo za szybką pomoc, jestem bardzo zadowolona z obsługi!",
        "ty śmieciu",
    ])
    assert [r.lang for r in results] == ["en", "pl", "unknown"]
    assert [r.is_offensive for r in results] == [True, False, True]
    assert [r.sentiment for r in results[:2]] == ["negative", "positive"]
    assert results[0].sentiment_score < 0 < results[1].sentiment_score


def test_given_languages_are_trusted_and_others_detected():
    results = classify(["ok", "Thanks so much for the quick help with my order today!"], ["pl", "auto"])
    assert [r.lang for r in results] == ["pl", "en"]


def test_as_dict_has_the_documented_fields_rounded():
    [result] = classify(["Great job, thank you!"])
    record = result.as_dict()
    assert set(record) == FIELDS
    assert record["offensive"] == round(result.offensive, 4)
    assert isinstance(result, Classification)


def test_more_texts_than_one_batch():
    texts = ["Great job, thank you!", "Ty śmieciu, wynoś się stąd"] * (BATCH // 2 + 3)
    results = classify(texts)
    assert len(results) == len(texts)
    assert results[-1] == results[1] and results[-2] == results[0]


def test_empty_input_gives_no_results():
    assert classify([]) == []
