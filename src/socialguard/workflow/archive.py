"""The organisation's archive of posts as core `Post`s: for policy re-checks and `socialguard scan db:ORG`.

A post is judged as its author was when it is read: with their current role (an author who has left
counts as an employee), its account, platform and recorded exceptions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterator

from socialguard.model import Post
from socialguard.orgs import roles
from socialguard.orgs.models import Membership, Organisation
from socialguard.workflow.checking import core_post
from socialguard.workflow.models import PostDraft


def members_of(org: Organisation) -> dict[int, Membership]:
    return {m.user_id: m for m in Membership.objects.filter(org=org)}


def core_post_of(post: PostDraft, members: dict[int, Membership]) -> Post:
    membership = members.get(post.author_id) or Membership(org_id=post.org_id, user=post.author, role=roles.EMPLOYEE)
    return core_post(text=post.text, account_kind=post.account_kind, account_handle=post.account_handle,
                     platform=post.platform, membership=membership, exceptions=post.exceptions,
                     in_reply_to=post.reply_to, in_reply_to_topic=post.in_reply_to_topic)


def archive_records(org: Organisation) -> Iterator[dict]:
    """Every post of the organisation, oldest first, as a scan input record (`id`, `created_at`, post fields)."""
    members = members_of(org)
    posts = PostDraft.objects.filter(org=org).select_related("author").order_by("pk")
    for post in posts.iterator(chunk_size=2000):
        fields = core_post_of(post, members).model_dump(mode="json", exclude_defaults=True)
        yield {"id": post.pk, "created_at": post.created_at.isoformat(), **fields}


def export_jsonl(org: Organisation, path: Path) -> int:
    """Write the archive to `path` (JSON lines); return the number of posts."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for record in archive_records(org):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
