"""The approval workflow: drafts whose state follows the core's verdict, multi-step sign-off, outside approvers,
expiry, notifications and the queues approvers work from."""
