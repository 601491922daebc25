from datetime import datetime, time, timedelta

from django import forms
from django.utils import timezone

from tuyentruyen.accounts.models import User

from .display import record_kinds

SYSTEM = "he-thong"


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AuditFilterForm(forms.Form):
    actor = forms.ChoiceField(label="Người thực hiện", required=False)
    model = forms.ChoiceField(label="Loại dữ liệu", required=False)
    date_from = forms.DateField(label="Từ ngày", required=False, widget=_date_input())
    date_to = forms.DateField(label="Đến ngày", required=False, widget=_date_input())

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(commune=commune).order_by("full_name", "username")
        self.fields["actor"].choices = [("", "Mọi người"), (SYSTEM, "Hệ thống (không có người đăng nhập)"),
                                        *((str(u.pk), str(u)) for u in people)]
        self.fields["model"].choices = [("", "Mọi loại dữ liệu"), *record_kinds()]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise forms.ValidationError("“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data

    def filter(self, events):
        if not self.is_valid():
            return events
        data = self.cleaned_data
        if data["actor"] == SYSTEM:
            events = events.filter(actor__isnull=True)
        elif data["actor"]:
            events = events.filter(actor_id=int(data["actor"]))
        if data["model"]:
            events = events.filter(model=data["model"])
        # days are local days (Asia/Ho_Chi_Minh): an event at 23:30 local is on that day, not the next
        if data["date_from"]:
            events = events.filter(at__gte=timezone.make_aware(datetime.combine(data["date_from"], time.min)))
        if data["date_to"]:
            end = data["date_to"] + timedelta(days=1)
            events = events.filter(at__lt=timezone.make_aware(datetime.combine(end, time.min)))
        return events
