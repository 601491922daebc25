from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from tuyentruyen.accounts.middleware import _READ_ONLY_EXEMPT

from . import services


def _can_mark(user) -> bool:
    # Province viewers' POSTs are refused by the middleware unless it exempts these views; opening a
    # notification (a GET) still marks it read for them.
    return bool(user.is_superuser or user.commune_id or "notifications:mark_read" in _READ_ONLY_EXEMPT)


@login_required
def list_notifications(request):
    user = request.user
    page = Paginator(services.notifications_for(user), 20).get_page(request.GET.get("trang"))
    unread = services.unread_count(user)
    request._unread_notifications = unread  # the bell in the layout reuses it: one COUNT per page
    return render(request, "notifications/list.html", {"page": page, "unread": unread, "can_mark": _can_mark(user)})


def bell(request):
    """The bell alone, for HTMX to refresh. After the session has ended it answers empty, so the
    bell disappears instead of a login page being swapped into the header."""
    if not request.user.is_authenticated:
        return HttpResponse("")
    return render(request, "notifications/_bell.html")


@login_required
@require_http_methods(["GET", "POST"])
def open_notification(request, notification_id: int):
    """Follow a notification's link, marking it read. A GET on purpose: the mark is the reader's own
    and idempotent, and a link must also work for read-only (province) accounts."""
    notification = services.mark_read(request.user, notification_id)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                  require_https=request.is_secure()):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_read(request, notification_id: int):
    services.mark_read(request.user, notification_id)
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_all_read(request.user)
    messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc." if count else "Không còn thông báo chưa đọc.")
    return _back_to_list(request)


def _back_to_list(request):
    response = redirect("notifications:list")
    page = request.POST.get("trang", "")
    if page.isdigit():
        response["Location"] += f"?trang={page}"
    return response
