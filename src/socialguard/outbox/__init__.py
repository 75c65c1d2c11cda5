"""What goes out to the networks: one `Delivery` per approved post and connected account, sent exactly once.

The seam for the rest of the app (see docs/publishing.md, "The outbox"):

- `scheduling.schedule(post, targets=None)` makes the deliveries of an approved post; the workflow's
  `state_changed` signal calls it when a post becomes approved (and withdraws what has not gone out when the
  post leaves approved). `scheduling.Target(connection, reply_to)` sends a reply; `scheduling.find_targets`
  registers a function that names the targets of the posts it knows (the inbox's replies).
- `scheduling.on_sent(handler)`: `handler(delivery)` runs in the transaction that records a delivery as sent.
- `sending.publish_due(now)` claims due deliveries with an atomic conditional UPDATE and sends each (the
  scheduler thread of `socialguard serve`, `socialguard outbox run`, or Celery beat and workers).
- `checking` reads published posts back and records a difference from the approved text as a finding;
  `deleting` removes a published post from the networks.
"""
