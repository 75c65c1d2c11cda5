"""Presidio comparison (issue 2): socialguard's `confidential.pii` versus Microsoft Presidio, offline, without NER.

Both tools read the same generated EN/PL posts (`generate_posts.py`, with the planted identifiers as labels)
and look for the same entity types. Prints posts/s for each, the speed ratio, and per entity the recall
(share of planted values that a hit of the right entity overlaps) and the hits that were not planted.

Presidio is set up as in research/dependencies.md section 2: `NoOpNlpEngine` (no spaCy model, no NER),
tldextract without network, `PhoneRecognizer` for PL and US. It runs in two configurations:
- `presidio`: the predefined recognisers only (its one Polish recogniser is PESEL, registered for Polish);
- `presidio+pl`: the same plus PESEL for English posts too and our own `PatternRecognizer` subclasses for
  NIP, REGON and the Polish ID card, validated with python-stdnum (and the ID-card check), for fairness.
Presidio is a benchmark dependency only: `pip install -r bench/requirements.txt`.

    python bench/presidio_compare.py [--posts 10000] [--seed 7] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

from machine import cpu_model
from typing import Callable

sys.path.insert(0, str(Path(__file__).parent))

import stdnum.pl.nip  # noqa: E402
import stdnum.pl.regon  # noqa: E402
import tldextract  # noqa: E402
from generate_posts import generate_posts  # noqa: E402

from socialguard.detectors.base import Context  # noqa: E402
from socialguard.detectors._pii_recognizers import is_valid_id_card, scan  # noqa: E402
from socialguard.detectors.pii import PiiDetector, PiiParams  # noqa: E402
from socialguard.model import Post  # noqa: E402
from socialguard.policy.schema import Policy  # noqa: E402

# The Email and URL recognisers would otherwise try to download the public suffix list.
tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)

from presidio_analyzer import AnalyzerEngine, Pattern, PatternRecognizer, RecognizerRegistry  # noqa: E402
from presidio_analyzer.nlp_engine import NoOpNlpEngine  # noqa: E402
from presidio_analyzer.predefined_recognizers import PhoneRecognizer, PlPeselRecognizer  # noqa: E402

LANGUAGES = ("en", "pl")
# socialguard entity -> Presidio entity
PRESIDIO_ENTITY = {
    "PESEL": "PL_PESEL",
    "NIP": "PL_NIP",
    "REGON": "PL_REGON",
    "PL_ID_CARD": "PL_ID_CARD",
    "IBAN": "IBAN_CODE",
    "EMAIL": "EMAIL_ADDRESS",
    "PHONE": "PHONE_NUMBER",
}
POLISH_IDENTIFIERS = ("PESEL", "NIP", "REGON", "PL_ID_CARD", "IBAN")


class PlNipRecognizer(PatternRecognizer):
    """Polish NIP for Presidio: the usual groupings or ten digits, kept when stdnum's checksum passes."""

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entity="PL_NIP",
            supported_language=language,
            patterns=[
                Pattern("NIP grouped", r"\b\d{3}-\d{3}-\d{2}-\d{2}\b|\b\d{3}-\d{2}-\d{2}-\d{3}\b", 0.5),
                Pattern("NIP digits", r"\b\d{10}\b", 0.3),
            ],
            context=["nip"],
        )

    def validate_result(self, pattern_text: str) -> bool:
        return stdnum.pl.nip.is_valid(pattern_text)


class PlRegonRecognizer(PatternRecognizer):
    """Polish REGON (9 or 14 digits), kept when stdnum's checksum passes."""

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entity="PL_REGON",
            supported_language=language,
            patterns=[Pattern("REGON", r"\b\d{9}\b|\b\d{14}\b", 0.3)],
            context=["regon"],
        )

    def validate_result(self, pattern_text: str) -> bool:
        return stdnum.pl.regon.is_valid(pattern_text)


class PlIdCardRecognizer(PatternRecognizer):
    """Polish ID card number, kept when its check digit is right."""

    def __init__(self, language: str) -> None:
        super().__init__(
            supported_entity="PL_ID_CARD",
            supported_language=language,
            patterns=[Pattern("ID card", r"\b[A-Z]{3}\s?\d{6}\b", 0.3)],
            context=["dowód", "dowod", "id card"],
        )

    def validate_result(self, pattern_text: str) -> bool:
        return is_valid_id_card(pattern_text)


def presidio_analyzer(with_polish: bool) -> AnalyzerEngine:
    registry = RecognizerRegistry(supported_languages=list(LANGUAGES))
    registry.load_predefined_recognizers(languages=list(LANGUAGES))
    registry.remove_recognizer("SpacyRecognizer")  # NoOp has no NER; Presidio raises if it stays
    registry.remove_recognizer("PhoneRecognizer")
    for language in LANGUAGES:
        registry.add_recognizer(PhoneRecognizer(supported_language=language, supported_regions=("PL", "US")))
        if with_polish:
            registry.add_recognizer(PlNipRecognizer(language))
            registry.add_recognizer(PlRegonRecognizer(language))
            registry.add_recognizer(PlIdCardRecognizer(language))
    if with_polish:
        registry.add_recognizer(PlPeselRecognizer(supported_language="en"))
    nlp_engine = NoOpNlpEngine(models=[{"lang_code": lang, "model_name": "no_op"} for lang in LANGUAGES])
    return AnalyzerEngine(registry=registry, supported_languages=list(LANGUAGES), nlp_engine=nlp_engine)


Found = list[tuple[str, int, int]]  # (socialguard entity, start, end) per hit


def socialguard_runner(entities: list[str]) -> Callable[[dict], Found]:
    detector = PiiDetector(PiiParams(entities=entities), Policy())

    def run(post: dict) -> Found:
        scan.cache_clear()  # no help from repeated texts: every post is scanned afresh, like Presidio's
        return [(h.entity, h.start, h.end) for h in detector.find(post["context"])]

    return run


def presidio_runner(analyzer: AnalyzerEngine, entities: list[str]) -> Callable[[dict], Found]:
    wanted = [PRESIDIO_ENTITY[e] for e in entities]
    ours = {v: k for k, v in PRESIDIO_ENTITY.items()}

    def run(post: dict) -> Found:
        results = analyzer.analyze(post["text"], language=post["lang"], entities=wanted)
        return [(ours[r.entity_type], r.start, r.end) for r in results]

    return run


def timed(run: Callable[[dict], Found], posts: list[dict], repeats: int) -> tuple[list[Found], float]:
    """What `run` found in each post, and the best wall time of `repeats` passes (after a warm-up)."""
    for post in posts[:100]:  # warm-up: lazy imports, compiled patterns, caches of the libraries
        run(post)
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        found = [run(post) for post in posts]
        best = min(best, time.perf_counter() - started)
    return found, best


def score(posts: list[dict], found: list[Found], entities: list[str]) -> dict[str, tuple[int, int, int]]:
    """Per entity: (planted, recalled, hits that are not a planted value)."""
    table = {e: [0, 0, 0] for e in entities}
    for post, hits in zip(posts, found):
        planted = [(p["entity"], *_span(post["text"], p["value"])) for p in post["pii"]]
        for entity, start, end in planted:
            table[entity][0] += 1
            table[entity][1] += any(e == entity and s < end and start < t for e, s, t in hits)
        for entity, start, end in hits:
            if not any(e == entity and s < end and start < t for e, s, t in planted):
                table[entity][2] += 1
    return {e: tuple(v) for e, v in table.items()}


def _span(text: str, value: str) -> tuple[int, int]:
    start = text.index(value)
    return start, start + len(value)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeats", type=int, default=3, help="timed passes per tool; the best one counts")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    posts = generate_posts(args.posts, args.seed)
    policy = Policy()
    for post in posts:
        post["context"] = Context(post=Post(text=post["text"], lang=post["lang"]), lang=post["lang"], policy=policy)
    entities = list(PRESIDIO_ENTITY)
    tools = {
        "socialguard": socialguard_runner(entities),
        "presidio": presidio_runner(presidio_analyzer(with_polish=False), entities),
        "presidio+pl": presidio_runner(presidio_analyzer(with_polish=True), entities),
    }
    results = {name: timed(run, posts, args.repeats) for name, run in tools.items()}
    planted = sum(len(p["pii"]) for p in posts)
    print(f"machine: {platform.machine()}, {cpu_model()}, nproc {os.cpu_count()}, pinned to 1 core, "
          f"Python {platform.python_version()}")
    print(f"posts: {len(posts):,} (seed {args.seed}), planted identifiers: {planted:,}, "
          f"best of {args.repeats} passes; entities: {', '.join(entities)}")
    base = len(posts) / results["socialguard"][1]
    for name, (_, seconds) in results.items():
        rate = len(posts) / seconds
        ratio = "" if name == "socialguard" else f"  (socialguard is {base / rate:.1f}x faster)"
        print(f"{name:12} {rate:10,.0f} posts/s {seconds * 1000 / len(posts):8.3f} ms/post{ratio}")
    scores = {name: score(posts, found, entities) for name, (found, _) in results.items()}
    print()
    print(f"{'entity':12}{'planted':>9}" + "".join(f"{name + ' recall':>22}{'extra':>7}" for name in tools))
    for entity in entities:
        cells = ""
        for name in tools:
            n, hit, extra = scores[name][entity]
            cells += f"{f'{hit}/{n} {hit / n:.1%}' if n else '-':>22}{extra:>7}"
        marker = " *" if entity in POLISH_IDENTIFIERS else ""
        print(f"{entity + marker:12}{scores['socialguard'][entity][0]:>9}{cells}")
    print("* Polish identifier. recall: planted values overlapped by a hit of that entity; "
          "extra: hits of that entity on text that was not planted.")


if __name__ == "__main__":
    main()
