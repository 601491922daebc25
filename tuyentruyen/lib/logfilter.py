"""A logging filter that masks residents' personal data in every record before any handler writes it:
the message with its arguments, and the traceback (a database error quotes the values it refused, an
exception may carry a resident's text)."""

import logging

from .masking import mask_personal_data


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is still logged, as its raw template
            message = str(record.msg)
        record.msg, record.args = mask_personal_data(message), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = mask_personal_data(logging.Formatter().formatException(record.exc_info))
        if record.stack_info:
            record.stack_info = mask_personal_data(record.stack_info)
        return True
