"""gunicorn's settings for an app server: ``gunicorn -c python:tuyentruyen.lib.gunicorn_conf …``
(command-line options such as ``--bind`` and ``--workers`` still apply on top).

- ``PROMETHEUS_MULTIPROC_DIR``: emptied when the server starts, before any worker writes
  (``lib/metrics.py``), so that the server's request counters add up its workers and restart with it.
- No gunicorn access log: the app writes one line per request itself (logger ``tuyentruyen.request``),
  with the request id, the user id and the path without its query string. Do not pass
  ``--access-logfile``: gunicorn's line would carry the query string.
- ``LOG_FORMAT=json``: gunicorn's own messages (worker started, timed out, killed) are JSON lines on
  stderr too, masked like every other line, so that one collector reads the whole server.
"""

import os

from tuyentruyen.lib.metrics import gunicorn_on_starting

on_starting = gunicorn_on_starting
accesslog = None

if os.environ.get("LOG_FORMAT", "").strip().lower() == "json":
    _json_stderr = {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "json",
                    "filters": ["personal_data"]}
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personal_data": {"()": "tuyentruyen.lib.logfilter.MaskPersonalData"}},
        "formatters": {"json": {"()": "tuyentruyen.lib.jsonlog.JsonFormatter"}},
        "handlers": {"json_stderr": _json_stderr},
        "root": {"level": "WARNING", "handlers": ["json_stderr"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["json_stderr"], "propagate": False},
            "gunicorn.access": {"level": "CRITICAL", "handlers": [], "propagate": False},
        },
    }
