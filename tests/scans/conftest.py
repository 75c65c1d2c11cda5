"""Fixtures of the scan tests: a real Dask cluster in this process (the archive is in `scan_archive`)."""

from __future__ import annotations

import logging

import pytest
from distributed import Client, LocalCluster


@pytest.fixture(scope="module")
def client():
    """A real Dask scheduler and one single-threaded worker, in this process (fast to start)."""
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None,
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as dask_client:
        yield dask_client
