from django.contrib.auth.decorators import login_required
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils import timezone

from tuyentruyen.accounts.permissions import public_view

from .my_work import my_work


@login_required
def home(request):
    """“Việc của tôi” for commune users; province and system accounts get their way in."""
    user = request.user
    context = {"commune": user.commune, "province": user.province, "today": timezone.localdate()}
    if user.commune_id:
        context.update(my_work(user, context["today"]))
    return render(request, "web/home.html", context)


@public_view
def healthz(request):
    """Each process of the installation: the web (can it reach the database?), the background worker
    (age of its heartbeat) and the scheduler (age of its last tick). Only a web that cannot serve
    answers 503: a stopped worker is reported, and ``./run`` restarts it, while the site keeps serving."""
    from tuyentruyen.jobs import heartbeat

    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "error", "web": {"status": "error", "database": "unreachable"}}, status=503)
    try:
        processes = heartbeat.report()
    except DatabaseError:  # e.g. a table missing before migrate: the web still answered
        processes = {role: {"status": "unknown"} for role in (heartbeat.WORKER, heartbeat.SCHEDULER)}
    degraded = any(p["status"] != "ok" for p in processes.values())
    return JsonResponse({"status": "degraded" if degraded else "ok", "web": {"status": "ok", "database": "ok"},
                         **processes})


def bad_request(request, exception):
    """400 in Vietnamese; a request body over the limit (``DATA_UPLOAD_MAX_MEMORY_SIZE``, too many
    fields or files) says so, with 413. Its form data cannot be read again, so nothing is kept."""
    too_big = isinstance(exception, RequestDataTooBig | TooManyFieldsSent | TooManyFilesSent)
    # An upload cut short (lib/uploads.py refuses it as a whole) says so: nothing of it was saved.
    interrupted = isinstance(exception, MultiPartParserError)
    return render(request, "400.html", {"too_big": too_big, "interrupted": interrupted},
                  status=413 if too_big else 400)


def permission_denied(request, exception):
    """403 in Vietnamese, with the refusal's own reason when the code gave one ("Chỉ cán bộ … được …"): every
    ``PermissionDenied`` the product raises carries a sentence for the user; Django's own carry none."""
    reason = str(exception.args[0]) if exception is not None and exception.args and \
        isinstance(exception.args[0], str) else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def not_found(request, exception):
    """404 in Vietnamese. Under a commune's public address (/<xã>/…) it keeps the commune's frame and
    "Về trang chủ" leads to that commune's home, not to the staff login at /."""
    from tuyentruyen.localities.public import find_public_commune

    commune = getattr(request, "public_commune", None)
    slug = request.path.strip("/").split("/", 1)[0]
    if commune is None and slug:
        commune = find_public_commune(slug)
    if commune is None:
        return render(request, "404.html", status=404)
    from tuyentruyen.portal.public_views import site_context

    request.public_commune = commune
    return render(request, "portal/public/404.html", site_context(
        request, commune, og_title=f"Không tìm thấy trang — {commune.full_name}",
        og_description=f"Trang của {commune.committee_name}."), status=404)
