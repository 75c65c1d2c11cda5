"""The listening inbox: mentions of the organisation brought in, understood, routed, answered and watched for spikes.

The pure part (no Django): `mention` (the `Mention` value), `connectors` (RSS/Atom, Mastodon, Bluesky, file
imports, webhook payloads), `poller` (runs connectors into a store), `understanding` (language, sentiment,
offensive score, topics), `routing` and `sla` (the escalation matrix and its timers), `replies` (saved-reply
suggestions), `spikes` (crisis alerts) and `tasks` (background work, in-process or on Celery). The Django app
(models, views, the webhook endpoint) lives beside them and is the only part that imports Django.
"""
