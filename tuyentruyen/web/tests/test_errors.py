import io
import logging

import pytest

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.logs import ShortClientErrors

pytestmark = pytest.mark.django_db


def test_a_body_over_the_limit_answers_in_vietnamese(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post("/dang-nhap/", {"username": "x", "password": "y" * 5000})
    assert response.status_code == 413
    page = response.content.decode()
    assert "Dữ liệu gửi lên quá lớn" in page and "chưa được lưu" in page


def test_another_bad_request_answers_in_vietnamese(client, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = None
    response = client.get("/", HTTP_HOST="not-allowed.example")  # DisallowedHost: a SuspiciousOperation
    assert response.status_code == 400 and "Yêu cầu không hợp lệ" in response.content.decode()


def test_a_403_is_logged_in_one_line_without_traceback(staff_a):
    console = next(h for h in logging.getLogger().handlers if any(isinstance(f, ShortClientErrors) for f in h.filters))
    out = io.StringIO()
    previous = console.setStream(out)
    try:
        assert client_for(staff_a).get("/nguoi-dung/").status_code == 403
    finally:
        console.setStream(previous)
    assert "Forbidden (Permission denied): /nguoi-dung/" in out.getvalue() and "Traceback" not in out.getvalue()


def test_server_errors_keep_their_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error: /x", None,
                                   sys.exc_info())
    record.status_code = 500
    assert ShortClientErrors().filter(record) and record.exc_info is not None
