from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render

from tuyentruyen.accounts.permissions import (
    access_required,
    is_commune_admin,
    province_user_required,
    reads_whole_commune,
)
from tuyentruyen.web.once import once_per_token

from . import services
from .forms import CivicInformationForm, UnitForm
from .models import Commune, Unit


@access_required(reads_whole_commune)
def units(request):
    rows = Unit.objects.all()
    can_edit = is_commune_admin(request.user)
    return render(request, "localities/units/list.html", {"units": rows, "can_edit": can_edit})


@access_required(is_commune_admin)
@once_per_token
def add_unit(request):
    commune = request.user.commune
    if commune is None:
        raise PermissionDenied("Tài khoản không thuộc xã nào.")
    form = UnitForm(request.POST or None, commune=commune)
    if request.method == "POST" and form.is_valid():
        unit = services.add_unit(commune, **{k: form.cleaned_data[k] for k in ("name", "kind", "aliases")})
        messages.success(request, f"Đã thêm đơn vị “{unit.name}”.")
        return redirect("localities:units")
    return render(request, "localities/units/form.html", {"form": form, "title": "Thêm đơn vị"})


@access_required(is_commune_admin)
def edit_unit(request, unit_id: int):
    unit = get_object_or_404(Unit, pk=unit_id)  # scoped: another commune's unit is simply not found
    initial = {"name": unit.name, "kind": unit.kind, "aliases": "\n".join(unit.aliases), "active": unit.active}
    form = UnitForm(request.POST or None, initial=initial, commune=unit.commune, unit=unit)
    if request.method == "POST" and form.is_valid():
        services.update_unit(unit, **form.cleaned_data)
        messages.success(request, f"Đã lưu đơn vị “{unit.name}”.")
        return redirect("localities:units")
    return render(request, "localities/units/form.html", {"form": form, "title": f"Sửa đơn vị: {unit.name}"})


@access_required(is_commune_admin)
def edit_civic_information(request):
    commune = request.user.commune
    if commune is None:
        raise PermissionDenied("Tài khoản không thuộc xã nào.")
    form = CivicInformationForm(request.POST or None, initial=CivicInformationForm.initial_for(commune))
    if request.method == "POST" and form.is_valid():
        services.update_civic_information(commune, **form.cleaned_data)
        messages.success(request, "Đã lưu thông tin liên hệ; trang của xã hiển thị ngay.")
        return redirect("localities:civic_information")
    return render(request, "localities/civic/form.html", {
        "form": form, "public_url": f"/{commune.slug}/lien-he/" if commune.is_tenant else ""})


@province_user_required
def province_communes(request):
    province = request.user.province
    communes = Commune.objects.filter(province=province) if province else Commune.objects.filter(
        onboarded_at__isnull=False
    )
    return render(
        request, "localities/province/communes.html",
        {"province": province, "communes": communes.select_related("province").order_by("-onboarded_at", "name")},
    )


@province_user_required
def province_commune(request, commune_code: int):
    communes = Commune.objects.all()
    if not request.user.is_superuser:
        communes = communes.filter(province=request.user.province)
    commune = get_object_or_404(communes.filter(onboarded_at__isnull=False), pk=commune_code)
    return render(
        request, "localities/province/commune.html",
        {"commune": commune, "units": Unit.objects.filter(commune=commune)},
    )
