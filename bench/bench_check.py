"""Benchmark of `check`: 10,000 generated EN/PL posts against a policy, on one core.

Prints posts/s, p50/p99 latency per post and the peak RSS of the process. `--core-only` keeps the rules
of the core detector kinds (issue 2) and drops the classifier and phishing rules, which have their own
benchmarks.

    python bench/bench_check.py [--posts 10000] [--policy examples/acme.yaml] [--core-only]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import sys
import time
from pathlib import Path

from machine import cpu_model

sys.path.insert(0, str(Path(__file__).parent))

from generate_posts import generate_posts  # noqa: E402

from socialguard import Post, load_policy  # noqa: E402
from socialguard.engine import checker  # noqa: E402


NOT_CORE = {"conduct.offensive", "conduct.disparagement", "security.phishing"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--policy", default=str(Path(__file__).parent.parent / "examples" / "acme.yaml"))
    parser.add_argument("--core-only", action="store_true", help="only the rules of the core detector kinds")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {0})
    posts = [Post(text=p["text"], account=p["account"], platform=p["platform"], role=p["role"])
             for p in generate_posts(args.posts)]
    started = time.perf_counter()
    policy = load_policy(args.policy)
    if args.core_only:
        policy.rules = [r for r in policy.rules if r.detector not in NOT_CORE]
    compiled = checker(policy)
    compiled.evaluate(Post(text="warm-up post"))
    compile_s = time.perf_counter() - started
    latencies = []
    flagged = 0
    total_started = time.perf_counter()
    for post in posts:
        t0 = time.perf_counter_ns()
        verdict = compiled.evaluate(post)
        latencies.append(time.perf_counter_ns() - t0)
        flagged += bool(verdict.findings)
    total = time.perf_counter() - total_started
    latencies.sort()
    ms = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] / 1e6  # noqa: E731
    print(f"machine: {platform.machine()}, {cpu_model()}, pinned to 1 core, Python {platform.python_version()}")
    print(f"policy: {args.policy} ({len(compiled.rules)} rules), compiled in {compile_s * 1000:.0f} ms")
    print(f"posts: {len(posts):,}, flagged: {flagged:,}")
    print(f"throughput: {len(posts) / total:,.0f} posts/s")
    print(f"latency: p50 {ms(0.50):.3f} ms, p99 {ms(0.99):.3f} ms, mean {statistics.mean(latencies) / 1e6:.3f} ms")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
