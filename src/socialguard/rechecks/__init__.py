"""Re-checks after a policy change: when a new policy version is saved, a background job checks every post of
the organisation under it and keeps what the change newly flags and what it no longer flags.

The comparison itself is the pure `socialguard.scans.verdict_changes`; this Django app stores the job and its
changes, runs it through `socialguard.tasks`, and shows the result.
"""
