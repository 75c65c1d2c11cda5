"""Benchmark of bulk scans (issue 8): a plain single-process loop against the Dask scan with 1 and 2 workers.

Prints posts/s of each (wall clock) and posts per CPU-second (the CPU time of the loop's process, or of
the Dask workers plus the client process that runs the scheduler: steadier than wall clock on a shared
machine), the scaling ratio (2 workers / 1 worker), the overhead of the Dask scan on one worker against
the plain loop, and peak memory (VmHWM) per worker process. The plain loop reads the same
Parquet file, builds each `Post` and evaluates it, and writes nothing; the Dask scan also writes its
results, CSV rows and tallies (its report is timed apart). Both are timed from importing socialguard and
compiling the policy on: the Dask worker does both in its first task (the cluster's start is timed apart).
The scan moves the compiled policy out of the garbage collector's sight (`gc.freeze()`), which a plain
loop does not do; the loop is measured both ways. A third peer isolates Dask's own cost: the same scan
(`scan_partition` on every partition, writing the same files) in one process, without Dask. Each measurement runs in a fresh process, so its peak
memory is its own.

    python bench/bench_scan.py [--posts 1000000] [--policy examples/acme.yaml] [--partition-rows 20000]
                               [--repeats 1]

The posts are generated once (`generate_posts(n, seed)`) into bench/out/posts-N.parquet (gitignored).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

from machine import cpu_model

HERE = Path(__file__).parent
OUT = HERE / "out"
SEED = 7
ROW_GROUP_ROWS = 20_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1_000_000)
    parser.add_argument("--policy", default=str(HERE.parent / "examples" / "acme.yaml"))
    parser.add_argument("--partition-rows", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=1, help="runs of each measurement, interleaved; best kept")
    parser.add_argument("--measure", choices=["loop", "loop-frozen", "scan-loop", "dask"], help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure in ("loop", "loop-frozen"):
        print(json.dumps(measure_loop(Path(args.data), args.policy, freeze=args.measure == "loop-frozen")))
    elif args.measure == "scan-loop":
        print(json.dumps(measure_scan_loop(Path(args.data), args.policy, args.partition_rows)))
    elif args.measure == "dask":
        print(json.dumps(measure_dask(Path(args.data), args.policy, args.workers, args.partition_rows)))
    else:
        compare(args)


def compare(args: argparse.Namespace) -> None:
    data = posts_file(args.posts)
    runs = {"loop": ["--measure", "loop"], "loop, gc frozen": ["--measure", "loop-frozen"],
            "scan, no dask": ["--measure", "scan-loop"], "dask 1 worker": ["--measure", "dask", "--workers", "1"],
            "dask 2 workers": ["--measure", "dask", "--workers", "2"]}
    results: dict[str, list[dict]] = {name: [] for name in runs}
    load_before = os.getloadavg()[0]
    for _ in range(args.repeats):  # interleaved, so that a burst of other work does not hit one kind only
        for name, extra in runs.items():
            command = [sys.executable, __file__, "--data", str(data), "--policy", args.policy,
                       "--partition-rows", str(args.partition_rows), *extra]
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode:
                sys.exit(f"{name} failed:\n{done.stderr}")
            results[name].append(json.loads(done.stdout))
            print(f"{name}: {json.dumps(results[name][-1])} (load {os.getloadavg()[0]:.1f})", file=sys.stderr)
    loop, frozen, scan, one, two = (max(results[k], key=lambda r: r["posts_per_s"]) for k in runs)
    print(f"machine: {os.cpu_count()} cores, {cpu_model()}, Python {platform.python_version()}; "
          f"load average (1 min) {load_before:.1f} before, {os.getloadavg()[0]:.1f} after")
    print(f"posts: {args.posts:,} from {data} (policy {args.policy}, {args.partition_rows:,} rows per partition); "
          f"best of {args.repeats} interleaved runs of each")
    for name, run in (("plain loop:", loop), ("loop, gc.freeze():", frozen), ("scan, no dask:", scan)):
        start = f"; imports and policy {run['start_s']:.1f} s" if "start_s" in run else ""
        print(f"{name:22} {run['posts_per_s']:7,.0f} posts/s, {run['posts_per_cpu_s']:7,.0f} posts/CPU-s; "
              f"peak RSS {run['peak_rss_mb']:,.0f} MB{start}")
    for name, run in (("dask, 1 worker:", one), ("dask, 2 workers:", two)):
        rss = ", ".join(f"{m:,.0f}" for m in run["worker_peak_rss_mb"])
        print(f"{name:22} {run['posts_per_s']:7,.0f} posts/s, {run['posts_per_cpu_s']:7,.0f} posts/CPU-s; peak RSS "
              f"per worker {rss} MB, client {run['client_peak_rss_mb']:,.0f} MB; {run['partitions']} partitions; "
              f"cluster start {run['cluster_start_s']:.1f} s, report {run['report_s']:.1f} s")
    print(f"scaling 2 workers / 1 worker: {two['posts_per_s'] / one['posts_per_s']:.2f}x")
    for name, run in (("the plain loop", loop), ("the loop with gc.freeze()", frozen),
                      ("the same scan without dask", scan)):
        print(f"overhead of dask on 1 worker vs {name}: {run['posts_per_s'] / one['posts_per_s'] - 1:+.1%} "
              f"wall clock, {run['posts_per_cpu_s'] / one['posts_per_cpu_s'] - 1:+.1%} CPU time")


def posts_file(count: int) -> Path:
    """The generated posts as Parquet, written once."""
    path = OUT / f"posts-{count}.parquet"
    if path.exists():
        return path
    import pyarrow as pa
    import pyarrow.parquet as pq

    sys.path.insert(0, str(HERE))
    from generate_posts import generate_posts

    OUT.mkdir(exist_ok=True)
    posts = generate_posts(count, SEED)
    start = dt.date(2024, 1, 1)
    columns = {
        "id": [str(p["id"]) for p in posts],
        "text": [p["text"] for p in posts],
        "lang": [p["lang"] for p in posts],
        "account": [p["account"] for p in posts],
        "account_handle": ["@acme" if p["account"] == "brand" else None for p in posts],
        "platform": [p["platform"] for p in posts],
        "role": [p["role"] for p in posts],
        "author": [f"author{p['id'] % 1000}" for p in posts],
        "created_at": [(start + dt.timedelta(days=p["id"] * 7919 % 730)).isoformat() for p in posts],
    }
    temporary = path.with_suffix(".tmp")
    pq.write_table(pa.table(columns), temporary, row_group_size=ROW_GROUP_ROWS)
    temporary.replace(path)
    return path


def measure_loop(data: Path, policy_path: str, freeze: bool) -> dict:
    """Read the Parquet file, build each Post, evaluate it: what a user would write without Dask.

    Timed from importing socialguard and compiling the policy on, as the Dask scan is: its worker does
    both in its first task, inside the scan's time (`start_s` says how long they took here)."""
    started, cpu_started = time.perf_counter(), time.process_time()
    import pyarrow.parquet as pq

    from socialguard import load_policy
    from socialguard.batch import post_from_dict
    from socialguard.engine import checker

    compiled = checker(load_policy(policy_path))
    start_s = time.perf_counter() - started
    if freeze:
        gc.freeze()
    parquet = pq.ParquetFile(data)
    count = flagged = 0
    for group in range(parquet.metadata.num_row_groups):
        for row in parquet.read_row_group(group).to_pylist():
            verdict = compiled.evaluate(post_from_dict(row, {}))
            count += 1
            flagged += bool(verdict.active)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    return {"posts": count, "flagged": flagged, "seconds": round(seconds, 2), "start_s": round(start_s, 2),
            "posts_per_s": count / seconds, "posts_per_cpu_s": count / cpu, "peak_rss_mb": _peak_rss_mb()}


def measure_scan_loop(data: Path, policy_path: str, partition_rows: int) -> dict:
    """The Dask scan's own work without Dask: `scan_partition` on every partition in turn, in this process.

    Timed like the Dask scan: planning before, the report after; importing the engine and compiling the
    policy inside (the first partition's call does both)."""
    from socialguard.scans import run
    from socialguard.scans.report import write_report

    out = OUT / "scan-loop"
    plan = run.prepare([str(data)], Path(policy_path).read_text(encoding="utf-8"), policy_path, out, "parquet",
                       partition_rows, restart=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    for part in plan.pending:
        run.scan_partition(part, plan.policy_text, plan.manifest.policy_name,
                           str(plan.out_dir), plan.manifest.format)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    report = write_report(out)
    return {"posts": report.tally.input_rows, "flagged": report.tally.flagged_posts, "seconds": round(seconds, 2),
            "posts_per_s": report.tally.input_rows / seconds,
            "posts_per_cpu_s": report.tally.input_rows / cpu, "peak_rss_mb": _peak_rss_mb()}


def measure_dask(data: Path, policy_path: str, workers: int, partition_rows: int) -> dict:
    from socialguard.scans import run
    from socialguard.scans.report import write_report

    out = OUT / f"scan-{workers}w"
    plan = run.prepare([str(data)], Path(policy_path).read_text(encoding="utf-8"), policy_path, out, "parquet",
                       partition_rows, restart=True)
    started = time.perf_counter()
    with run.dask_client(workers=workers) as client:
        client.wait_for_workers(workers)
        cluster_start = time.perf_counter() - started
        workers_cpu_started = client.run(time.process_time)
        started, cpu_started = time.perf_counter(), time.process_time()
        run.execute(plan, client)
        seconds = time.perf_counter() - started
        workers_cpu = sum(client.run(time.process_time).values()) - sum(workers_cpu_started.values())
        cpu = workers_cpu + time.process_time() - cpu_started
        worker_rss = client.run(_peak_rss_mb)
    started = time.perf_counter()
    report = write_report(out)
    return {"posts": report.tally.input_rows, "flagged": report.tally.flagged_posts, "seconds": round(seconds, 2),
            "posts_per_s": report.tally.input_rows / seconds, "posts_per_cpu_s": report.tally.input_rows / cpu,
            "partitions": len(plan.manifest.partitions),
            "cluster_start_s": cluster_start, "report_s": time.perf_counter() - started,
            "worker_peak_rss_mb": sorted(worker_rss.values()), "client_peak_rss_mb": _peak_rss_mb()}


def _peak_rss_mb() -> float:
    """This process's own peak RSS (VmHWM: unlike ru_maxrss, not inherited from the parent across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


if __name__ == "__main__":
    main()
