"""The API's operations (namespace ``api_v1``, which ninja reverses at the top level). Each ninja operation is wrapped (``_api_call``): the token is looked up once, the
tenant scope it reads is opened around the call, the call is logged, and anything but a read is refused."""

from functools import wraps

from django.http import JsonResponse
from django.urls import URLPattern, path
from django.views.decorators.csrf import csrf_exempt

from tuyentruyen.lib.public import public_view
from tuyentruyen.lib.tenancy import communes_scope, no_commune_scope, scopes_disabled
from tuyentruyen.localities.models import Commune

from . import services
from .api import api

READ_METHODS = {"GET", "HEAD", "OPTIONS"}
READ_ONLY = "API này chỉ cho phép đọc dữ liệu (GET)."


def _bearer(request) -> str:
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    return secret.strip() if scheme.lower() == "bearer" else ""


def _scope_for(token):
    if token is None or token.revoked_at is not None:
        return no_commune_scope()
    if token.province_id is None:
        return scopes_disabled()  # a national token reads every commune, by design
    return communes_scope(Commune.objects.filter(province_id=token.province_id).values_list("code", flat=True))


def _api_call(view):
    @csrf_exempt  # token-authenticated and read-only: no cookie is used, so no cross-site request to forge
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in READ_METHODS:
            return JsonResponse({"detail": READ_ONLY}, status=403, headers={"Allow": "GET"})
        request.api_token = services.token_for_secret(_bearer(request))
        with _scope_for(request.api_token):
            response = view(request, *args, **kwargs)
        if request.api_token is not None:
            services.record_use(request.api_token, method=request.method, path=request.get_full_path(),
                                status=response.status_code)
        return response

    wrapped.token_api = True  # accounts.middleware: no second-factor step, no session
    return wrapped


def _wrapped_patterns():
    patterns, app_name, namespace = api.urls
    wrapped = []
    for pattern in patterns:
        callback = _api_call(pattern.callback)
        if pattern.name == "openapi-json":
            callback = public_view(callback)  # the description of the API; no data
        wrapped.append(URLPattern(pattern.pattern, callback, pattern.default_args, pattern.name))
    return wrapped, app_name, namespace


urlpatterns = [path("api/v1/", _wrapped_patterns())]
