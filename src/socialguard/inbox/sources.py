"""The connectors a policy's `listening.sources` asks for, built with one shared fetcher.

Mastodon gets one connector per hashtag and per query, and one for the brand account's mentions (access
token from the environment variable the policy names, never from the policy file); Bluesky one per query
and one for the brand account's mentions, sharing one login (an app password from the environment);
RSS one per URL; files one per path.
"""

from __future__ import annotations

import os

from ..policy.schema import Policy
from .connectors.base import Connector
from .connectors.atproto import session as atproto_session
from .connectors.bluesky import BlueskyMentions, BlueskySearch
from .connectors.files import FileConnector
from .connectors.mastodon import MastodonConnector
from .connectors.rss import RssConnector
from .connectors._http import Fetcher


def connectors_for(policy: Policy, fetcher: Fetcher | None = None) -> list[Connector]:
    sources = policy.listening.sources
    fetcher = fetcher or Fetcher()
    found: list[Connector] = [RssConnector(url, fetcher=fetcher) for url in sources.rss]
    for mastodon in sources.mastodon:
        token = os.environ.get(mastodon.token_env) if mastodon.token_env else None
        found += [MastodonConnector(mastodon.instance, hashtag=tag, token=token, fetcher=fetcher)
                  for tag in mastodon.hashtags]
        found += [MastodonConnector(mastodon.instance, query=query, token=token, fetcher=fetcher)
                  for query in mastodon.queries]
        if mastodon.notifications:
            found.append(MastodonConnector(mastodon.instance, notifications=True, token=token, fetcher=fetcher))
    for bluesky in sources.bluesky:
        password = os.environ.get(bluesky.app_password_env) if bluesky.app_password_env else None
        session = (atproto_session(bluesky.service, bluesky.identifier, password, fetcher)
                   if bluesky.identifier and password else None)
        found += [BlueskySearch(session, query=query, lang=bluesky.lang) for query in bluesky.queries]
        if bluesky.notifications:
            found.append(BlueskyMentions(session, account=bluesky.identifier or "?"))
    found += [FileConnector(f.path, source=f.source, fields=f.fields) for f in sources.files]
    return found
