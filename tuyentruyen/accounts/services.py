"""Writes for accounts: users with roles, and the login lock-out."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tuyentruyen.audit.recorder import record_bulk

from .models import COMMUNE_ROLES, PROVINCE_ROLES, LoginFailure, Role, User, UserRole


def _remaining(rows, limit: int) -> int:
    times = list(rows.order_by("-at").values_list("at", flat=True)[:limit])
    if len(times) < limit:
        return 0
    unlock = times[-1] + timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return max(1, int((unlock - timezone.now()).total_seconds()))


def login_lockout(username: str, address: str) -> tuple[str, int] | None:
    """("account" | "address", seconds left) when a login must be refused, else None.

    Per account: LOGIN_FAILURE_LIMIT failures lock that account only. Per address: every account's
    failures together, up to the much higher LOGIN_ADDRESS_FAILURE_LIMIT, because a whole office or a
    one-stop centre reaches us through one address; one person's typos must not lock out colleagues."""
    window_start = timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    recent = LoginFailure.objects.filter(at__gte=window_start)
    seconds = _remaining(recent.filter(username__iexact=username), settings.LOGIN_FAILURE_LIMIT) if username else 0
    if seconds:
        return "account", seconds
    seconds = _remaining(recent.filter(ip_address=address), settings.LOGIN_ADDRESS_FAILURE_LIMIT) if address else 0
    return ("address", seconds) if seconds else None


def record_login_failure(username: str, address: str) -> None:
    LoginFailure.objects.create(username=username[:150], ip_address=address)


def clear_login_failures(username: str) -> None:
    LoginFailure.objects.filter(username__iexact=username).delete()


def prune_login_failures() -> int:
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)
    return LoginFailure.objects.filter(at__lt=cutoff).delete()[0]


@transaction.atomic
def create_user(
    username: str, password: str | None, *, roles: list[str], commune=None, province=None, unit=None,
    full_name: str = "", email: str = "",
) -> User:
    if Role.UNIT_STAFF in roles and unit is None:
        raise ValueError("Cán bộ đơn vị phải thuộc một đơn vị.")
    if set(roles) & PROVINCE_ROLES and (commune is not None or province is None):
        raise ValueError("Vai trò cấp tỉnh chỉ dành cho tài khoản thuộc một tỉnh, không thuộc xã nào.")
    if set(roles) & COMMUNE_ROLES and commune is None and province is not None:
        raise ValueError("Vai trò của xã chỉ dành cho tài khoản thuộc một xã.")
    if unit is not None and commune is not None and unit.commune_id != commune.pk:
        raise ValueError("Đơn vị không thuộc xã này.")
    user = User(username=username, full_name=full_name, email=email, commune=commune, province=province,
                unit=unit)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    set_roles(user, roles)
    return user


@transaction.atomic
def set_roles(user: User, roles: list[str]) -> None:
    wanted = set(roles)
    UserRole.objects.filter(user=user).exclude(role__in=wanted).delete()
    have = set(UserRole.objects.filter(user=user).values_list("role", flat=True))
    record_bulk(UserRole.objects.bulk_create([UserRole(user=user, role=r) for r in sorted(wanted - have)]))
    user._role_codes = None


@transaction.atomic
def update_user(user: User, *, full_name: str, email: str, roles: list[str], unit, is_active: bool,
                password: str | None = None) -> User:
    if Role.UNIT_STAFF in roles and unit is None:
        raise ValueError("Cán bộ đơn vị phải thuộc một đơn vị.")
    user.full_name, user.email, user.unit, user.is_active = full_name, email, unit, is_active
    if password:
        user.set_password(password)
    user.save()
    set_roles(user, roles)
    return user


# --- Two-factor authentication (TOTP + recovery codes) ---------------------------------------------

@transaction.atomic
def start_totp_enrolment(user: User):
    """The user's pending (unconfirmed) authenticator, made on first visit and kept until confirmed, so
    reloading the enrolment page does not invalidate a QR code already scanned."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()
    return device or TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)


@transaction.atomic
def confirm_totp_enrolment(user: User, device, code: str) -> list[str] | None:
    """Confirms ``device`` with a first code; returns fresh recovery codes, or None if the code is wrong.
    Any earlier authenticator of the user is removed: one phone at a time."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if device.user_id != user.pk or device.confirmed or not device.verify_token(normalise_code(code)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return replace_recovery_codes(user)


@transaction.atomic
def replace_recovery_codes(user: User) -> list[str]:
    """New recovery codes (RECOVERY_CODE_COUNT of them), each usable once; the old ones stop working."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã khôi phục", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(settings.RECOVERY_CODE_COUNT)]
    # audit: recovery codes are secrets and django-otp's rows, not the project's; never copied to the trail
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def verify_second_factor(user: User, code: str):
    """The device that accepts ``code`` (a 6-digit code from the app, or an unused recovery code, which
    is then spent), or None. Rows are locked so two requests cannot spend the same code; each device
    throttles repeated failures itself."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    code = normalise_code(code)
    # Sent to the one kind of device it can be for, so that a recovery code typed in does not count as
    # a failed attempt against the authenticator's throttle.
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    for device in model.objects.devices_for_user(user, confirmed=True).select_for_update():
        if code and device.verify_token(code):
            return device
    return None


def normalise_code(code: str) -> str:
    # People copy codes with spaces or dashes ("123 456", "abcd-efgh"); recovery codes are lower case.
    return "".join(ch for ch in (code or "") if ch.isalnum()).lower()


@transaction.atomic
def reset_second_factor(user: User, *, by: User) -> None:
    """A lost phone: the user's authenticator and recovery codes are removed, so their next login asks
    them to enrol again (admins) or lets them in with the password alone (others). Recorded in the
    audit trail, as the devices are not models of the project's apps."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from tuyentruyen.audit.models import AuditEvent

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    AuditEvent.rows.create(actor=by, commune_id=user.commune_id, action=AuditEvent.Action.DELETE,
                           model="xác thực hai bước", object_pk=str(user.pk), object_repr=str(user)[:255])
