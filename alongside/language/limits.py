"""How much of a text the coach reads at once: one limit, applied by every entry point (pages, lint).

The longest text anyone writes for the coach is a 5,000-character note, and hints refresh while a
supporter types, so the limit is four times that note: the coach answers in a fraction of a second. Text
beyond the limit is not refused, because the coach only advises: it reads up to the limit and says where
it stopped, so the writer knows the rest was not checked.
"""

MAX_TEXT_CHARS = 20_000
_WORD_BACKOFF = 100  # how far back to look for a space, so a cut does not split a word ("addictions")


def reading_end(text: str) -> int:
    """Where the coach stops reading text: its length when it fits, else MAX_TEXT_CHARS or the last
    whitespace shortly before it."""
    if len(text) <= MAX_TEXT_CHARS:
        return len(text)
    for end in range(MAX_TEXT_CHARS, MAX_TEXT_CHARS - _WORD_BACKOFF, -1):
        if text[end].isspace():
            return end
    return MAX_TEXT_CHARS
