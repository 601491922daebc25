from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from tuyentruyen.accounts.permissions import access_required
from tuyentruyen.lib.public import public_view
from tuyentruyen.localities.models import Province
from tuyentruyen.web.once import once_per_token

from . import access, services
from .api import api
from .models import ApiToken

_admin_required = access_required(access.can_manage_api_tokens, "Chỉ quản trị hệ thống quản lý khóa API.")
METHODS = ("get", "post", "put", "patch", "delete")


@public_view
def docs(request):
    """The operations of the OpenAPI document, as a page with no script (ninja's Swagger UI loads from a
    CDN, which the Content-Security-Policy forbids and the product never depends on)."""
    schema = api.get_openapi_schema()
    operations = []
    for route, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                operation = item[method]
                operations.append({
                    "method": method.upper(), "path": route, "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""), "tag": (operation.get("tags") or [""])[0],
                    "parameters": [{"name": p["name"], "where": {"path": "đường dẫn", "query": "tham số"}.get(
                        p["in"], p["in"]), "required": p.get("required", False),
                        "type": p.get("schema", {}).get("type") or "chuỗi"} for p in operation.get("parameters", [])],
                    "responses": sorted(operation.get("responses", {})),
                })
    return render(request, "api/docs.html", {"info": schema["info"], "operations": operations})


@_admin_required
@once_per_token
def tokens(request):
    created, secret, error = None, None, None
    if request.method == "POST":
        code = request.POST.get("province", "")
        province = get_object_or_404(Province, pk=code) if code.isdigit() else None
        try:
            created, secret = services.create_token(name=request.POST.get("name", ""), province=province,
                                                    user=request.user)
        except services.TokenError as exc:
            error = exc.message
    return render(request, "api/tokens.html", {
        "tokens": ApiToken.objects.select_related("province", "created_by"),
        "provinces": Province.objects.order_by("name"), "created": created, "secret": secret, "error": error,
    }, status=400 if error else 200)


@_admin_required
@require_POST
def revoke(request, token_id: int):
    token = get_object_or_404(ApiToken, pk=token_id)
    services.revoke_token(token, user=request.user)
    messages.success(request, f"Đã thu hồi khóa “{token.name}”. Hệ thống dùng khóa này không đọc được nữa.")
    return redirect("api:tokens")
