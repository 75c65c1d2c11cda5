"""The AT Protocol reference servers (PLC, PDS, AppView from `@atproto/dev-env`, tests/peers/atproto/) run
by `network.js` on 127.0.0.1, and a small client to make accounts and posts on them.

The AppView keeps its data in PostgreSQL: every run gets fresh schemas (`appview_<name>`, `ozone_<name>`),
dropped when the network stops; the PDSs keep theirs in a temporary folder, removed then too. `make test` installs the Node packages with `npm ci`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
import shutil
import string
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psycopg

HARNESS = Path(__file__).parent / "atproto"
POSTGRES_URL = "postgres://postgres@127.0.0.1:5432/postgres"
START_TIMEOUT = 180.0


class AtprotoNetwork:
    def __init__(self) -> None:
        if not (HARNESS / "node_modules" / "@atproto" / "dev-env").is_dir():
            raise RuntimeError(f"the AT Protocol servers are not installed: run `npm ci` in {HARNESS} "
                               "(`make test` does)")
        self.postgres = os.environ.get("SOCIALGUARD_ATPROTO_POSTGRES_URL", POSTGRES_URL)
        self.schema = "sg_" + "".join(secrets.choice(string.ascii_lowercase) for _ in range(10))
        self.scratch = tempfile.mkdtemp(prefix="socialguard-atproto-")  # the PDSs' SQLite files and blobs
        env = {**os.environ, "TMPDIR": self.scratch, "DB_POSTGRES_URL": self.postgres,
               "DB_POSTGRES_SCHEMA": self.schema, "REDIS_HOST": os.environ.get("SOCIALGUARD_ATPROTO_REDIS_HOST", "127.0.0.1:6379")}
        self.process = subprocess.Popen(["node", "network.js"], cwd=HARNESS, env=env, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.errors: list[str] = []
        threading.Thread(target=lambda: self.errors.extend(self.process.stderr), daemon=True).start()
        urls = self._ready()
        self.pds, self.appview = urls["pds"], urls["appview"]

    def _ready(self) -> dict:
        line: list[str] = []
        reader = threading.Thread(target=lambda: line.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT)
        if not line or not line[0].strip():
            self.stop()
            raise RuntimeError("the AT Protocol servers did not start: " + "".join(self.errors[-20:]))
        return json.loads(line[0])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.stdin.close()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with psycopg.connect(self.postgres, autocommit=True) as connection:
            for prefix in ("appview_", "ozone_"):
                connection.execute(f'DROP SCHEMA IF EXISTS "{prefix}{self.schema}" CASCADE')
        shutil.rmtree(self.scratch, ignore_errors=True)

    def account(self, handle: str) -> "Account":
        response = httpx.post(f"{self.pds}/xrpc/com.atproto.server.createAccount",
                              json={"handle": handle, "email": f"{handle}@example.test", "password": "pw-" + handle})
        response.raise_for_status()
        body = response.json()
        return Account(self, handle, body["did"], body["accessJwt"])


@dataclass
class Account:
    network: AtprotoNetwork
    handle: str
    did: str
    token: str
    posted: list[str] = field(default_factory=list)

    def _call(self, method: str, body: dict) -> dict:
        response = httpx.post(f"{self.network.pds}/xrpc/{method}", json=body,
                              headers={"Authorization": f"Bearer {self.token}"})
        response.raise_for_status()
        return response.json()

    def app_password(self) -> str:
        return self._call("com.atproto.server.createAppPassword", {"name": "socialguard"})["password"]

    def post(self, text: str, mention: "Account | None" = None, reply_to: dict | None = None) -> dict:
        """A post (mentioning `mention` with a facet, or replying to `reply_to` = {uri, cid}); {uri, cid}."""
        record: dict = {"$type": "app.bsky.feed.post", "text": text, "langs": ["en"],
                        "createdAt": dt.datetime.now(dt.timezone.utc).isoformat().replace("+00:00", "Z")}
        if mention is not None:
            tag = f"@{mention.handle}"
            start = len(text.encode()) - len(tag.encode())
            assert text.endswith(tag)
            record["facets"] = [{"index": {"byteStart": start, "byteEnd": start + len(tag.encode())},
                                 "features": [{"$type": "app.bsky.richtext.facet#mention", "did": mention.did}]}]
        if reply_to is not None:
            record["reply"] = {"root": reply_to, "parent": reply_to}
        created = self._call("com.atproto.repo.createRecord",
                             {"repo": self.did, "collection": "app.bsky.feed.post", "record": record})
        self.posted.append(created["uri"])
        return {"uri": created["uri"], "cid": created["cid"]}

    def wait_indexed(self, uris: list[str], timeout: float = 30.0) -> None:
        """Until the AppView serves every post (it indexes the PDS's firehose asynchronously)."""
        deadline = time.monotonic() + timeout
        for start in range(0, len(uris), 25):
            chunk = uris[start:start + 25]
            while True:
                response = httpx.get(f"{self.network.pds}/xrpc/app.bsky.feed.getPosts", params={"uris": chunk},
                                     headers={"Authorization": f"Bearer {self.token}"})
                if response.status_code == 200 and len(response.json()["posts"]) == len(chunk):
                    break
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the AppView did not index {len(chunk)} posts in {timeout:g} s")
                time.sleep(0.1)
