"""Logging filters."""

import logging


class ShortClientErrors(logging.Filter):
    """A refused request (403 Forbidden, 400 for a body over the limit and the like) is logged in one line
    — method, path, status — without the full traceback Django attaches: such a refusal is the site
    working as intended, and hundreds of tracebacks a day would bury the ones that matter."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if status is not None and 400 <= status < 500:
            record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True
