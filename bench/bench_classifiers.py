"""Benchmark of the shipped classifiers: quality on the validation splits, speed, latency, memory, load time.

    python bench/bench_classifiers.py [--data ../shared/data] [--posts 4000]

Quality uses the same held-out splits as the model cards (`socialguard.classifiers.datasets`), scored
through the public `classify()` API with the language given (and once more with language detection).
Speed is measured on one core (BLAS and OpenMP limited to one thread): offensive + sentiment + language
together, batched (CPU time, so other work on a shared machine counts less), and one post at a time
(wall-clock latency and CPU time). Memory and load time are measured in fresh processes.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before numpy is imported

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from machine import cpu_model  # noqa: E402

import numpy as np  # noqa: E402
from sklearn.metrics import accuracy_score, f1_score, recall_score  # noqa: E402

from socialguard.classifiers import classify  # noqa: E402
from socialguard.classifiers import datasets as D  # noqa: E402
from socialguard.classifiers.artefacts import MODEL_NAMES, models_dir  # noqa: E402
from socialguard.lang import detect_language  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]

MEMORY_PROBE = """
import time
started = time.perf_counter()
from socialguard.classifiers import classify, artefacts
imported = time.perf_counter()
for name in artefacts.MODEL_NAMES:
    artefacts.load(name)
loaded = time.perf_counter()
classify(["Thanks for the quick help!", "Dzięki za szybką pomoc!"] * 500)
peak_kb = next(line.split()[1] for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(imported - started, loaded - imported, peak_kb)
"""


def quality(data: Path) -> dict:
    results = {}
    val = D.tweeteval(data, "offensive", "val")
    predicted = [r.is_offensive for r in classify(val.texts, ["en"] * len(val))]
    results["EN offensive, TweetEval offensive val: macro-F1"] = f1_score(val.labels, predicted, average="macro")
    poleval = D.held_out_split(*D.poleval(data)).val
    predicted = [r.is_offensive for r in classify(poleval.texts, ["pl"] * len(poleval))]
    results["PL harmful, PolEval 2019 held-out 20%: harmful-class F1"] = f1_score(poleval.labels, predicted)
    results["PL harmful, PolEval 2019 held-out 20%: macro-F1"] = f1_score(poleval.labels, predicted, average="macro")
    ban = D.held_out_split(*D.ban_pl(data)).val
    predicted = [r.is_offensive for r in classify(ban.texts, ["pl"] * len(ban))]
    results["PL harmful, BAN-PL held-out 20%: accuracy"] = accuracy_score(ban.labels, predicted)
    results["PL harmful, BAN-PL held-out 20%: macro-F1"] = f1_score(ban.labels, predicted, average="macro")
    val = D.tweeteval(data, "sentiment", "val")
    predicted = [D.SENTIMENT.index(r.sentiment) for r in classify(val.texts, ["en"] * len(val))]
    results["EN sentiment, TweetEval sentiment val: macro-recall"] = recall_score(
        val.labels, predicted, average="macro")
    results["EN sentiment, TweetEval sentiment val: macro-F1"] = f1_score(val.labels, predicted, average="macro")
    mozetic = D.held_out_split(D.mozetic_pl(data)).val
    found = classify(mozetic.texts, ["pl"] * len(mozetic))
    results["PL sentiment, Mozetic held-out 20%: pos/neg accuracy"] = accuracy_score(
        mozetic.labels, [r.sentiment_score > 0 for r in found])
    decided = [(y, r.sentiment == "positive") for y, r in zip(mozetic.labels, found) if r.sentiment != "neutral"]
    results["PL sentiment, Mozetic held-out 20%: share not neutral"] = len(decided) / len(found)
    results["PL sentiment, Mozetic held-out 20%: accuracy when not neutral"] = accuracy_score(*zip(*decided))
    results.update(language_quality(data))
    return {k: round(float(v), 4) for k, v in results.items()}


def language_quality(data: Path) -> dict:
    sets = {
        "en": D.tweeteval(data, "offensive", "val").texts + D.tweeteval(data, "sentiment", "val").texts,
        "pl": [t for s in (D.held_out_split(*D.poleval(data)).val, D.held_out_split(*D.ban_pl(data)).val,
                           D.held_out_split(D.mozetic_pl(data)).val) for t in s.texts],
    }
    results = {}
    for lang, texts in sets.items():
        for method, answers in (("classifier", [r.lang for r in classify(texts)]),
                                ("lexical socialguard.lang", [detect_language(t) for t in texts])):
            results[f"language ID ({method}), {lang.upper()} posts: correct"] = answers.count(lang) / len(texts)
            results[f"language ID ({method}), {lang.upper()} posts: unknown"] = answers.count("unknown") / len(texts)
            results[f"language ID ({method}), {lang.upper()} posts: wrong"] = (
                1 - (answers.count(lang) + answers.count("unknown")) / len(texts))
    return results


def speed(data: Path, posts: int) -> dict:
    texts = (D.tweeteval(data, "offensive", "val").texts + D.held_out_split(*D.poleval(data)).val.texts
             + D.tweeteval(data, "sentiment", "val").texts + D.held_out_split(D.mozetic_pl(data)).val.texts)
    texts = (texts * (posts // len(texts) + 1))[:posts]
    classify(texts[:100])  # models loaded, caches warm
    batched = []
    for _ in range(3):
        started = time.process_time()
        classify(texts)
        batched.append(len(texts) / (time.process_time() - started))
    latencies, cpu = [], []
    for text in texts[:1000]:
        started, started_cpu = time.perf_counter(), time.process_time()
        classify([text])
        latencies.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return {
        "posts": len(texts),
        "mean characters per post": round(statistics.mean(len(t) for t in texts), 1),
        "batched posts/s per core (CPU time, best of 3)": round(max(batched)),
        "batched posts/s per core (CPU time, median of 3)": round(statistics.median(batched)),
        "single post latency p50 ms": round(float(np.percentile(latencies, 50)), 3),
        "single post latency p99 ms": round(float(np.percentile(latencies, 99)), 3),
        "single post CPU time p50 ms": round(float(np.percentile(cpu, 50)), 3),
        "single post CPU time p99 ms": round(float(np.percentile(cpu, 99)), 3),
    }


def footprint() -> dict:
    probe = subprocess.run([sys.executable, "-c", MEMORY_PROBE], capture_output=True, text=True, check=True)
    import_s, load_s, rss_kb = probe.stdout.split()
    return {
        "import socialguard.classifiers s": round(float(import_s), 3),
        "load all 5 models s": round(float(load_s), 3),
        "peak RSS (VmHWM) with models loaded, after classifying 1,000 posts MB": round(int(rss_kb) / 1024, 1),
        "model files total MB": round(sum((models_dir() / f"{n}.npz").stat().st_size for n in MODEL_NAMES) / 2**20, 2),
    }


def machine() -> dict:
    return {"nproc": os.cpu_count(), "cpu": cpu_model(), "python": platform.python_version(),
            "date": time.strftime("%Y-%m-%d"), "load average": os.getloadavg()[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--posts", type=int, default=4000)
    args = parser.parse_args()
    report = {"machine": machine(), "quality": quality(args.data), "speed": speed(args.data, args.posts),
              "footprint": footprint()}
    out = ROOT / "bench" / "out"
    out.mkdir(parents=True, exist_ok=True)
    (out / "classifiers.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    for section, values in report.items():
        print(f"\n{section}")
        for key, value in values.items():
            print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
