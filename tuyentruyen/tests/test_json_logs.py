"""LOG_FORMAT=json: the shape of a line, masking before formatting, the request id and the fields a request
or a job binds (lib/jsonlog.py, lib/logcontext.py, lib/requestlog.py)."""

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.test import RequestFactory

from tuyentruyen.lib import logcontext
from tuyentruyen.lib.requestlog import request_id_for

ROOT = Path(__file__).resolve().parents[2]


@contextmanager
def json_lines():
    """Every record of the project's logging, as configured for LOG_FORMAT=json (access lines included),
    read back as dicts by the function this yields."""
    stream = io.StringIO()
    console = {**settings.LOGGING["handlers"]["console"], "stream": stream, "formatter": "json"}
    logging.config.dictConfig({**settings.LOGGING, "handlers": {"console": console},
                               "loggers": {"tuyentruyen.request": {"level": "INFO"}}})
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logging.config.dictConfig(settings.LOGGING)


@pytest.fixture
def json_log():
    with json_lines() as lines:
        yield lines


def test_a_line_is_one_json_object_with_time_level_logger_message(json_log):
    logging.getLogger("tuyentruyen.test").warning("first line\nsecond line")
    [line] = json_log()
    assert list(line)[:4] == ["time", "level", "logger", "message"]
    assert line["time"].endswith("Z") and line["time"][10] == "T"  # ISO 8601, UTC
    assert line["level"] == "WARNING" and line["logger"] == "tuyentruyen.test"
    assert line["message"] == "first line\nsecond line"  # a newline stays inside the one line


def test_phones_and_emails_are_masked_before_the_line_is_written(json_log):
    logger = logging.getLogger("tuyentruyen.test")
    logger.warning("feedback from %s, phone %s", "an.nguyen@example.com", "0912 345 678")
    try:
        raise ValueError("duplicate key (phone)=(0987.654.321)")
    except ValueError:
        logger.exception("could not save")
    written = json.dumps(json_log(), ensure_ascii=False)
    assert "feedback from" in written and "ValueError" in written
    for secret in ("an.nguyen@example.com", "0912 345 678", "0987.654.321"):
        assert secret not in written
    assert "exc" in json_log()[1]


def test_bound_fields_reach_every_line_and_end_with_their_block(json_log):
    logger = logging.getLogger("tuyentruyen.test")
    with logcontext.bound(request_id="job-0123456789", worker="w1", job="42"):
        logger.warning("inside")
        with logcontext.bound(job="43"):
            logger.warning("nested")
    logger.warning("outside")
    inside, nested, outside = json_log()
    assert (inside["request_id"], inside["worker"], inside["job"]) == ("job-0123456789", "w1", "42")
    assert nested["job"] == "43" and nested["worker"] == "w1"
    assert "request_id" not in outside and "job" not in outside


def test_a_bound_path_is_masked_when_written(json_log):
    with logcontext.bound(path=logcontext.MaskedText("/tra-cuu/an.nguyen@example.com")):
        logging.getLogger("tuyentruyen.test").warning("x")
    [line] = json_log()
    assert "an.nguyen@example.com" not in line["path"] and line["path"].startswith("/tra-cuu/")


def test_a_value_json_cannot_hold_does_not_break_the_line(json_log):
    logging.getLogger("tuyentruyen.test").warning("odd", extra={"status": object()})
    [line] = json_log()
    assert line["message"] == "odd" and line["status"].startswith("<object")


@pytest.mark.parametrize("proxies,remote,sent,kept", [
    (["127.0.0.1"], "127.0.0.1", "4f1c2a9be0d34c56a7b8c9d0e1f2a3b4", True),  # nginx's $request_id
    (["127.0.0.1"], "127.0.0.1", "6f1e7c1a-3b2d-4e5f-8a9b-0c1d2e3f4a5b", True),  # a UUID
    (["10.0.0.0/8"], "10.1.2.3", "lb-20260101-abcdef", True),
    ([], "127.0.0.1", "4f1c2a9be0d34c56a7b8c9d0e1f2a3b4", False),  # no trusted proxy: anyone could send it
    (["127.0.0.1"], "203.0.113.9", "4f1c2a9be0d34c56a7b8c9d0e1f2a3b4", False),  # not from the proxy
    (["127.0.0.1"], "127.0.0.1", "short", False),
    (["127.0.0.1"], "127.0.0.1", "has spaces in it 123", False),
    (["127.0.0.1"], "127.0.0.1", "x" * 101, False),
    (["127.0.0.1"], "127.0.0.1", "abc\ninjected-line-0001", False),
])
def test_a_request_id_is_kept_only_from_a_trusted_proxy_and_when_well_formed(settings, proxies, remote, sent,
                                                                            kept):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_REQUEST_ID=sent)
    request_id = request_id_for(request)
    assert (request_id == sent) is kept
    assert logcontext.safe_request_id(request_id) == request_id  # what we make is what we would keep


@pytest.mark.django_db
def test_each_request_gets_one_access_line_with_its_id_echoed(client, settings, json_log):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    response = client.get("/dang-nhap/?q=0912345678", HTTP_X_REQUEST_ID="proxy-id-000111222333")
    assert response["X-Request-ID"] == "proxy-id-000111222333"
    [access] = [line for line in json_log() if line["logger"] == "tuyentruyen.request"]
    assert access["request_id"] == "proxy-id-000111222333"
    assert (access["method"], access["path"], access["status"]) == ("GET", "/dang-nhap/", response.status_code)
    assert isinstance(access["duration_ms"], float) and "0912345678" not in json.dumps(access)

    settings.TRUSTED_PROXIES = []
    other = client.get("/dang-nhap/", HTTP_X_REQUEST_ID="proxy-id-000111222333")
    assert other["X-Request-ID"] != "proxy-id-000111222333" and len(other["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_the_access_line_carries_the_user_id_and_commune_not_the_name(client, officer_a, json_log):
    client.force_login(officer_a)
    client.get("/")
    [access] = [line for line in json_log() if line["logger"] == "tuyentruyen.request"]
    assert access["user_id"] == officer_a.pk and access["commune"] == officer_a.commune.slug
    written = json.dumps(access, ensure_ascii=False)
    assert "canbo_a" not in written and "Cán Bộ A" not in written


@pytest.mark.django_db
def test_probes_are_not_in_the_access_log_at_info(client, json_log):
    client.get("/livez")
    assert [line for line in json_log() if line["logger"] == "tuyentruyen.request"] == []


def test_log_format_json_in_a_fresh_process_writes_json_on_stderr(tmp_path):
    env = {**os.environ, "LOG_FORMAT": "json", "VAR_DIR": str(tmp_path)}
    code = ("import django, logging, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tuyentruyen.settings'); "
            "django.setup(); logging.getLogger('tuyentruyen.x').warning('hello %s', 'an@example.com')")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    line = json.loads(result.stderr.strip().splitlines()[-1])
    assert line["message"] == "hello ***" and line["logger"] == "tuyentruyen.x"
