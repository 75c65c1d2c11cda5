"""English date formats: day, abbreviated month, year; 24-hour time."""
