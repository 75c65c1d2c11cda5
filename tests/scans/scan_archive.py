"""A small archive with known findings, written as JSON lines, CSV or Parquet, for the scan tests.

The policy uses the `confidential.pii` detector only, so the expected verdicts do not move when other
detectors change.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

POLICY_YAML = """\
version: "scan-test-1"
organisation: {name: Test, languages: [en, pl]}
clauses:
  - {id: personal-data, number: "4.1", title: {en: Personal data, pl: Dane osobowe}}
  - {id: privacy, number: "8.2", title: {en: Privacy, pl: Prywatność}}
rules:
  - {id: pii-national-ids, detector: confidential.pii, params: {entities: [PESEL, IBAN]}, severity: block,
     clause: personal-data}
  - {id: pii-contact, detector: confidential.pii, params: {entities: [EMAIL, PHONE]}, severity: review,
     clause: privacy}
"""

CONSENT = [{"rule": "pii-national-ids", "reason": "the customer asked us to confirm it"}]
POSTS = [
    {"id": "en-clean", "text": "Great to see so many of you at our booth in Warsaw today",
     "account": "brand", "account_handle": "@acme", "platform": "x", "author": "anna", "created_at": "2025-01-10"},
    {"id": "pl-clean", "text": "Dziękujemy wszystkim za odwiedziny na naszym stoisku w Krakowie",
     "account": "brand", "account_handle": "@acme_pl", "platform": "x", "author": "piotr",
     "created_at": "2025-01-20T10:00:00+01:00"},
    {"id": "en-pesel", "text": "My PESEL is 44051401359, please call me back",
     "account": "personal", "platform": "linkedin", "author": "anna", "created_at": "2025-02-03"},
    {"id": "pl-email", "text": "Napisz do mnie na jan.kowalski@gmail.com w sprawie zamówienia",
     "account": "brand", "account_handle": "@acme_pl", "platform": "x", "author": "piotr",
     "created_at": "2025-02-14"},
    {"id": "pl-near-miss", "text": "Mój numer zamówienia to 44051401358, proszę o kontakt",
     "account": "personal", "platform": "facebook", "author": "ewa", "created_at": "2025-03-01"},
    {"id": "en-iban-phone", "text": "Pay to PL61 1090 1014 0000 0712 1981 2874 or call +48 601 234 567",
     "account": "brand", "account_handle": "@acme", "platform": "x", "author": "anna", "created_at": "2025-03-09"},
    {"id": "pl-phone", "text": "Zadzwoń pod 22 123 45 67 jutro rano, wszystko wyjaśnimy",
     "account": "personal", "platform": "x", "author": "ewa", "created_at": None},
    {"id": "en-consented", "text": "Confirming your PESEL 44051401359 as requested",
     "account": "brand", "account_handle": "@acme", "platform": "x", "author": "anna", "created_at": "2025-03-30",
     "exceptions": CONSENT},
]
EXPECTED = {  # id -> (outcome, active rules)
    "en-clean": ("ok", []),
    "pl-clean": ("ok", []),
    "en-pesel": ("blocked", ["pii-national-ids"]),
    "pl-email": ("needs_approval", ["pii-contact"]),
    "pl-near-miss": ("ok", []),
    "en-iban-phone": ("blocked", ["pii-contact", "pii-national-ids"]),
    "pl-phone": ("needs_approval", ["pii-contact"]),
    "en-consented": ("ok", []),
}
CSV_COLUMNS = ("id", "text", "account", "account_handle", "platform", "author", "created_at", "exceptions")


def write_jsonl(path: Path, posts: list[dict]) -> Path:
    path.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in posts), encoding="utf-8")
    return path


def write_csv(path: Path, posts: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(CSV_COLUMNS)
        for post in posts:
            cells = {**post, "exceptions": json.dumps(post["exceptions"]) if post.get("exceptions") else None}
            writer.writerow(["" if cells.get(c) is None else cells[c] for c in CSV_COLUMNS])
    return path


def write_parquet(path: Path, posts: list[dict], row_group_size: int = 3) -> Path:
    columns = {c: [p.get(c) for p in posts] for c in CSV_COLUMNS if c != "exceptions"}
    columns["exceptions"] = [p.get("exceptions") or [] for p in posts]
    exception = pa.struct([("rule", pa.string()), ("reason", pa.string())])
    schema = pa.schema([*((c, pa.string()) for c in columns if c != "exceptions"),
                        ("exceptions", pa.list_(exception))])
    pq.write_table(pa.table(columns, schema=schema), path, row_group_size=row_group_size)
    return path


WRITERS = {"jsonl": write_jsonl, "csv": write_csv, "parquet": write_parquet}
