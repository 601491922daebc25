"""Who needs a second factor, and what a session still owes after the password.

A session's state is kept under ``SESSION_KEY``:

- ``"code"``: the user has a confirmed authenticator; nothing but the code step until a code is given;
- ``"none"``: the user had no authenticator when they logged in; if their account requires one
  (checked on every request, so a new commune admin is caught at once) they may only enrol;
- ``"verified"``: a code (or a recovery code) was given in this session.

The state is decided once per login (the user_logged_in receiver clears it, the middleware decides on the
next request), so an ordinary request costs no query for it.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .permissions import is_commune_admin

SESSION_KEY = "second_factor"
CODE, NONE, VERIFIED = "code", "none", "verified"


def two_factor_required(user) -> bool:
    """System admins and commune admins must use a second factor (unless REQUIRE_2FA is off)."""
    return settings.REQUIRE_2FA and is_commune_admin(user)  # system admins pass is_commune_admin too


def session_state(request) -> str:
    state = request.session.get(SESSION_KEY)
    if state is None:
        state = CODE if user_has_device(request.user, confirmed=True) else NONE
        request.session[SESSION_KEY] = state
    return state


def step_owed(request) -> str | None:
    """"verify", "enrol" or None: what this authenticated session must do before anything else."""
    state = session_state(request)
    if state == CODE:
        return "verify"
    if state == NONE and two_factor_required(request.user):
        return "enrol"
    return None


def session_passed(request) -> bool:
    """True when the session owes nothing (the admin site asks this too)."""
    return request.user.is_authenticated and step_owed(request) is None


def mark_verified(request, device) -> None:
    # A new session key for the session that just gained rights, as login() does after the password.
    request.session.cycle_key()
    otp_login(request, device)
    request.session[SESSION_KEY] = VERIFIED


def confirmed_totp_device(user):
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def manual_key(device) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i:i + 4] for i in range(0, len(key), 4))


def qr_svg(device) -> str:
    """The otpauth:// link as an inline SVG QR code (segno, no network, no inline style)."""
    return segno.make(device.config_url, error="m").svg_inline(scale=5, border=2)


@receiver(user_logged_in)
def _forget_previous_state(sender, request, user, **kwargs):
    # A new login decides afresh whether the code step is owed.
    request.session.pop(SESSION_KEY, None)
