"""The web interface's date and time formats, one per language (`FORMAT_MODULE_PATH`): every template shows a
moment as `SHORT_DATETIME_FORMAT` (7 Dec 2026, 20:44), or `DATETIME_FORMAT` with the time zone where it matters
(scheduled posts, SLA deadlines, the audit log). Machine contexts (CSV, API) keep ISO 8601."""
