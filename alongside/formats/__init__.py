"""Date and time formats for each language (``FORMAT_MODULE_PATH``).

Templates name a format instead of spelling one out (``{{ when|date:"SHORT_DATE_FORMAT" }}``), so day, month
and year come in the order a reader of that language expects, with month and weekday names translated by Django.
Only the formats Alongside uses are set; the rest fall back to Django's own for the language.
"""
