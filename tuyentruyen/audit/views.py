from django.core.paginator import Paginator
from django.shortcuts import render

from tuyentruyen.accounts.permissions import access_required, is_commune_admin

from .models import AuditEvent


@access_required(is_commune_admin)
def log(request):
    events = AuditEvent.objects.filter(commune_id=request.user.commune_id).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("trang"))
    return render(request, "audit/log.html", {"page": page})
