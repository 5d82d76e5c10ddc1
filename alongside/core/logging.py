"""Log formatting that cannot be used to forge lines: a newline in a name or email is shown escaped."""

import logging


class SingleLineFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return super().format(record).replace("\r", "\\r").replace("\n", "\\n")
