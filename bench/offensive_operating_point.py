"""The offensive classifier's operating point: recall on harmful posts against false alarms on benign ones.

For each language, every set it is validated on (never trained on): English TweetEval offensive val;
Polish the held-out sides of PolEval 2019 and BAN-PL (the training code's own seeded split); and the benign
corporate posts written for socialguard (`bench/data/corporate_{en,pl}.jsonl`). A post is flagged as
`conduct.offensive` flags it: a threat phrase, a probability at or above `alone`, or at or above `sworn`
when it also swears (the profanity lexicons). Prints the curve of a single threshold (`alone` = `sworn`),
each set's recall (harmful posts flagged) and false-alarm rate (benign posts flagged), then the pair
(`alone`, `sworn`) that catches the most harmful posts (mean recall over the harmful sets) with every
benign set at or under `--max-false-alarms`, and the shipped operating point.

    python bench/offensive_operating_point.py [--data ../shared/data] [--max-false-alarms 0.03]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent.parent / "src"))

from socialguard.classifiers import datasets as D  # noqa: E402
from socialguard.classifiers.artefacts import load  # noqa: E402
from socialguard.classifiers.features import featurise  # noqa: E402
from socialguard.classifiers.offensive import _THREAT, OPERATING_POINTS, swears  # noqa: E402

BENCH_DATA = Path(__file__).parent / "data"
GRID = [round(x, 2) for x in np.arange(0.30, 0.96, 0.05)]


def labelled_sets(data: Path) -> dict[str, dict[str, tuple[list[str], np.ndarray]]]:
    """language -> set name -> (texts, 0/1 harmful labels)."""
    corporate = {
        lang: [json.loads(line)["text"] for line in open(BENCH_DATA / f"corporate_{lang}.jsonl", encoding="utf-8")]
        for lang in ("en", "pl")
    }
    val = D.tweeteval(data, "offensive", "val")
    poleval = D.held_out_split(*D.poleval(data)).val
    ban = D.held_out_split(*D.ban_pl(data)).val
    return {
        "en": {"tweets (TweetEval val)": (val.texts, np.array(val.labels)),
               "corporate (bench/data)": (corporate["en"], np.zeros(len(corporate["en"]), int))},
        "pl": {"tweets (PolEval held out)": (poleval.texts, np.array(poleval.labels)),
               "forum (BAN-PL held out)": (ban.texts, np.array(ban.labels)),
               "corporate (bench/data)": (corporate["pl"], np.zeros(len(corporate["pl"]), int))},
    }


def signals(texts: list[str], lang: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Offensive probability, a threat phrase, a swear word: per text."""
    model = load(f"offensive_{lang}")
    scores = model.scores(featurise(texts))[:, model.head("offensive")]
    threats = np.array([bool(_THREAT.search(t)) for t in texts])
    return 1 / (1 + np.exp(-scores)), threats, np.array([swears(t) for t in texts])


def rates(scored: dict, alone: float, sworn: float) -> tuple[list[float], list[float]]:
    """Per set: recall on its harmful posts (nan without any) and false alarms on its benign ones."""
    recalls, false_alarms = [], []
    for probability, threat, swearing, labels in scored.values():
        flagged = (probability >= alone) | threat | ((probability >= sworn) & swearing)
        recalls.append(flagged[labels == 1].mean() if (labels == 1).any() else float("nan"))
        false_alarms.append(flagged[labels == 0].mean())
    return recalls, false_alarms


def _row(label: str, recalls: list[float], false_alarms: list[float]) -> str:
    cells = [c for r, f in zip(recalls, false_alarms) for c in ("-" if np.isnan(r) else f"{r:.3f}", f"{f:.3f}")]
    return f"| {label} | " + " | ".join(cells) + " |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parent.parent.parent / "shared" / "data")
    parser.add_argument("--max-false-alarms", type=float, default=0.03)
    args = parser.parse_args()
    for lang, sets in labelled_sets(args.data).items():
        scored = {name: (*signals(texts, lang), labels) for name, (texts, labels) in sets.items()}
        header = " | ".join(f"{name} recall | {name} false alarms" for name in sets)
        print(f"\n## {lang}\n\n| alone / sworn | {header} |\n|" + " ---: |" * (1 + 2 * len(sets)))
        for cut in GRID:
            print(_row(f"{cut:.2f} / {cut:.2f}", *rates(scored, cut, cut)))
        best = max(
            ((alone, sworn) for alone in GRID for sworn in GRID if sworn <= alone
             if max(rates(scored, alone, sworn)[1]) <= args.max_false_alarms),
            key=lambda pair: np.nanmean(rates(scored, *pair)[0]),
        )
        shipped = OPERATING_POINTS[lang]
        print(_row(f"best: {best[0]:.2f} / {best[1]:.2f}", *rates(scored, *best)))
        print(_row(f"shipped: {shipped.alone:.2f} / {shipped.sworn:.2f}", *rates(scored, shipped.alone, shipped.sworn)))

if __name__ == "__main__":
    main()
