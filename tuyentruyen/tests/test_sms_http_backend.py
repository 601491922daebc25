"""The generic HTTP SMS gateway (lib/sms.py HttpBackend), against a small HTTP server started here."""

import json
import logging
import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tuyentruyen.lib import sms
from tuyentruyen.lib.sms import HttpBackend, SmsGatewayError

ROOT = Path(__file__).resolve().parents[2]
PHONE = "0912345678"


class Gateway:
    """Records what it received; answers with ``status`` after ``delay`` seconds."""

    def __init__(self):
        self.received: list[dict] = []
        self.status = 200
        self.delay = 0.0
        self.location = ""
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                gateway.received.append({"path": self.path, "headers": dict(self.headers),
                                         "body": json.loads(self.rfile.read(length).decode("utf-8"))})
                if gateway.delay:
                    time.sleep(gateway.delay)
                self.send_response(gateway.status)
                if gateway.location:
                    self.send_header("Location", gateway.location)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"ok": true}')

            do_GET = do_POST  # a followed redirect would land here

            def log_message(self, *args):  # the test's output stays clean
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_port}/sms/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway():
    with Gateway() as running:
        yield running


@pytest.fixture
def http_sms(settings, gateway):
    settings.SMS_BACKEND = "tuyentruyen.lib.sms.HttpBackend"
    settings.SMS_HTTP_URL = gateway.url
    settings.SMS_HTTP_TOKEN = "token-of-the-gateway"
    settings.SMS_HTTP_SENDER = "UBND XA"
    return gateway


def test_it_posts_json_with_the_bearer_token_and_the_brandname(http_sms, caplog):
    caplog.set_level(logging.DEBUG)
    assert sms.send_sms(PHONE, "Phản ánh PA-2026-0001 đã được tiếp nhận.") is True
    [request] = http_sms.received
    assert request["path"] == "/sms/send"
    assert request["headers"]["Authorization"] == "Bearer token-of-the-gateway"
    assert request["headers"]["Content-Type"].startswith("application/json")
    assert request["body"] == {"to": PHONE, "text": "Phản ánh PA-2026-0001 đã được tiếp nhận.",
                               "sender": "UBND XA"}
    assert "091*****78" in caplog.text and PHONE not in caplog.text and "345678" not in caplog.text


def test_an_empty_sender_and_no_token_are_sent_as_such(settings, gateway):
    settings.SMS_BACKEND = "tuyentruyen.lib.sms.HttpBackend"
    settings.SMS_HTTP_URL, settings.SMS_HTTP_TOKEN, settings.SMS_HTTP_SENDER = gateway.url, "", ""
    sms.send_sms(PHONE, "Xin chào")
    [request] = gateway.received
    assert request["body"]["sender"] == "" and "Authorization" not in request["headers"]


@pytest.mark.parametrize("status", [400, 401, 429, 500, 503])
def test_an_answer_outside_2xx_raises_with_the_number_masked(http_sms, status):
    http_sms.status = status
    with pytest.raises(SmsGatewayError) as raised:
        sms.send_sms(PHONE, "Xin chào")
    assert str(status) in str(raised.value)
    assert "091*****78" in str(raised.value) and PHONE not in str(raised.value)


def test_a_redirect_is_a_failure_and_is_not_followed(http_sms):
    http_sms.status, http_sms.location = 302, http_sms.url + "/elsewhere"
    with pytest.raises(SmsGatewayError, match="302"):
        sms.send_sms(PHONE, "Xin chào")
    assert len(http_sms.received) == 1  # no second request to the redirect's target


def test_a_slow_gateway_times_out_quickly(http_sms, monkeypatch):
    monkeypatch.setattr(HttpBackend, "TIMEOUT", 0.3)  # the real one is 5 s; same code path
    http_sms.delay = 2
    started = time.monotonic()
    with pytest.raises(SmsGatewayError, match="unreachable"):
        sms.send_sms(PHONE, "Xin chào")
    assert time.monotonic() - started < 1.5


def test_the_real_timeout_is_five_seconds():
    assert HttpBackend.TIMEOUT == 5


def test_an_unreachable_gateway_raises(settings):
    settings.SMS_BACKEND = "tuyentruyen.lib.sms.HttpBackend"
    with Gateway() as stopped:
        settings.SMS_HTTP_URL = stopped.url
    with pytest.raises(SmsGatewayError, match="unreachable for 091\\*\\*\\*\\*\\*78"):
        sms.send_sms(PHONE, "Xin chào")


def test_a_url_that_is_not_http_is_refused(settings):
    settings.SMS_BACKEND = "tuyentruyen.lib.sms.HttpBackend"
    settings.SMS_HTTP_URL = "file:///etc/passwd"
    with pytest.raises(SmsGatewayError):
        sms.send_sms(PHONE, "Xin chào")


def test_settings_read_the_gateway_from_the_environment(tmp_path):
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'tuyentruyen.settings'); "
            "django.setup(); from django.conf import settings as s; "
            "print(s.SMS_BACKEND, s.SMS_HTTP_URL, s.SMS_HTTP_TOKEN, s.SMS_HTTP_SENDER, sep='|')")
    base = {**os.environ, "VAR_DIR": str(tmp_path), "SMS_BACKEND": "tuyentruyen.lib.sms.HttpBackend"}
    run = {"cwd": ROOT, "capture_output": True, "text": True, "timeout": 60}
    configured = subprocess.run([sys.executable, "-c", code], env={
        **base, "SMS_HTTP_URL": "https://sms.example.vn/send", "SMS_HTTP_TOKEN": "t0k", "SMS_HTTP_SENDER": "UBND"},
        **run)
    assert configured.stdout.strip() == "tuyentruyen.lib.sms.HttpBackend|https://sms.example.vn/send|t0k|UBND"
    missing = subprocess.run([sys.executable, "-c", code], env={**base, "SMS_HTTP_URL": ""}, **run)
    assert missing.returncode != 0 and "SMS_HTTP_URL" in missing.stderr
