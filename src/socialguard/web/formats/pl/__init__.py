"""Polish date formats: day, abbreviated month in lower case, year; 24-hour time."""
