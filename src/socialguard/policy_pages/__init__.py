"""Policy pages of the web app: the organisation's policy document (HTML and PDF, in the reader's language),
its versions and what changed between them, and acknowledgement (who has read which version; reminders)."""
