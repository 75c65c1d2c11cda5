"""Every detector on real text: how often it fires on harmful posts (recall) and on benign ones (false alarms).

Posts nobody wrote for socialguard, labelled by others, plus the benign corporate posts written for it:
English TweetEval offensive val (harmful = offensive); Polish the held-out sides of PolEval 2019 (harmful =
cyberbullying or hate) and BAN-PL (harmful = removed by Wykop's moderators), split by the training code's
own seed, so no shipped model saw them; `bench/data/corporate_{en,pl}.jsonl` (all benign). Each post is
checked with the built-in policy (the general pack) as a personal post in its language: the tweets as posts
on X (fetched back from it: their `t.co` links are X's wrapper), the others on a generic platform. Per set,
the share of benign posts that would need approval or be blocked, then per detector: recall (harmful posts
with a finding of that detector) and false alarms (benign posts with one).

    python bench/real_text_eval.py [--data ../shared/data]

(Personal posts only: under the general pack every brand post needs approval anyway.)
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "src"))

from socialguard import Outcome, Post, load_policy  # noqa: E402
from socialguard.classifiers import datasets as D  # noqa: E402
from socialguard.engine import checker  # noqa: E402

BENCH_DATA = Path(__file__).parent / "data"
STOPPED = {Outcome.needs_approval, Outcome.blocked}


def labelled_sets(data: Path) -> dict[str, tuple[str, str, list[str], list[int]]]:
    """set name -> (platform, language, texts, 0/1 harmful labels)."""
    sets: dict[str, tuple[str, str, list[str], list[int]]] = {}
    val = D.tweeteval(data, "offensive", "val")
    sets["EN tweets (TweetEval offensive val)"] = ("x", "en", val.texts, list(val.labels))
    poleval = D.held_out_split(*D.poleval(data)).val
    sets["PL tweets (PolEval held out)"] = ("x", "pl", poleval.texts, list(poleval.labels))
    ban = D.held_out_split(*D.ban_pl(data)).val
    sets["PL forum (BAN-PL held out)"] = ("generic", "pl", ban.texts, list(ban.labels))
    for lang in ("en", "pl"):
        texts = [json.loads(line)["text"] for line in open(BENCH_DATA / f"corporate_{lang}.jsonl", encoding="utf-8")]
        sets[f"{lang.upper()} corporate (bench/data)"] = ("generic", lang, texts, [0] * len(texts))
    return sets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).parent.parent.parent / "shared" / "data")
    args = parser.parse_args()
    compiled = checker(load_policy())
    detectors = sorted({rule.detector for rule in compiled.policy.rules})
    print("| set | posts | harmful | benign sent to approval or blocked | harmful sent to approval or blocked |")
    print("| --- | ---: | ---: | ---: | ---: |")
    per_detector: dict[str, tuple[Counter, Counter, int, int]] = {}
    for name, (platform, lang, texts, labels) in labelled_sets(args.data).items():
        fired = {0: Counter(), 1: Counter()}
        stopped = Counter()
        for text, label in zip(texts, labels):
            post = Post(text=text[:5000], lang=lang, account="personal", platform=platform)
            verdict = compiled.evaluate(post)
            stopped[label] += verdict.outcome in STOPPED
            fired[label].update({f.detector for f in verdict.findings if f.suppressed is None})
        harmful, benign = sum(labels), len(labels) - sum(labels)
        per_detector[name] = (fired[1], fired[0], harmful, benign)
        harmful_cell = f"{stopped[1] / harmful:.1%}" if harmful else "-"
        print(f"| {name} | {len(labels)} | {harmful} | {stopped[0] / benign:.1%} | {harmful_cell} |")
    print("\nPer detector: recall on harmful posts / false alarms on benign posts (share with a finding).\n")
    print("| detector | " + " | ".join(per_detector) + " |")
    print("| --- |" + " ---: |" * len(per_detector))
    for detector in detectors:
        cells = []
        for hits_harmful, hits_benign, harmful, benign in per_detector.values():
            recall = f"{hits_harmful[detector] / harmful:.3f}" if harmful else "-"
            cells.append(f"{recall} / {hits_benign[detector] / benign:.3f}")
        print(f"| `{detector}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
