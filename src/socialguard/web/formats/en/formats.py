"""English: 7 Dec 2026, 20:44 (never 12/07/2026, which reads differently on each side of the Atlantic)."""

DATE_FORMAT = SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
DATETIME_FORMAT = "j M Y, H:i T"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "F Y"
