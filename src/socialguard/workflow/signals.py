"""What the workflow tells other apps: `state_changed` after every state change of a post (inside the
transaction that made it), with `post`, `from_state`, `to_state` and `actor`. The outbox schedules a post
when it becomes approved and withdraws its deliveries when it leaves approved; the workflow itself never
imports the apps that listen."""

from django.dispatch import Signal

state_changed = Signal()
