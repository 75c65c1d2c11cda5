"""The shared features: normalisation of social media text and the hashed n-gram matrix."""

from __future__ import annotations

import numpy as np

from socialguard.classifiers.features import N_FEATURES, featurise, normalise


def test_mentions_links_and_entities_become_placeholders():
    assert normalise("RT @Anna_K: Read https://t.co/xyz &amp; enjoy") == "@user : read http & enjoy"
    assert normalise("{USERNAME}: no to co") == "@user no to co"


def test_case_stretched_letters_and_spaces_are_normalised():
    assert normalise("  SOOOOO   Gooood!!!!  ") == "soo good!!"
    assert normalise("Zażółć GĘŚLĄ jaźń") == "zażółć gęślą jaźń"


def test_featurise_gives_one_unit_length_row_per_text_and_block():
    X = featurise(["Great day!", "Świetny dzień!", ""])
    assert X.shape == (3, N_FEATURES)
    chars = X[:, : 2**19].toarray()
    assert np.allclose(np.linalg.norm(chars[:2], axis=1), 1.0)
    assert X[2].nnz == 0


def test_featurise_is_deterministic_and_order_independent():
    a = featurise(["one post", "another post"])
    b = featurise(["another post", "one post"])
    assert (a[0] != b[1]).nnz == 0 and (a[1] != b[0]).nnz == 0


def test_very_long_text_is_cut():
    assert featurise(["word " * 10_000]).shape == (1, N_FEATURES)
