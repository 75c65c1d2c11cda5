"""Rebuilding every shipped classifier from the shared training data, deterministically, with a model card each.

    socialguard-train [--data ../shared/data] [--out src/socialguard/classifiers/models] [--only NAME ...]

Each model is logistic regression (lbfgs, fixed settings, no randomness but the seeded splits of
`datasets.py`) over the shared hashed features. Thresholds are chosen on out-of-fold predictions of the
training side only, so the validation numbers in the model cards are on posts the model never saw and
never tuned on. The shipped models are the ones those numbers describe: trained on the training side only.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import sklearn
from scipy import sparse
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
from sklearn.model_selection import StratifiedKFold

from . import datasets as D
from . import language
from .artefacts import MODEL_NAMES, LinearModel, models_dir, save
from .features import featurise

FOLDS = 5
THRESHOLDS = np.round(np.arange(0.05, 0.951, 0.01), 2)
PL_NEUTRAL_BAND = 0.5
OPERATING_POINT_NOTE = (
    "; socialguard itself decides at the operating point in `classifiers/offensive.py` (a higher probability "
    "alone, or a lower one with a swear word), which keeps false alarms on benign posts at or under 3 % "
    "(docs/classifiers.md)"
)
SEED_WEIGHT = 3.0  # weight of each seed-lexicon example in the Polish sentiment training set
# Hate sub-label cut per language, chosen by looking at the hate head's validation data (TweetEval hate val,
# the PolEval held-out part), so the hate-head numbers in the cards are optimistic; it only picks a sub-label.
HATE_THRESHOLD = {"en": 0.7, "pl": 0.8}
LICENCES = {
    "tweeteval": "SemEval task terms (research use)",
    "semeval": "SemEval task terms (research use)",
    "davidson": "MIT",
    "poleval2019": "BSD-3-Clause",
    "ban_pl": "CC BY 4.0",
    "mozetic": "CC BY-SA 4.0 (original release; not stated in the shared copy)",
    "seed_lexicon": "written for socialguard (`classifiers/seeds/sentiment_pl.yaml`), Apache-2.0",
}


@dataclass
class Built:
    """A trained model with what its card says about it."""

    model: LinearModel
    card: dict = field(default_factory=dict)


def _fit(X: sparse.csr_matrix, y: np.ndarray, C: float, balanced: bool, weight: np.ndarray | None = None):
    model = LogisticRegression(C=C, class_weight="balanced" if balanced else None, max_iter=2000, tol=1e-5)
    return model.fit(X, y, sample_weight=weight)


def _binary_column(fitted: LogisticRegression) -> tuple[np.ndarray, float]:
    return fitted.coef_[0].astype(np.float32), float(fitted.intercept_[0])


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _out_of_fold(X: sparse.csr_matrix, y: np.ndarray, fit: Callable, extra=None) -> np.ndarray:
    """Probabilities for every row of X from models that did not see it (`extra` rows always train)."""
    oof = np.zeros(len(y))
    folds = StratifiedKFold(FOLDS, shuffle=True, random_state=D.SEED)
    for train, test in folds.split(np.zeros(len(y)), y):
        if extra is None:
            fitted = fit(X[train], y[train], None)
        else:
            Xe, ye, we = extra
            weight = np.r_[np.ones(len(train)), we]
            fitted = fit(sparse.vstack([X[train], Xe], format="csr"), np.r_[y[train], ye], weight)
        oof[test] = fitted.predict_proba(X[test])[:, 1]
    return oof


def _best_threshold(p: np.ndarray, y: np.ndarray, average: str) -> float:
    scores = [f1_score(y, p >= t, average=average, zero_division=0) for t in THRESHOLDS]
    return float(THRESHOLDS[int(np.argmax(scores))])


def _binary_metrics(y: np.ndarray, p: np.ndarray, cut: float) -> dict:
    predicted = p >= cut
    return {
        "n": len(y),
        "positives": int(y.sum()),
        "macro_f1": round(float(f1_score(y, predicted, average="macro", zero_division=0)), 4),
        "f1": round(float(f1_score(y, predicted, zero_division=0)), 4),
        "precision": round(float(precision_score(y, predicted, zero_division=0)), 4),
        "recall": round(float(recall_score(y, predicted, zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(y, predicted)), 4),
    }


def _linear(name: str, heads: tuple[str, ...], columns: list[tuple[np.ndarray, float]], meta: dict) -> LinearModel:
    weights = np.column_stack([c for c, _ in columns]).astype(np.float32)
    return LinearModel(name, heads, weights, np.array([b for _, b in columns], dtype=np.float32), meta)


def _sources(*names: str) -> list[dict]:
    return [{"set": n, "licence": LICENCES[n]} for n in names]


# --- the models --------------------------------------------------------------------------------------


def build_language(data: Path) -> Built:
    en = [D.davidson(data)]
    pl = [D.held_out_split(*D.poleval(data)).train, D.held_out_split(*D.ban_pl(data)).train,
          D.held_out_split(D.mozetic_pl(data)).train]
    texts = [t for s in en for t in s.texts] + [t for s in pl for t in s.texts]
    y = np.r_[np.zeros(sum(len(s) for s in en)), np.ones(sum(len(s) for s in pl))].astype(int)
    fitted = _fit(featurise(texts), y, C=1.0, balanced=True)
    model = _linear("language", ("pl",), [_binary_column(fitted)], {"classes": ["en", "pl"], "task": "language"})
    val_en = D.tweeteval(data, "offensive", "val").texts + D.tweeteval(data, "sentiment", "val").texts
    val_pl = [t for s in (D.held_out_split(*D.poleval(data)).val, D.held_out_split(*D.ban_pl(data)).val,
                          D.held_out_split(D.mozetic_pl(data)).val) for t in s.texts]
    metrics = {}
    for lang, val in (("en", val_en), ("pl", val_pl)):
        p = _sigmoid(model.scores(featurise(val))[:, 0])
        answers = [language.decide(t, q) for t, q in zip(val, p)]
        metrics[lang] = {
            "n": len(val),
            "correct": round(answers.count(lang) / len(val), 4),
            "unknown": round(answers.count("unknown") / len(val), 4),
            "wrong": round(1 - (answers.count(lang) + answers.count("unknown")) / len(val), 4),
        }
    card = {"trained_on": _sources("davidson", "poleval2019", "ban_pl", "mozetic"),
            "split": ("English: Davidson (all); Polish: the training sides of the PolEval, BAN-PL and Mozetic splits; "
                      "validated on TweetEval offensive and sentiment val (English) and the Polish held-out sides"),
            "threshold_why": (f"`unknown` below {language.MIN_WORDS} words, or when the likelier language has a "
                              f"probability below {language.CONFIDENCE} (a cut chosen by looking at these validation "
                              "sets, so the unknown and correct rates below are slightly optimistic)"),
            "metrics": metrics}
    return Built(model, card)


def build_offensive_en(data: Path) -> Built:
    val = D.tweeteval(data, "offensive", "val")
    olid = D.without(D.tweeteval(data, "offensive", "train"), val.texts)
    davidson = D.without(D.davidson(data), val.texts)
    hate = D.without(D.tweeteval(data, "hate", "train"), val.texts)
    X, y = featurise(olid.texts), np.array(olid.labels)
    Xd, yd = featurise(davidson.texts), np.array(davidson.labels)
    davidson_weight = 0.3

    def fit(Xf, yf, weight):
        return _fit(Xf, yf, C=2.0, balanced=False, weight=weight)

    extra = (Xd, (yd > 0).astype(int), np.full(len(yd), davidson_weight))
    cut = _best_threshold(_out_of_fold(X, y, fit, extra), y, "macro")
    offensive = fit(sparse.vstack([X, Xd], format="csr"), np.r_[y, extra[1]], np.r_[np.ones(len(y)), extra[2]])
    Xh = sparse.vstack([Xd, featurise(hate.texts)], format="csr")
    yh = np.r_[(yd == 2).astype(int), np.array(hate.labels)]
    hateful = _fit(Xh, yh, C=1.0, balanced=True)
    model = _linear("offensive_en", ("offensive", "hate"), [_binary_column(offensive), _binary_column(hateful)],
                    {"threshold": cut, "hate_threshold": HATE_THRESHOLD["en"], "task": "offensive", "lang": "en"})
    Xv = featurise(val.texts)
    hate_val = D.tweeteval(data, "hate", "val")
    card = {
        "trained_on": _sources("tweeteval", "davidson"),
        "split": (f"offensive head: TweetEval offensive train ({len(olid)} posts, validation posts removed) plus "
                  f"Davidson ({len(davidson)} posts, class offensive or hate = offensive, weight {davidson_weight}); "
                  f"hate head: Davidson hate vs rest plus TweetEval hate train ({len(hate)} posts)"),
        "threshold_why": (f"maximises macro-F1 on {FOLDS}-fold out-of-fold predictions on TweetEval offensive train"
                          + OPERATING_POINT_NOTE),
        "metrics": {
            "tweeteval_offensive_val": _binary_metrics(np.array(val.labels), _sigmoid(model.scores(Xv)[:, 0]), cut),
            f"tweeteval_hate_val (hate head, at {HATE_THRESHOLD['en']})": _binary_metrics(
                np.array(hate_val.labels), _sigmoid(model.scores(featurise(hate_val.texts))[:, 1]),
                HATE_THRESHOLD["en"]),
        },
    }
    return Built(model, card)


def build_offensive_pl(data: Path) -> Built:
    poleval, types = D.poleval(data)
    poleval_split = D.held_out_split(poleval, types)
    ban_split = D.held_out_split(*D.ban_pl(data))
    type_of = {t: k for t, k in zip(poleval.texts, types)}
    X, y = featurise(poleval_split.train.texts), np.array(poleval_split.train.labels)
    Xb, yb = featurise(ban_split.train.texts), np.array(ban_split.train.labels)

    def fit(Xf, yf, weight):
        return _fit(Xf, yf, C=4.0, balanced=True, weight=weight)

    cut = _best_threshold(_out_of_fold(X, y, fit, (Xb, yb, np.ones(len(yb)))), y, "binary")
    offensive = fit(sparse.vstack([X, Xb], format="csr"), np.r_[y, yb], None)
    is_hate = np.array([int(type_of[t] == 2) for t in poleval_split.train.texts])
    hateful = _fit(X, is_hate, C=4.0, balanced=True)
    model = _linear("offensive_pl", ("offensive", "hate"), [_binary_column(offensive), _binary_column(hateful)],
                    {"threshold": cut, "hate_threshold": HATE_THRESHOLD["pl"], "task": "offensive", "lang": "pl"})
    Xv, Xbv = featurise(poleval_split.val.texts), featurise(ban_split.val.texts)
    val_hate = np.array([int(type_of[t] == 2) for t in poleval_split.val.texts])
    card = {
        "trained_on": _sources("poleval2019", "ban_pl"),
        "split": (f"PolEval 2019 task 6 train, deduplicated, 80/20 stratified by type (seed {D.SEED}): "
                  f"{len(poleval_split.train)} train / {len(poleval_split.val)} held out; BAN-PL, deduplicated, "
                  f"80/20 stratified by reason: {len(ban_split.train)} / {len(ban_split.val)}; "
                  "hate head: PolEval type 2 (hate) vs the rest"),
        "threshold_why": (f"maximises harmful-class F1 on {FOLDS}-fold out-of-fold predictions on the PolEval "
                          "training side" + OPERATING_POINT_NOTE),
        "metrics": {
            "poleval_held_out": _binary_metrics(
                np.array(poleval_split.val.labels), _sigmoid(model.scores(Xv)[:, 0]), cut),
            "ban_pl_held_out": _binary_metrics(np.array(ban_split.val.labels), _sigmoid(model.scores(Xbv)[:, 0]), cut),
            f"poleval_held_out_hate (hate head, at {HATE_THRESHOLD['pl']})": _binary_metrics(
                val_hate, _sigmoid(model.scores(Xv)[:, 1]), HATE_THRESHOLD["pl"]),
        },
    }
    return Built(model, card)


def build_sentiment_en(data: Path) -> Built:
    train, val = D.semeval_sentiment_en(data), D.tweeteval(data, "sentiment", "val")
    fitted = _fit(featurise(train.texts), np.array(train.labels), C=1.0, balanced=True)
    columns = [(fitted.coef_[k].astype(np.float32), float(fitted.intercept_[k])) for k in range(3)]
    model = _linear("sentiment_en", D.SENTIMENT, columns, {"task": "sentiment", "lang": "en"})
    predicted = np.argmax(model.scores(featurise(val.texts)), axis=1)
    truth = np.array(val.labels)
    card = {
        "trained_on": _sources("semeval"),
        "split": f"SemEval 2013-2016 task 4A ({len(train)} posts after removing every TweetEval sentiment val post)",
        "threshold_why": "none: the label is the most probable class",
        "metrics": {"tweeteval_sentiment_val": {
            "n": len(truth),
            "macro_recall": round(float(recall_score(truth, predicted, average="macro")), 4),
            "macro_f1": round(float(f1_score(truth, predicted, average="macro")), 4),
            "accuracy": round(float(accuracy_score(truth, predicted)), 4),
        }},
    }
    return Built(model, card)


def build_sentiment_pl(data: Path) -> Built:
    split = D.held_out_split(D.mozetic_pl(data))
    seeds = D.seed_lexicon("sentiment_pl")
    X = sparse.vstack([featurise(split.train.texts), featurise(seeds.texts)], format="csr")
    y = np.r_[split.train.labels, seeds.labels]
    weight = np.r_[np.ones(len(split.train)), np.full(len(seeds), SEED_WEIGHT)]
    fitted = _fit(X, y, C=4.0, balanced=False, weight=weight)
    model = _linear("sentiment_pl", ("positive",), [_binary_column(fitted)],
                    {"task": "sentiment", "lang": "pl", "neutral_band": PL_NEUTRAL_BAND})
    score = 2 * _sigmoid(model.scores(featurise(split.val.texts))[:, 0]) - 1
    truth = np.array(split.val.labels)
    decided = np.abs(score) >= PL_NEUTRAL_BAND
    card = {
        "trained_on": _sources("mozetic", "seed_lexicon"),
        "split": f"Mozetic et al. Polish tweets, deduplicated, 80/20 stratified (seed {D.SEED}): "
                 f"{len(split.train)} / {len(split.val)}; plus {len(seeds)} seed-lexicon entries "
                 f"(weight {SEED_WEIGHT}) for everyday words of praise and complaint",
        "threshold_why": (f"positive vs negative at score 0; |score| < {PL_NEUTRAL_BAND} is reported as neutral "
                          "because the training set has no neutral class"),
        "metrics": {"mozetic_held_out": {
            "n": len(truth),
            "accuracy_pos_neg": round(float(accuracy_score(truth, score > 0)), 4),
            "macro_f1_pos_neg": round(float(f1_score(truth, score > 0, average="macro")), 4),
            "share_not_neutral": round(float(decided.mean()), 4),
            "accuracy_when_not_neutral": round(float(accuracy_score(truth[decided], score[decided] > 0)), 4),
        }},
    }
    return Built(model, card)


BUILDERS: dict[str, Callable[[Path], Built]] = {
    "language": build_language,
    "offensive_en": build_offensive_en,
    "offensive_pl": build_offensive_pl,
    "sentiment_en": build_sentiment_en,
    "sentiment_pl": build_sentiment_pl,
}
assert tuple(BUILDERS) == MODEL_NAMES


# --- model cards -------------------------------------------------------------------------------------

PURPOSE = {
    "language": "Tells English from Polish (`unknown` for fewer than 3 words or low confidence).",
    "offensive_en": "Probability that an English post is offensive, plus a hate head used for the `hate` sub-label.",
    "offensive_pl": "Probability that a Polish post is harmful (cyberbullying or hate), plus a hate head.",
    "sentiment_en": "English sentiment: negative / neutral / positive.",
    "sentiment_pl": "Polish sentiment: negative / positive, neutral inside a band around 0.",
}


def model_card(built: Built) -> str:
    model, card = built.model, built.card
    lines = [f"# Model card: {model.name}", "", PURPOSE[model.name], "",
             "- Method: logistic regression (scikit-learn lbfgs) over hashed character 2-5-grams (within words) and "
             "word 1-2-grams, log-scaled and unit-length per block (`socialguard/classifiers/features.py`).",
             f"- Heads: {', '.join(model.heads)}; file `{model.name}.npz` (float16 weights).",
             f"- scikit-learn {sklearn.__version__}; rebuilt with `socialguard-train --data ../shared/data "
             f"--only {model.name}`.", "", "## Data and licences", ""]
    lines += [f"- {s['set']}: {s['licence']}" for s in card["trained_on"]]
    if any(s["licence"].startswith("SemEval") for s in card["trained_on"]):
        lines += ["", "**Licence note:** this model was trained on SemEval/TweetEval data, released under "
                  "SemEval task terms for research use. Check that your use fits those terms before relying on it "
                  "commercially, or retrain it on permissively licensed data."]
    lines += ["", "## Split", "", card["split"]]
    if "threshold" in model.meta:
        lines += ["", "## Threshold", "", f"{model.meta['threshold']}: {card['threshold_why']}."]
    if "hate_threshold" in model.meta:
        lines += ["", f"Hate sub-label at a hate-head probability of {model.meta['hate_threshold']}, chosen by looking "
                  "at "
                  "the hate head's validation data: its hate-head numbers below are optimistic (it only picks a "
                  "sub-label; the offensive numbers are not affected)."]
    elif "threshold_why" in card:
        lines += ["", "## Decision", "", card["threshold_why"] + "."]
    lines += ["", "## Metrics on held-out data (never trained or tuned on)", "", "| set | metric | value |",
              "| --- | --- | --- |"]
    for where, values in card["metrics"].items():
        lines += [f"| {where} | {k} | {v} |" for k, v in values.items()]
    lines += ["", "## Limits", "",
              "Short social media posts only; trained on tweets and forum posts from 2009-2019. Bag-of-n-gram models "
              "miss sarcasm, irony, negation over long distances and coded language they have not seen; their errors "
              "follow the biases of the annotators of the training sets (e.g. dialect and slur reclamation). Use them "
              "to route posts to a person, not to punish anyone automatically.", ""]
    return "\n".join(lines)


def build(data: Path, out: Path, names: tuple[str, ...] = MODEL_NAMES, log=print) -> dict[str, Built]:
    """Train the named models from `data` and write `<name>.npz` and `<name>.md` into `out`."""
    out.mkdir(parents=True, exist_ok=True)
    built = {}
    for name in names:
        started = time.perf_counter()
        built[name] = BUILDERS[name](data)
        save(built[name].model, out)
        (out / f"{name}.md").write_text(model_card(built[name]), encoding="utf-8")
        log(f"{name}: {time.perf_counter() - started:.0f} s, {built[name].card['metrics']}")
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="socialguard-train", description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared training data folder")
    parser.add_argument("--out", type=Path, default=models_dir(), help="where the model files and cards go")
    parser.add_argument("--only", nargs="+", choices=MODEL_NAMES, default=list(MODEL_NAMES), help="models to rebuild")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"socialguard-train: error: {args.data}: no such folder (give the shared data folder with --data)",
              file=sys.stderr)
        return 2
    try:
        build(args.data, args.out, tuple(args.only))
    except D.DataError as exc:
        print(f"socialguard-train: error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
