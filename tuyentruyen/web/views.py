from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render

from tuyentruyen.accounts.permissions import public_view
from tuyentruyen.localities.models import Unit


@login_required
def home(request):
    user = request.user
    context = {"commune": user.commune, "province": user.province}
    if user.commune_id:
        context["unit_count"] = Unit.objects.filter(active=True).count()
    return render(request, "web/home.html", context)


@public_view
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})
