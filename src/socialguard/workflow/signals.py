"""What the workflow tells other apps: `state_changed` after every state change of a post (inside the
transaction that made it), with `post`, `from_state`, `to_state` and `actor`; `rescheduled` when a post got
a new time and kept its state (its text and check unchanged), with `post` and `actor`. The outbox schedules
a post when it becomes approved, withdraws its deliveries when it leaves approved and moves them to a new
time; the workflow itself never imports the apps that listen."""

from django.dispatch import Signal

state_changed = Signal()
rescheduled = Signal()
