from django.core.paginator import Paginator
from django.shortcuts import render

from tuyentruyen.accounts.permissions import access_required, is_commune_admin

from .display import Presenter
from .forms import AuditFilterForm
from .models import AuditEvent


@access_required(is_commune_admin)
def log(request):
    commune = request.user.commune
    form = AuditFilterForm(request.GET or None, commune=commune)
    events = form.filter(AuditEvent.objects.filter(commune_id=commune.pk).select_related("actor"))
    page = Paginator(events, 50).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "audit/log.html", {"page": page, "rows": Presenter(page).rows(), "form": form,
                                              "query": query.urlencode()})
