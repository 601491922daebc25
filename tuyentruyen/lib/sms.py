"""Text messages to residents through a pluggable gateway.

``settings.SMS_BACKEND`` is the dotted path of a class with ``send(phone, text)`` (raising on failure);
empty, the default, means no SMS is sent at all. Two backends ship: ``ConsoleBackend`` for a developer's
machine and ``LocmemBackend`` for tests. A real gateway (a carrier's brandname API) is a class of the
same shape, added by the installation. Phone numbers never reach a log whole: ``mask_phone``.
"""

import sys

from django.conf import settings
from django.utils.module_loading import import_string


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
