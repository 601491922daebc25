import io
import logging
import logging.config

from django.conf import settings


def _logger_to(stream):
    config = {**settings.LOGGING, "handlers": {"console": {**settings.LOGGING["handlers"]["console"],
                                                            "stream": stream}}}
    logging.config.dictConfig(config)
    return logging.getLogger("tuyentruyen.test")


def test_personal_data_is_masked_in_messages_and_tracebacks():
    stream = io.StringIO()
    logger = _logger_to(stream)
    try:
        logger.warning("feedback from %s, phone %s", "Toi ten Nguyen Van Tam", "0912 345 678")
        try:
            raise ValueError("duplicate key (phone)=(0987.654.321), email an.nguyen@example.com")
        except ValueError:
            logger.exception("could not save")
    finally:
        logging.config.dictConfig(settings.LOGGING)
    written = stream.getvalue()
    assert "could not save" in written and "ValueError" in written
    for secret in ("Nguyen Van Tam", "0912 345 678", "0987.654.321", "an.nguyen@example.com"):
        assert secret not in written
