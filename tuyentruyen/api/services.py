"""Writes of the API app: tokens made and revoked by system admins, and the log of each use."""

import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from tuyentruyen.lib.errors import UserError

from .access import can_manage_api_tokens
from .models import ApiRequest, ApiToken

SECRET_PREFIX = "tt_"


class TokenError(UserError):
    pass


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def create_token(*, name: str, province=None, user) -> tuple[ApiToken, str]:
    """A new token and its secret, which is returned here once and stored nowhere."""
    if not can_manage_api_tokens(user):
        raise TokenError("Chỉ quản trị hệ thống được tạo khóa API.")
    name = " ".join((name or "").split())
    if not name:
        raise TokenError("Hãy nhập tên hệ thống sẽ dùng khóa này (ví dụ “Hệ thống báo cáo của Bộ Nội vụ”).")
    if len(name) > 200:
        raise TokenError("Tên hệ thống dài quá 200 ký tự.")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(name=name, province=province, secret_hash=hash_secret(secret),
                                    prefix=secret[:10], created_by=user)
    return token, secret


@transaction.atomic
def revoke_token(token: ApiToken, *, user) -> ApiToken:
    if not can_manage_api_tokens(user):
        raise TokenError("Chỉ quản trị hệ thống được thu hồi khóa API.")
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save()
    return token


def token_for_secret(secret: str) -> ApiToken | None:
    """The token with this secret, revoked or not (the caller refuses a revoked one)."""
    if not secret or not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    return ApiToken.objects.select_related("province").filter(secret_hash=hash_secret(secret)).first()


@transaction.atomic
def record_use(token: ApiToken, *, method: str, path: str, status: int) -> ApiRequest:
    """Log one request made with ``token``; the log row is the audit of API use."""
    now = timezone.now()
    # audit: the ApiRequest row below records this use; the time of last use is its summary
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return ApiRequest.objects.create(token=token, method=method[:10], path=path[:500], status=status)
