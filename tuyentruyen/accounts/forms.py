from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm

from tuyentruyen.lib.client import client_address
from tuyentruyen.localities.models import Unit

from . import services
from .models import COMMUNE_ROLES, Role, User


class LoginForm(AuthenticationForm):
    """Django's form plus a lock-out after repeated failures, per account and (far higher) per address.
    The admin site's login uses it too (``AdminLoginForm``)."""

    error_messages = {
        "invalid_login": "Tên đăng nhập hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
        "locked": "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau khoảng %(minutes)s phút.",
        "locked_address": "Có quá nhiều lần đăng nhập sai từ mạng của bạn. Vui lòng thử lại sau khoảng "
                          "%(minutes)s phút.",
    }

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        address = client_address(self.request) if self.request else ""
        lock = services.login_lockout(username, address)
        if lock:
            code = "locked" if lock[0] == "account" else "locked_address"
            raise forms.ValidationError(
                self.error_messages[code], code=code, params={"minutes": (lock[1] + 59) // 60}
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            services.record_login_failure(username, address)
            raise
        services.clear_login_failures(username)
        return cleaned


class UserForm(forms.Form):
    """Create or edit a user of the admin's own commune."""

    username = forms.RegexField(
        label="Tên đăng nhập", max_length=150, regex=r"^[A-Za-z0-9_.@+-]+$",
        error_messages={"invalid": "Tên đăng nhập chỉ gồm chữ không dấu, số và các ký tự . _ @ + -"},
    )
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    roles = forms.MultipleChoiceField(
        label="Vai trò", widget=forms.CheckboxSelectMultiple,
        choices=[(r.value, r.label) for r in Role if r in COMMUNE_ROLES],
        error_messages={"required": "Hãy chọn ít nhất một vai trò."},
    )
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=None, required=False,
                                  help_text="Bắt buộc với cán bộ đơn vị.")
    password = forms.CharField(label="Mật khẩu ban đầu", widget=forms.PasswordInput, required=False,
                               help_text="Ít nhất 10 ký tự. Để trống khi sửa nếu không đổi.")
    is_active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)

    def __init__(self, *args, commune, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune, self.user = commune, user
        self.fields["unit"].queryset = Unit.objects.filter(active=True)
        if user is not None:
            self.fields["username"].disabled = True
        else:
            self.fields["password"].required = True

    def clean_username(self):
        username = self.cleaned_data["username"]
        if self.user is None and User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng.")
        return username

    def clean_password(self):
        password = self.cleaned_data.get("password")
        if password:
            password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        if Role.UNIT_STAFF in (cleaned.get("roles") or []) and not cleaned.get("unit"):
            self.add_error("unit", "Cán bộ đơn vị phải thuộc một đơn vị.")
        return cleaned


class SecondFactorCodeForm(forms.Form):
    code = forms.CharField(
        label="Mã xác thực", max_length=20, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
        help_text="6 chữ số trong ứng dụng xác thực, hoặc một mã khôi phục.",
        error_messages={"required": "Hãy nhập mã xác thực."},
    )


class EnrolmentCodeForm(SecondFactorCodeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = "6 chữ số mà ứng dụng xác thực vừa hiện cho tài khoản này."
