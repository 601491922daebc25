"""Writes for accounts: users with roles, and the login lock-out."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from tuyentruyen.audit.recorder import record_bulk

from .models import LoginFailure, Role, User, UserRole


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
