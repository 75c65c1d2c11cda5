"""Reading the training sets in `../shared/data/` and splitting them, the same way every time.

Each loader returns a `Labelled` set (texts and integer labels) for one task; `seed_lexicon` reads the
small word lists written for socialguard that ship in `classifiers/seeds/`. Sets without a validation
file are split here (stratified, seeded), after removing duplicate texts so no post is on both sides;
TweetEval validation posts are removed from the training side. Nothing here is shipped: only
`training.py` and `bench/` read the data, which is never copied into the project.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from sklearn.model_selection import train_test_split

from ..csvfiles import Record, records
from ..yamlfile import load_yaml
from .features import normalise

SEED = 20190601
HELD_OUT = 0.2


class DataError(ValueError):
    """The training data folder is missing a file or a file is not what its loader expects."""


@dataclass(frozen=True)
class Labelled:
    """Texts with integer labels; `names[label]` says what a label means."""

    texts: list[str]
    labels: list[int]
    names: tuple[str, ...]
    source: str

    def __len__(self) -> int:
        return len(self.texts)

    def subset(self, indices: list[int]) -> Labelled:
        return Labelled([self.texts[i] for i in indices], [self.labels[i] for i in indices], self.names, self.source)


@dataclass(frozen=True)
class Split:
    train: Labelled
    val: Labelled


def _path(data: Path, relative: str) -> Path:
    path = data / relative
    if not path.is_file():
        raise DataError(f"{path}: no such file (is --data the shared data folder?)")
    return path


def _jsonl(data: Path, relative: str) -> list[dict]:
    path = _path(data, relative)
    rows = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, start=1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise DataError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
    return rows


def _lines(data: Path, relative: str) -> list[str]:
    return _path(data, relative).read_text(encoding="utf-8").splitlines()


def deduplicate(labelled: Labelled) -> Labelled:
    """One copy of each text (compared after normalisation); texts labelled both ways are dropped."""
    first: dict[str, int] = {}
    conflicting: set[str] = set()
    for i, text in enumerate(labelled.texts):
        key = normalise(text)
        if key in first and labelled.labels[first[key]] != labelled.labels[i]:
            conflicting.add(key)
        first.setdefault(key, i)
    keep = [i for key, i in first.items() if key not in conflicting]
    return labelled.subset(sorted(keep))


def without(labelled: Labelled, excluded: list[str]) -> Labelled:
    """`labelled` minus every text that also appears (after normalisation) in `excluded`."""
    banned = {normalise(t) for t in excluded}
    return labelled.subset([i for i, t in enumerate(labelled.texts) if normalise(t) not in banned])


def held_out_split(labelled: Labelled, strata: list[int] | None = None) -> Split:
    """Deduplicated, then 80/20, stratified by label (or by `strata`), with a fixed seed."""
    unique = deduplicate(labelled)
    if strata is not None:
        index = {normalise(t): s for t, s in zip(labelled.texts, strata)}
        strata = [index[normalise(t)] for t in unique.texts]
    train, val = train_test_split(
        list(range(len(unique))), test_size=HELD_OUT, random_state=SEED, stratify=strata or unique.labels
    )
    return Split(unique.subset(sorted(train)), unique.subset(sorted(val)))


# --- Polish harmful language -------------------------------------------------------------------------


def poleval(data: Path) -> tuple[Labelled, list[int]]:
    """PolEval 2019 task 6 tweets: harmful 0/1, and the type (0 none, 1 cyberbullying, 2 hate) as strata."""
    rows = _jsonl(data, "poleval2019_task6/train.jsonl")
    labelled = Labelled([r["text"] for r in rows], [int(r["harmful"]) for r in rows], ("ok", "harmful"), "poleval2019")
    return labelled, [int(r["type"]) for r in rows]


def ban_pl(data: Path) -> tuple[Labelled, list[int]]:
    """BAN-PL Wykop posts: harmful 0/1 (removed by moderators), and the removal reason (1-4) as strata."""
    rows = _jsonl(data, "ban_pl/train3000.jsonl")
    labelled = Labelled([r["text"] for r in rows], [int(r["harmful"]) for r in rows], ("ok", "harmful"), "ban_pl")
    return labelled, [int(r["reason"]) for r in rows]


# --- English offensive language ----------------------------------------------------------------------


def davidson(data: Path) -> Labelled:
    """Davidson et al. 2017: class 0 hate, 1 offensive, 2 neither; returned as 0 ok, 1 offensive, 2 hate."""
    path = _path(data, "davidson/labeled_data.csv")
    with path.open(encoding="utf-8", newline="") as lines:
        found = records(lines)
        header = next(found).fields
        pairs = [_davidson_pair(header, record, path) for record in found if record.fields or record.error]
    return Labelled([t for t, _ in pairs], [y for _, y in pairs], ("ok", "offensive", "hate"), "davidson")


def _davidson_pair(header: list[str], record: Record, path: Path) -> tuple[str, int]:
    """(tweet, label) of one record; a broken record stops the training with its file and line."""
    relabel = {"0": 2, "1": 1, "2": 0}
    row = dict(zip(header, record.fields))
    if record.error or row.get("class") not in relabel or "tweet" not in row:
        raise DataError(f"{path}:{record.line}: {record.error or 'not a row of tweet and class 0, 1 or 2'}")
    return row["tweet"], relabel[row["class"]]


def tweeteval(data: Path, task: str, split: str) -> Labelled:
    """A TweetEval task (`offensive`, `hate`, `sentiment`) and split (`train`, `val`)."""
    texts = _lines(data, f"tweeteval/{task}/{split}_text.txt")
    labels = [int(x) for x in _lines(data, f"tweeteval/{task}/{split}_labels.txt")]
    if len(texts) != len(labels):
        raise DataError(f"tweeteval/{task}/{split}: {len(texts)} texts but {len(labels)} labels")
    names = {"offensive": ("ok", "offensive"), "hate": ("ok", "hate"), "sentiment": ("negative", "neutral", "positive")}
    return Labelled([t.strip() for t in texts], labels, names[task], f"tweeteval-{task}-{split}")


# --- Sentiment ---------------------------------------------------------------------------------------

SENTIMENT = ("negative", "neutral", "positive")


def semeval_sentiment_en(data: Path) -> Labelled:
    """SemEval 2013-2016 task 4A English tweets, without the posts that are in TweetEval sentiment val."""
    rows = _jsonl(data, "semeval_sentiment_en/train.jsonl")
    labelled = Labelled([r["text"] for r in rows], [SENTIMENT.index(r["label"]) for r in rows], SENTIMENT, "semeval")
    return deduplicate(without(labelled, tweeteval(data, "sentiment", "val").texts))


def mozetic_pl(data: Path) -> Labelled:
    """Polish tweets of Mozetic et al. 2016, positive or negative (0 negative, 1 positive)."""
    rows = _jsonl(data, "pl_sentiment_mozetic/train.jsonl")
    return Labelled(
        [r["text"] for r in rows], [int(r["label"] == "positive") for r in rows], ("negative", "positive"), "mozetic"
    )


def seed_lexicon(name: str) -> Labelled:
    """A seed lexicon shipped in `classifiers/seeds/<name>.yaml` (written for socialguard): 0 negative, 1 positive."""
    entries = load_yaml((resources.files("socialguard.classifiers") / "seeds" / f"{name}.yaml").read_text("utf-8"), f"{name}.yaml")
    texts = entries["negative"] + entries["positive"]
    return Labelled(texts, [0] * len(entries["negative"]) + [1] * len(entries["positive"]), ("negative", "positive"),
                    f"seeds-{name}")
