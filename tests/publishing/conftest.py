"""Fixtures of the publishing tests: the real peers (the AT Protocol reference servers, mastodon-mock)."""

from peers.fixtures import atproto, mastodon, mastodon_server  # noqa: F401  (fixtures)
