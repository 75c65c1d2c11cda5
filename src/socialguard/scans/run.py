"""Running a bulk scan on Dask: every partition of the input checked with `evaluate`, as one task each.

`prepare(...)` expands the inputs, plans the partitions (or takes them from the manifest of an
interrupted run of the same scan) and says which are still to do; `execute(plan, client)` runs them on a
Dask cluster and calls back as each one finishes; `dask_client(...)` gives a client for a local cluster on
this machine's cores (one single-threaded worker process per core) or for an existing cluster.

Each task (`scan_partition`) runs on a worker: it compiles the policy from its YAML text once per worker
process (the engine's `compile_policy`, keyed by the text's SHA-256), reads its slice of the input, checks
every post, and writes its result file and tally atomically into the output directory. With `--scheduler`, the input files and the
output directory must be at the same paths on every worker (a shared filesystem), and every worker needs
the same version of socialguard installed.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

import dask
from distributed import Client, LocalCluster, as_completed
from distributed.scheduler import KilledWorker

from ..engine import Checker, CompiledPolicy, compile_policy, policy_digest
from . import DEFAULT_PARTITION_ROWS, store
from .readers import InputError, Partition, input_files, plan_partitions, read_partition
from .results import PartitionResults

CONNECT_TIMEOUT = "10s"

_in_use: CompiledPolicy | None = None  # the policy this worker scans with, its checker built and frozen
_compile_lock = threading.Lock()
compilations = 0  # policies this process has compiled: one per worker process and policy


class ScanError(RuntimeError):
    """A scan that cannot go on; the message names the partition or the cluster, in one line."""


@dataclass
class ScanPlan:
    """A scan ready to run: where it writes, what it scans, and which partitions are still to do."""

    out_dir: Path
    manifest: store.Manifest
    policy_text: str
    pending: list[Partition]

    @property
    def total_rows(self) -> int:
        return sum(p.rows for p in self.manifest.partitions)

    @property
    def done_rows(self) -> int:
        return self.total_rows - sum(p.rows for p in self.pending)


def prepare(inputs: list[str], policy_text: str, policy_name: str, out_dir: Path, fmt: str = "parquet",
            partition_rows: int = DEFAULT_PARTITION_ROWS, restart: bool = False) -> ScanPlan:
    """Plan a scan (or pick up an interrupted one); raises InputError or store.OutputError for bad input."""
    if fmt not in store.FORMATS:
        raise ValueError(f"format must be one of {', '.join(store.FORMATS)}")
    out_dir = out_dir.resolve()
    files = input_files(inputs)
    policy = compile_policy(policy_text, policy_name).policy
    fingerprint = store.input_fingerprint(files)
    earlier = None if restart else store.read_manifest(out_dir)
    if earlier is not None and not earlier.differences_in(fingerprint, policy_digest(policy_text), fmt, partition_rows):
        partitions = earlier.partitions  # the same scan: the files need not be cut again
    else:
        partitions = plan_partitions(files, partition_rows)
    wanted = store.Manifest(policy_digest(policy_text), policy_name, policy.version, fmt, partition_rows, fingerprint,
                            partitions)
    manifest = store.start(out_dir, wanted, earlier, restart)
    done = store.finished(out_dir, manifest)
    return ScanPlan(out_dir, manifest, policy_text, [p for p in manifest.partitions if p.index not in done])


def execute(plan: ScanPlan, client: Client, on_done: Callable[[Partition, dict[str, Any]], None] | None = None) -> None:
    """Scan the pending partitions on the cluster; the finished ones stay finished if this one fails."""
    if not plan.pending:
        return
    [policy_text] = client.scatter([plan.policy_text], broadcast=True)
    run_id = uuid.uuid4().hex[:12]
    futures = {
        client.submit(scan_partition, part, policy_text, plan.manifest.policy_name, str(plan.out_dir),
                      plan.manifest.format, key=f"socialguard-scan-{run_id}-{part.index:05d}", pure=False): part
        for part in plan.pending
    }
    try:
        for future in as_completed(list(futures)):
            part = futures.pop(future)
            try:
                summary = future.result()
            except Exception as exc:  # noqa: BLE001 - any failure of a task becomes one line naming its partition
                raise ScanError(f"{part.describe()}: {_reason(exc)}") from None
            if on_done is not None:
                on_done(part, summary)
    finally:
        if futures:
            client.cancel(list(futures))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, KilledWorker):
        return "the worker scanning it died (out of memory?); run the scan again to resume"
    if isinstance(exc, (InputError, OSError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


@contextmanager
def dask_client(scheduler: str | None = None, workers: int | None = None) -> Iterator[Client]:
    """A client for the cluster at `scheduler`, or for a local cluster of `workers` processes (default: one
    per core available to this process)."""
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise ScanError(f"cannot reach the Dask scheduler at {scheduler} ({exc})") from None
        with client:
            yield client
        return
    count = workers or len(os.sched_getaffinity(0))
    try:
        with dask.config.set({"distributed.nanny.pre-spawn-environ": worker_environment(), **QUIET_CLUSTER}):
            cluster = LocalCluster(n_workers=count, threads_per_worker=1, processes=True, host="127.0.0.1",
                                   scheduler_port=0, dashboard_address=":0", scheduler_kwargs={"dashboard": False},
                                   silence_logs=logging.ERROR)
    except (OSError, RuntimeError) as exc:
        raise ScanError(f"cannot start a local Dask cluster of {count} workers ({exc})") from None
    with cluster, Client(cluster) as client:
        yield client


# A scan task is one long CPU-bound loop, and everything else the cluster's processes do takes the CPU or the
# worker's GIL from it. The workers' statistical profiler (a stack sample every 10 ms) and GIL monitor cost
# about a fifth of its speed (measured: 3,797 -> 4,594 posts/s on one worker). The event loops' health check
# (every 20 ms), the resource monitors (psutil, every 500 ms) and the memory monitors (every 100 ms) of the
# scheduler, nanny and worker took another 6 % of a core shared with the worker, 1 % at the intervals below.
QUIET_CLUSTER = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.system-monitor.gil.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
}


def worker_environment() -> dict[str, Any]:
    """Dask's environment for worker processes, without its `MALLOC_TRIM_THRESHOLD_`.

    Setting that variable turns off glibc's adaptive mmap threshold, so every large temporary buffer
    (the classifiers' sparse products allocate megabytes per post) is mapped and unmapped again, page by
    page: checking posts ran three times slower in such a worker than in a plain process.
    """
    environment = dict(dask.config.get("distributed.nanny.pre-spawn-environ", {}))
    environment.pop("MALLOC_TRIM_THRESHOLD_", None)
    return environment


def compiled_policy(policy_text: str, policy_name: str) -> Checker:
    """The policy compiled in this process, once per policy text (`engine.compile_policy`).

    The compiled policy (lexicons, automata: hundreds of thousands of objects) lives as long as the
    worker, so it is moved out of the garbage collector's sight (`gc.freeze`): otherwise every full
    collection walks it again, which costs more than a tenth of the scan's time.
    """
    global compilations, _in_use
    with _compile_lock:
        compiled = compile_policy(policy_text, policy_name)
        checker = compiled.checker
        if compiled is not _in_use:
            _in_use = compiled
            compilations += 1
            gc.freeze()
        return checker


def scan_partition(part: Partition, policy_text: str, policy_name: str, out_dir: str,
                   fmt: str) -> dict[str, Any]:
    """Check every row of one partition; write its results, its rows of the report's CSV files and its
    tally (last: a partition with a tally is finished); return the tally's counts."""
    compiled = compiled_policy(policy_text, policy_name)
    results = PartitionResults(part.path)
    for row in read_partition(part):
        if row.post is None:
            results.add_rejected(row)
        else:
            results.add_checked(row, compiled.evaluate(row.post))
    out, finished = Path(out_dir), results.finish()
    store.write_results(out, part.index, finished.results, fmt)
    store.write_csv_rows(store.csv_rows_path(out, part.index, "flagged"), finished.flagged)
    store.write_csv_rows(store.csv_rows_path(out, part.index, "rejected"), finished.rejected)
    store.write_tally(out, part.index, finished.tally)
    return {k: v for k, v in finished.tally.as_dict().items() if isinstance(v, int)}
