"""Turning texts into the feature vectors every classifier shares: normalised, hashed character and word n-grams.

One feature space for all models (language, offensive, sentiment, in English and Polish), so a post is
featurised once and each model is one matrix product on top. Hashing needs no vocabulary file, and the
hash (scikit-learn's MurmurHash3) is stable across versions. Pure, offline and batched.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import cache
from typing import Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

CHAR_NGRAMS = (2, 5)
WORD_NGRAMS = (1, 2)
CHAR_BITS = 19
WORD_BITS = 18
N_FEATURES = 2**CHAR_BITS + 2**WORD_BITS
MAX_CHARS = 1000  # longer texts are cut: the first 1,000 characters carry the tone of a post

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"\{username\}:?|@\w+", re.IGNORECASE)
_REPEAT = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
_LEADING_RT = re.compile(r"^(?:rt\s+)+")


def normalise(text: str) -> str:
    """Lower case, HTML entities decoded, links and @mentions replaced by placeholders, runs shortened."""
    text = unicodedata.normalize("NFKC", html.unescape(text[:MAX_CHARS])).lower()
    text = _URL.sub(" http ", text)
    text = _MENTION.sub(" @user ", text)
    text = _REPEAT.sub(r"\1\1", text)
    text = _SPACE.sub(" ", text).strip()
    return _LEADING_RT.sub("", text)


@cache
def _vectorisers() -> tuple[HashingVectorizer, HashingVectorizer]:
    common = dict(alternate_sign=False, norm=None, lowercase=False, dtype=np.float32)
    chars = HashingVectorizer(analyzer="char_wb", ngram_range=CHAR_NGRAMS, n_features=2**CHAR_BITS, **common)
    words = HashingVectorizer(
        analyzer="word", ngram_range=WORD_NGRAMS, n_features=2**WORD_BITS, token_pattern=r"(?u)\b\w+\b|[^\w\s]", **common
    )
    return chars, words


def featurise(texts: Sequence[str]) -> sparse.csr_matrix:
    """A (len(texts), N_FEATURES) sparse matrix: log-scaled counts, each block (chars, words) unit length."""
    normalised = [normalise(t) for t in texts]
    chars, words = _vectorisers()
    blocks = [_log_unit(chars.transform(normalised)), _log_unit(words.transform(normalised))]
    return sparse.hstack(blocks, format="csr", dtype=np.float32)


def _log_unit(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    counts.data = np.log1p(counts.data)
    norms = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.csr_matrix(sparse.diags(1.0 / norms) @ counts)


def config() -> dict[str, object]:
    """The feature settings, recorded in every model file so a model is never used with other features."""
    return {
        "char_ngrams": list(CHAR_NGRAMS),
        "word_ngrams": list(WORD_NGRAMS),
        "char_bits": CHAR_BITS,
        "word_bits": WORD_BITS,
        "max_chars": MAX_CHARS,
        "normalise": 1,
    }
