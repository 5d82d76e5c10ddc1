"""Spanish: 5 de noviembre de 2026, or 5 nov 2026 (month names in lower case, as Spanish writes them), 24-hour
time; a decimal comma and a point between thousands."""

DATE_FORMAT = r"j \d\e F \d\e Y"
DATETIME_FORMAT = r"j \d\e F \d\e Y, H:i"
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
MONTH_DAY_FORMAT = "j b"
YEAR_MONTH_FORMAT = r"F \d\e Y"
TIME_FORMAT = "H:i"
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
