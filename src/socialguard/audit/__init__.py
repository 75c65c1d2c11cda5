"""The audit archive: an append-only, hash-chained log of every event (submit, finding, approval, login, ...).

Each organisation has its own chain. `record()` appends; `verify()` recomputes every hash and names the
first event that was edited or removed; `export` writes a date range as CSV or JSON.
"""
