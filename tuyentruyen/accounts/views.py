from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from tuyentruyen.web.once import once_per_token

from . import services, twofactor
from .forms import EnrolmentCodeForm, LoginForm, SecondFactorCodeForm, UserForm
from .models import User
from .permissions import access_required, is_commune_admin


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


login = LoginView.as_view()
logout = auth_views.LogoutView.as_view()
password_change = PasswordChangeView.as_view()
password_change_done = PasswordChangeDoneView.as_view()


def _commune_users(request):
    # Users are not a scoped model (a province viewer has no commune), so filter by tenant explicitly.
    return User.objects.filter(commune_id=request.user.commune_id).prefetch_related("role_rows")


@access_required(is_commune_admin)
def users(request):
    rows = _commune_users(request).select_related("unit").order_by("full_name", "username")
    return render(request, "accounts/users/list.html", {"users": rows})


@access_required(is_commune_admin)
@once_per_token
def add_user(request):
    form = UserForm(request.POST or None, commune=request.user.commune)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = services.create_user(
            data["username"], data["password"], roles=data["roles"], commune=request.user.commune,
            unit=data["unit"], full_name=data["full_name"], email=data["email"],
        )
        messages.success(request, f"Đã tạo tài khoản “{user.username}”.")
        return redirect("accounts:users")
    return render(request, "accounts/users/form.html", {"form": form, "title": "Thêm người dùng"})


@access_required(is_commune_admin)
def edit_user(request, user_id: int):
    user = get_object_or_404(_commune_users(request), pk=user_id)
    initial = {"username": user.username, "full_name": user.full_name, "email": user.email,
               "roles": sorted(user.role_codes), "unit": user.unit_id, "is_active": user.is_active}
    form = UserForm(request.POST or None, initial=initial, commune=request.user.commune, user=user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.update_user(user, full_name=data["full_name"], email=data["email"], roles=data["roles"],
                             unit=data["unit"], is_active=data["is_active"], password=data["password"] or None)
        messages.success(request, f"Đã lưu tài khoản “{user.username}”.")
        return redirect("accounts:users")
    return render(request, "accounts/users/form.html", {
        "form": form, "title": f"Sửa người dùng: {user}", "edited": user,
        "edited_has_second_factor": twofactor.confirmed_totp_device(user) is not None,
    })


@require_POST
@access_required(is_commune_admin)
def reset_user_second_factor(request, user_id: int):
    user = get_object_or_404(_commune_users(request), pk=user_id)
    services.reset_second_factor(user, by=request.user)
    messages.success(request, f"Đã gỡ xác thực hai bước của “{user}”. Lần đăng nhập sau, người này đăng ký lại "
                              "ứng dụng xác thực trên điện thoại mới.")
    return redirect("accounts:edit_user", user_id=user.pk)


# --- Two-factor authentication ---------------------------------------------------------------------

def _next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return reverse("web:home")


@login_required
def two_factor(request):
    return render(request, "accounts/two_factor/status.html", {
        "device": twofactor.confirmed_totp_device(request.user),
        "required": twofactor.two_factor_required(request.user),
    })


@login_required
def two_factor_verify(request):
    if twofactor.step_owed(request) != "verify":
        return redirect(_next_url(request))
    form = SecondFactorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = services.verify_second_factor(request.user, form.cleaned_data["code"])
        if device is not None:
            twofactor.mark_verified(request, device)
            return redirect(_next_url(request))
        form.add_error("code", "Mã không đúng hoặc đã hết hạn. Sau nhiều lần sai, hãy chờ một lát rồi thử lại.")
    return render(request, "accounts/two_factor/verify.html",
                  {"form": form, "next": _next_url(request), "hide_nav": True})


@login_required
def two_factor_enrol(request):
    # A session still owing its code must not replace the authenticator it cannot prove it holds.
    if twofactor.step_owed(request) == "verify":
        return redirect("accounts:two_factor_verify")
    device = services.start_totp_enrolment(request.user)
    form = EnrolmentCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = services.confirm_totp_enrolment(request.user, device, form.cleaned_data["code"])
        if codes is not None:
            twofactor.mark_verified(request, device)
            messages.success(request, "Đã bật xác thực hai bước cho tài khoản của bạn.")
            return _recovery_codes_page(request, codes)
        form.add_error("code", "Mã không khớp. Kiểm tra giờ trên điện thoại và nhập mã đang hiện.")
    return render(request, "accounts/two_factor/enrol.html", {
        "form": form, "qr_svg": twofactor.qr_svg(device), "manual_key": twofactor.manual_key(device),
        "required": twofactor.two_factor_required(request.user), "next": _next_url(request),
        "hide_nav": twofactor.step_owed(request) is not None,
    })


@require_POST
@login_required
def two_factor_new_recovery_codes(request):
    if twofactor.confirmed_totp_device(request.user) is None:
        return redirect("accounts:two_factor_enrol")
    return _recovery_codes_page(request, services.replace_recovery_codes(request.user))


def _recovery_codes_page(request, codes):
    # Shown in this one response and never again: the page is not stored (no-store) nor redirected to.
    return render(request, "accounts/two_factor/recovery_codes.html", {"codes": codes, "next": _next_url(request)})


def admin_login(request):
    """/quan-tri/login/ is the product's login (lock-out and second factor included), not Django's. A user
    already logged in who is not a system admin is refused here: sending them to the login again would
    loop (the login sends a logged-in user on to the admin, which sends them back here)."""
    if request.user.is_authenticated and not request.user.is_staff:
        raise PermissionDenied("Tài khoản này không có quyền quản trị hệ thống.")
    return redirect_to_login(_next_url(request) if request.GET.get("next") else reverse("admin:index"))
