"""A tiny, made-up copy of the shared training data folder (same files and formats), for training tests.

Every set has a few dozen posts built from templates with a seeded random choice, so the whole training
pipeline runs in seconds on any machine without `../shared/data`.
"""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

EN_NICE = ["thanks for the help", "what a lovely day", "great game last night", "see you at the meeting",
           "the new update works well", "happy birthday my friend"]
EN_NASTY = ["you are a stupid idiot", "shut up you moron", "what a pathetic loser", "go away you clown",
            "you disgusting liar", "nobody likes you idiot"]
PL_NICE = ["dzięki za pomoc", "piękny dzień dzisiaj", "świetny mecz wczoraj", "do zobaczenia na spotkaniu",
           "nowa wersja działa dobrze", "wszystkiego najlepszego"]
PL_NASTY = ["ty głupi idioto", "zamknij się debilu", "jesteś żałosnym frajerem", "spadaj ty błaźnie",
            "ty obrzydliwy kłamco", "nikt cię nie lubi idioto"]
EN_TONE = {
    "positive": ["i love this phone", "best service ever"],
    "neutral": ["the shop opens at nine", "new model announced today"],
    "negative": ["worst service ever", "i hate this phone"],
}
PL_TONE = {
    "positive": ["uwielbiam ten telefon", "najlepsza obsługa"],
    "negative": ["najgorsza obsługa", "nienawidzę tego telefonu"],
}


def _variants(rng: random.Random, phrases: list[str], n: int) -> list[str]:
    return [f"{rng.choice(phrases)} {rng.choice(['', '!', '...', ' :)'])} {i}".strip() for i in range(n)]


def _labelled(rng: random.Random, groups: dict, n: int) -> list[tuple[str, object]]:
    rows = [(text, label) for label, phrases in groups.items() for text in _variants(rng, phrases, n)]
    rng.shuffle(rows)
    return rows


def _write_lines(path: Path, lines: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    _write_lines(path, [json.dumps(row, ensure_ascii=False) for row in rows])


def make_data(root: Path, seed: int = 7) -> Path:
    """Write the synthetic data folder under `root` and return it."""
    rng = random.Random(seed)
    data = root / "data"
    for task in ("offensive", "hate"):
        for split, n in (("train", 30), ("val", 10)):
            rows = _labelled(rng, {0: EN_NICE, 1: EN_NASTY}, n)
            _write_lines(data / "tweeteval" / task / f"{split}_text.txt", [f"@user {t} {split}" for t, _ in rows])
            _write_lines(data / "tweeteval" / task / f"{split}_labels.txt", [str(y) for _, y in rows])
    rows = _labelled(rng, {0: EN_TONE["negative"], 1: EN_TONE["neutral"], 2: EN_TONE["positive"]}, 10)
    _write_lines(data / "tweeteval" / "sentiment" / "val_text.txt", [f"{t} val" for t, _ in rows])
    _write_lines(data / "tweeteval" / "sentiment" / "val_labels.txt", [str(y) for _, y in rows])
    rows = _labelled(rng, EN_TONE, 30)
    _write_jsonl(data / "semeval_sentiment_en" / "train.jsonl",
                 [{"id": str(i), "label": y, "text": t} for i, (t, y) in enumerate(rows)])
    rows = _labelled(rng, {"2": EN_NICE, "1": EN_NASTY, "0": ["you people are vermin", "those people are animals"]}, 20)
    (data / "davidson").mkdir(parents=True)
    with (data / "davidson" / "labeled_data.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["", "count", "hate_speech", "offensive_language", "neither", "class", "tweet"])
        writer.writerows([i, 3, 0, 0, 3, y, t] for i, (t, y) in enumerate(rows))
    rows = _labelled(rng, {0: PL_NICE, 1: PL_NASTY, 2: ["wy ludzie jesteście bydłem", "ci ludzie to zwierzęta"]}, 25)
    _write_jsonl(data / "poleval2019_task6" / "train.jsonl",
                 [{"id": i, "text": t, "harmful": int(k > 0), "type": k} for i, (t, k) in enumerate(rows)])
    rows = _labelled(rng, {1: PL_NICE, 2: PL_NASTY}, 25)
    _write_jsonl(data / "ban_pl" / "train3000.jsonl",
                 [{"id": i, "text": t, "harmful": int(k > 1), "reason": k} for i, (t, k) in enumerate(rows)])
    rows = _labelled(rng, PL_TONE, 25)
    _write_jsonl(data / "pl_sentiment_mozetic" / "train.jsonl",
                 [{"tweet_id": str(i), "label": y, "text": t} for i, (t, y) in enumerate(rows)])
    return data
