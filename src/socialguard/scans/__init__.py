"""Bulk scans: whole archives of posts (JSON lines, CSV, Parquet) checked against a policy on Dask.

`readers` cuts the input into partitions and reads rows; `run` scans the partitions on a local or remote
Dask cluster; `results` gathers a partition's results as its rows are checked; `store` keeps the output
directory (results, tallies, manifest) so scans resume; `tally` counts; `report` and `charts` write the
summary, the HTML report and the CSV files; `recheck` compares verdicts under an old and a new policy.
Importing this package imports none of them (Dask is heavy).
"""

DEFAULT_PARTITION_ROWS = 20_000
