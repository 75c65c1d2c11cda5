"""Which language identifier to keep: the lexical `socialguard.lang` or the classifier's
(`socialguard.classifiers.language`), on the same labelled EN and PL posts, with their cost per post.

    python bench/bench_language.py [--data ../shared/data]

EN: the TweetEval offensive and sentiment validation posts; PL: the held-out splits of PolEval 2019,
BAN-PL and Mozetic (the splits of the model cards, `socialguard.classifiers.datasets`). A post is
`correct`, `unknown` or `wrong`; speed is one post at a time, as the engine checks a post.
"""

from __future__ import annotations

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_var] = "1"  # one core: set before numpy is imported

import argparse  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from socialguard.classifiers import datasets as D  # noqa: E402
from socialguard.classifiers.language import identify  # noqa: E402
from socialguard.lang import detect_language  # noqa: E402


def labelled(data: Path) -> dict[str, list[str]]:
    return {
        "en": D.tweeteval(data, "offensive", "val").texts + D.tweeteval(data, "sentiment", "val").texts,
        "pl": [t for s in (D.held_out_split(*D.poleval(data)).val, D.held_out_split(*D.ban_pl(data)).val,
                           D.held_out_split(D.mozetic_pl(data)).val) for t in s.texts],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=str(Path(__file__).resolve().parents[2] / "shared" / "data"))
    args = parser.parse_args()
    identify(["warm up the model"])
    methods = {"lexical socialguard.lang": detect_language,
               "classifier socialguard.classifiers.language": lambda text: identify([text])[0]}
    for lang, texts in labelled(Path(args.data)).items():
        for method, detect in methods.items():
            started = time.process_time()
            answers = [detect(t) for t in texts]
            per_post = (time.process_time() - started) / len(texts) * 1000
            correct, unknown = answers.count(lang) / len(texts), answers.count("unknown") / len(texts)
            print(f"{lang.upper()} ({len(texts)} posts), {method}: correct {correct:.1%}, unknown {unknown:.1%}, "
                  f"wrong {1 - correct - unknown:.2%}, {per_post:.3f} ms per post")


if __name__ == "__main__":
    main()
