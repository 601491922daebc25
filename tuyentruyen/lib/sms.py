"""Text messages to residents through a pluggable gateway.

``settings.SMS_BACKEND`` is the dotted path of a class with ``send(phone, text)`` (raising on failure);
empty, the default, means no SMS is sent at all. Three backends ship: ``HttpBackend`` for a real gateway
that takes a JSON POST (most brandname services do, or a small relay in front of one does),
``ConsoleBackend`` for a developer's machine and ``LocmemBackend`` for tests. A carrier's API of another
shape is a class of the same shape, added by the installation. Phone numbers never reach a log whole:
``mask_phone``.
"""

import http.client
import json
import logging
import sys
import urllib.error
import urllib.request

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def mask_phone(phone: str) -> str:
    """0912345678 → 091*****78: enough to tell two messages apart in a log, not to call anyone."""
    digits = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(digits) < 6:
        return "*" * len(digits)
    return digits[:3] + "*" * (len(digits) - 5) + digits[-2:]


def get_backend():
    path = getattr(settings, "SMS_BACKEND", "") or ""
    return import_string(path)() if path else None


def enabled() -> bool:
    return bool(getattr(settings, "SMS_BACKEND", ""))


def send_sms(phone: str, text: str) -> bool:
    """Send one message; False when SMS is off or the number has no digits. Gateway errors propagate."""
    backend = get_backend()
    if backend is None or not any(ch.isdigit() for ch in phone or ""):
        return False
    backend.send(phone, text)
    return True


class ConsoleBackend:
    """Prints the message with the number masked: what a developer needs to see it would be sent."""

    def send(self, phone: str, text: str) -> None:
        sys.stdout.write(f"SMS tới {mask_phone(phone)}: {text}\n")


class LocmemBackend:
    """Keeps messages in ``LocmemBackend.outbox`` as (phone, text), like Django's locmem mail backend."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        LocmemBackend.outbox.append((phone, text))


class SmsGatewayError(Exception):
    """The gateway refused or could not be reached; the message says why, with the number masked."""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would follow a 301/302 by a GET without the message (and could carry the token elsewhere),
    # then report the page it landed on as success: a redirect is a gateway misconfigured, so it fails.
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


_OPENER = urllib.request.build_opener(_NoRedirects)


class HttpBackend:
    """POSTs ``{"to", "text", "sender"}`` as JSON to ``SMS_HTTP_URL`` with ``Authorization: Bearer
    SMS_HTTP_TOKEN``; ``sender`` is the brandname (``SMS_HTTP_SENDER``, empty for the gateway's default).
    Any answer outside 2xx (a redirect too), a timeout or a refused connection raises ``SmsGatewayError``;
    the caller (the feedback updates job) logs it and its next run sends again. The short timeout keeps a
    stalled gateway from holding a worker."""

    TIMEOUT = 5  # seconds: how long a stalled gateway may hold a worker, for one message

    def __init__(self, url: str | None = None, token: str | None = None, sender: str | None = None):
        self.url = url if url is not None else getattr(settings, "SMS_HTTP_URL", "")
        self.token = token if token is not None else getattr(settings, "SMS_HTTP_TOKEN", "")
        self.sender = sender if sender is not None else getattr(settings, "SMS_HTTP_SENDER", "")
        if not self.url.startswith(("http://", "https://")):
            raise SmsGatewayError("SMS_HTTP_URL must be an http:// or https:// address")

    def send(self, phone: str, text: str) -> None:
        body = json.dumps({"to": phone, "text": text, "sender": self.sender}, ensure_ascii=False).encode()
        headers = {"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        masked = mask_phone(phone)
        try:
            with _OPENER.open(request, timeout=self.TIMEOUT) as response:
                status = response.status
        except urllib.error.HTTPError as error:  # every answer outside 2xx, redirects included
            error.close()
            raise SmsGatewayError(f"SMS gateway answered {error.code} for {masked}") from None
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:  # timeouts are OSErrors
            reason = getattr(error, "reason", error)
            raise SmsGatewayError(f"SMS gateway unreachable for {masked}: {reason}") from None
        if not 200 <= status < 300:
            raise SmsGatewayError(f"SMS gateway answered {status} for {masked}")
        logger.info("SMS handed to the gateway for %s", masked)
