from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy

from . import services
from .forms import LoginForm, UserForm
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
    return render(request, "accounts/users/form.html", {"form": form, "title": f"Sửa người dùng: {user}"})
