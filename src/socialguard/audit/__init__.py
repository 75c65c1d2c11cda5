"""The audit archive: an append-only, hash-chained log of every event (submit, finding, approval, login, ...).

Each organisation has its own chain. `record()` appends; `chain.verify()` recomputes every hash and names the
first event that was edited or removed; `checkpoints.take()` signs every chain's head into a file outside the
database (key: `signing.py`), so `verification.verify_archive()` also finds events cut from the end, deleted
heads and organisations; `export` writes a date range as CSV or JSON.
"""
