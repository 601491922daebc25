"""One JSON object per line, for log collectors (``LOG_FORMAT=json``).

Fields, in this order, those without a value left out: ``time`` (ISO 8601, UTC, milliseconds), ``level``,
``logger``, ``message``, then what the request or job bound (``lib/logcontext.py``: ``request_id``,
``method``, ``path`` without its query string, ``user_id``, ``commune``, ``worker``, ``job``), then
``status`` and ``duration_ms`` when the record carries them (the access line, Django's own request
errors), and ``exc`` for a traceback.

The masking filter (``lib/logfilter.py``) runs on the handler before this formatter, so the message and
the traceback arrive masked; the path is masked where it is bound. Nothing here may raise: a value that
JSON cannot hold is written as its text.
"""

import json
import logging
from datetime import UTC, datetime

from . import logcontext
from .masking import mask_personal_data

CONTEXT_FIELDS = ("request_id", "method", "path", "user_id", "commune", "worker", "job")
RECORD_FIELDS = ("status", "duration_ms")


def _status(record: logging.LogRecord):
    status = getattr(record, "status", None)
    if status is None:
        status = getattr(record, "status_code", None)  # django.request's and django.server's records
    return status


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        context = logcontext.current()
        for name in CONTEXT_FIELDS:
            value = getattr(record, name, None)  # a record may carry its own (extra=...)
            if value is None:
                value = context.get(name)
            if isinstance(value, logcontext.MaskedText):
                value = str(value)
            if value is not None:
                line[name] = value
        status = _status(record)
        if status is not None:
            line["status"] = status
        duration = getattr(record, "duration_ms", None)
        if duration is not None:
            line["duration_ms"] = duration
        if record.exc_info and not record.exc_text:  # a handler without the filter: mask here
            record.exc_text = mask_personal_data(self.formatException(record.exc_info))
        if record.exc_text:
            line["exc"] = record.exc_text
        if record.stack_info:
            line["stack"] = record.stack_info
        return json.dumps(line, ensure_ascii=False, default=str)
