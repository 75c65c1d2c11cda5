"""Turning texts into the feature vectors every classifier shares: normalised, hashed character and word n-grams.

One feature space for all models (language, offensive, sentiment, in English and Polish), so a post is
featurised once and each model is one matrix product on top. Features, per text:

- character 2- to 5-grams inside words (each word padded with a space on both sides, so word starts and
  ends are features), hashed into 2^19 columns;
- word unigrams and bigrams (words and single punctuation marks), hashed into 2^18 columns;
- counts log-scaled (log1p), each block scaled to unit length.

Hashing needs no vocabulary file. The hashes are computed here with numpy for a whole batch at once
(a polynomial hash of code points with a 64-bit finaliser; CRC-32 for words), so they are the same on
every machine and version, and inference needs neither scikit-learn nor Python loops over n-grams.
"""

from __future__ import annotations

import html
import re
import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np
from scipy import sparse

CHAR_NGRAMS = (2, 5)
CHAR_BITS = 19
WORD_BITS = 18
N_FEATURES = 2**CHAR_BITS + 2**WORD_BITS
MAX_CHARS = 1000  # longer texts are cut: the first 1,000 characters carry the tone of a post

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_MENTION = re.compile(r"\{username\}:?|@\w+", re.IGNORECASE)
_REPEAT = re.compile(r"(.)\1{2,}")
_SPACE = re.compile(r"\s+")
_LEADING_RT = re.compile(r"^(?:rt\s+)+")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_PRIME = np.uint64(0x100000001B3)
_SPACE_CODE, _END_CODE = 32, 0


def normalise(text: str) -> str:
    """Lower case, HTML entities decoded, links and @mentions replaced by placeholders, runs shortened."""
    text = unicodedata.normalize("NFKC", html.unescape(text[:MAX_CHARS])).lower().replace("\x00", " ")
    text = _URL.sub(" http ", text)
    text = _MENTION.sub(" @user ", text)
    text = _REPEAT.sub(r"\1\1", text)
    text = _SPACE.sub(" ", text).strip()
    return _LEADING_RT.sub("", text)


def featurise(texts: Sequence[str]) -> sparse.csr_matrix:
    """A (len(texts), N_FEATURES) float32 sparse matrix: [character block | word block], each unit length."""
    normalised = [normalise(t) for t in texts]
    char_rows, char_columns = _char_ngrams(normalised)
    word_rows, word_columns = _word_ngrams(normalised)
    rows = np.concatenate([*char_rows, *word_rows])
    columns = np.concatenate([*char_columns, *(c + np.uint64(2**CHAR_BITS) for c in word_columns)]).astype(np.int64)
    counts = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, columns)), shape=(len(texts), N_FEATURES))
    counts.sum_duplicates()
    return _log_unit_blocks(counts)


def _log_unit_blocks(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """log1p of the counts, then each row's character block and word block scaled to unit length."""
    data = np.log1p(counts.data)
    row = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    cell = 2 * row + (counts.indices >= 2**CHAR_BITS)
    norms = np.sqrt(np.bincount(cell, weights=data * data, minlength=2 * counts.shape[0]))
    counts.data = (data / norms[cell]).astype(np.float32)
    return counts


def _finalise(h: np.ndarray) -> np.ndarray:
    """Mix the bits of 64-bit hashes (the MurmurHash3 finaliser), so low bits can index columns."""
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xFF51AFD7ED558CCD)
    h = h ^ (h >> np.uint64(33))
    h = h * np.uint64(0xC4CEB9FE1A85EC53)
    return h ^ (h >> np.uint64(33))


def _char_ngrams(docs: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(rows, columns) of every character n-gram; every word padded as " word ", texts joined by a NUL
    that no n-gram may cross."""
    padded = [" " + "  ".join(doc.split()) + " " if doc else "" for doc in docs]
    codes = np.frombuffer(("\x00".join(padded) + "\x00").encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    doc_of = np.repeat(np.arange(len(docs)), [len(p) + 1 for p in padded])
    ends = np.r_[0, np.cumsum(codes == _END_CODE)]
    spaces = np.r_[0, np.cumsum(codes == _SPACE_CODE)]
    rows, columns = [], []
    for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
        count = len(codes) - n + 1
        if count <= 0:
            continue
        start = np.arange(count)
        h = np.zeros(count, dtype=np.uint64)
        for k in range(n):
            h = h * _PRIME + codes[k : k + count]
        inside_word = (ends[start + n] - ends[start] == 0) & (spaces[start + n - 1] - spaces[start + 1] == 0)
        if n == 2:
            inside_word &= spaces[start + 2] - spaces[start] < 2
        rows.append(doc_of[:count][inside_word])
        columns.append(_finalise(h[inside_word] + np.uint64(n)) & np.uint64(2**CHAR_BITS - 1))
    return rows, columns


def _word_ngrams(docs: list[str]) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """(rows, columns) of every word unigram and bigram."""
    tokens = [_TOKEN.findall(doc) for doc in docs]
    flat = [token for doc in tokens for token in doc]
    doc_of = np.repeat(np.arange(len(docs)), [len(doc) for doc in tokens])
    h = np.fromiter((zlib.crc32(t.encode("utf-8")) for t in flat), dtype=np.uint64, count=len(flat))
    mask = np.uint64(2**WORD_BITS - 1)
    same_doc = doc_of[1:] == doc_of[:-1]
    unigrams = _finalise(h + np.uint64(1)) & mask
    bigrams = _finalise(h[:-1] * _PRIME + h[1:] + np.uint64(2))[same_doc] & mask
    return [doc_of, doc_of[:-1][same_doc]], [unigrams, bigrams]


def config() -> dict[str, object]:
    """The feature settings, recorded in every model file so a model is never used with other features."""
    return {
        "char_ngrams": list(CHAR_NGRAMS),
        "word_ngrams": [1, 2],
        "char_bits": CHAR_BITS,
        "word_bits": WORD_BITS,
        "max_chars": MAX_CHARS,
        "normalise": 1,
        "hashing": "poly64-fmix64/crc32 v1",
    }
