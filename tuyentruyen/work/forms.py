from django import forms
from django.utils import timezone

from tuyentruyen.lib import bounds, fields
from tuyentruyen.localities.models import Unit
from tuyentruyen.plans.models import Plan

from .models import STATUS_FILTER_CHOICES, ActivityKind, Recurrence, TaskStatus
from .xlsx import commune_topics


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data if d]
        return [super().clean(data, initial)] if data else []


def _units(commune):
    return Unit.objects.filter(commune=commune, active=True)


def _plans(commune):
    return Plan.objects.filter(commune=commune).order_by("-period_start", "-id")


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class TaskFilterForm(forms.Form):
    q = forms.CharField(label="Tìm", required=False)
    plan = forms.ModelChoiceField(label="Kế hoạch", queryset=Plan.objects.none(), required=False,
                                  empty_label="Mọi kế hoạch")
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False,
                                  empty_label="Mọi đơn vị")
    status = forms.ChoiceField(label="Trạng thái", choices=[("", "Mọi trạng thái"), *STATUS_FILTER_CHOICES],
                               required=False)
    due_from = fields.DateField(label="Hạn từ ngày", required=False, widget=DateInput())
    due_to = fields.DateField(label="Hạn đến ngày", required=False, widget=DateInput())

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = _plans(commune)
        self.fields["unit"].queryset = Unit.objects.filter(commune=commune)


class ActivityFilterForm(forms.Form):
    q = forms.CharField(label="Tìm", required=False)
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False,
                                  empty_label="Mọi đơn vị")
    kind = forms.ModelChoiceField(label="Hình thức", queryset=ActivityKind.objects.none(), required=False,
                                  empty_label="Mọi hình thức")
    plan = forms.ModelChoiceField(label="Kế hoạch", queryset=Plan.objects.none(), required=False,
                                  empty_label="Mọi kế hoạch")
    date_from = fields.DateField(label="Từ ngày", required=False, widget=DateInput())
    date_to = fields.DateField(label="Đến ngày", required=False, widget=DateInput())

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(commune=commune)
        self.fields["kind"].queryset = ActivityKind.objects.filter(commune=commune)
        self.fields["plan"].queryset = _plans(commune)


class ActivityForm(forms.Form):
    kind = forms.ModelChoiceField(label="Hình thức", queryset=ActivityKind.objects.none())
    date = fields.DateField(label="Ngày", widget=DateInput())
    title = forms.CharField(label="Tiêu đề, nội dung ngắn", max_length=500)
    photos = MultipleFileField(label="Ảnh minh chứng (chụp hoặc chọn ảnh)",
                               widget=MultipleFileInput(attrs={"accept": "image/*", "capture": "environment"}))
    unit = forms.ModelChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False)
    topics = TopicChoiceField(label="Nội dung tuyên truyền", queryset=None, required=False,
                              widget=forms.CheckboxSelectMultiple)
    quantity = forms.DecimalField(label="Số lượng", required=False, max_digits=12, decimal_places=2,
                                  **bounds.QUANTITY.form_kwargs())
    quantity_unit = forms.CharField(label="Đơn vị tính", required=False, max_length=60,
                                    help_text="Để trống: theo hình thức (chiếc, phút phát sóng, người tham dự…)")
    reach = forms.IntegerField(label="Lượt tiếp cận (xem, nghe)", required=False, **bounds.REACH.form_kwargs())
    date_end = fields.DateField(label="Đến ngày (nếu kéo dài nhiều ngày)", required=False, widget=DateInput())
    channel = forms.CharField(label="Kênh", required=False, max_length=200,
                              help_text="Ví dụ: Đài truyền thanh xã, Fanpage, Cổng thông tin điện tử")
    audience = forms.CharField(label="Đối tượng", required=False, max_length=255)
    place = forms.CharField(label="Địa điểm", required=False, max_length=255)
    task = forms.ModelChoiceField(label="Thực hiện nhiệm vụ", queryset=None, required=False,
                                  empty_label="(không gắn nhiệm vụ)")
    task_progress = forms.IntegerField(label="Tiến độ nhiệm vụ sau hoạt động này (%)", required=False,
                                       min_value=0, max_value=100)
    files = MultipleFileField(label="Tệp khác (PDF, Word, âm thanh, video)")
    links = forms.CharField(label="Đường dẫn minh chứng (mỗi dòng một đường dẫn)", required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))
    is_public = forms.BooleanField(label="Công khai hoạt động và minh chứng trên cổng thông tin", required=False)
    outside_plan_period = forms.BooleanField(
        label="Ngoài kỳ kế hoạch", required=False,
        help_text="Đánh dấu khi hoạt động diễn ra ngoài thời gian của kế hoạch mà vẫn cần ghi nhận")
    # Shown only after the service said the period's report was already sent (``asking_late``); never
    # pre-ticked, so every late entry is a decision taken for that entry.
    confirm_late = forms.BooleanField(label="Vẫn ghi, bổ sung kỳ đã báo cáo", required=False)
    # Filled by the offline queue (offline-queue.js) for an entry kept on the device: the server saves it once.
    client_uuid = forms.UUIDField(required=False, widget=forms.HiddenInput)

    # Fields shown above "Thêm chi tiết"; the rest are folded inside it.
    FIRST_FIELDS = ("kind", "date", "title", "photos")

    def __init__(self, *args, commune, tasks, unit_bound: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = ActivityKind.objects.filter(commune=commune, active=True)
        self.fields["topics"].queryset = commune_topics(commune)
        self.fields["task"].queryset = tasks
        self.fields["unit"].queryset = _units(commune)
        if unit_bound:
            del self.fields["unit"]
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.asking_late = False

    def first_fields(self):
        return [self[name] for name in self.FIRST_FIELDS]

    def detail_fields(self):
        return [field for field in self if field.name not in (*self.FIRST_FIELDS, "confirm_late", "client_uuid")]

    def clean_links(self):
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        for url in links:
            if not url.startswith(("http://", "https://")):
                raise forms.ValidationError(f"“{url[:60]}” không phải đường dẫn (cần bắt đầu bằng http:// hoặc https://).")
        return links

    def clean(self):
        data = super().clean()
        if data.get("date") and data.get("date_end") and data["date_end"] < data["date"]:
            self.add_error("date_end", "“Đến ngày” phải sau hoặc bằng ngày bắt đầu.")
        return data


class EvidenceForm(forms.Form):
    files = MultipleFileField(label="Tệp minh chứng (ảnh, PDF, Word, Excel, MP3, MP4)")
    links = forms.CharField(label="Đường dẫn (mỗi dòng một đường dẫn)", required=False,
                            widget=forms.Textarea(attrs={"rows": 2}))

    clean_links = ActivityForm.clean_links


class ProgressForm(forms.Form):
    progress = forms.IntegerField(label="Tiến độ (%)", min_value=0, max_value=100)
    note = forms.CharField(label="Ghi chú (thành mốc thực hiện)", required=False, max_length=1000,
                           widget=forms.Textarea(attrs={"rows": 2}))
    files = MultipleFileField(label="Sản phẩm, minh chứng")


class MilestoneForm(forms.Form):
    date = fields.DateField(label="Ngày", widget=DateInput())
    note = forms.CharField(label="Nội dung", max_length=1000)


class OccurrenceForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", choices=TaskStatus.choices)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class CancelForm(forms.Form):
    reason = forms.CharField(label="Lý do hủy", max_length=500)


class TriggerForm(forms.Form):
    on = fields.DateField(label="Ngày có điều kiện (ví dụ ngày ban hành Quyết định)", widget=DateInput())
    due = fields.DateField(label="Hạn hoàn thành", required=False, widget=DateInput(),
                          help_text="Để trống: 30 ngày sau ngày có điều kiện")


class ReassignForm(forms.Form):
    lead_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Unit.objects.none(), required=False)
    coordinating_units = forms.ModelMultipleChoiceField(label="Đơn vị phối hợp", queryset=Unit.objects.none(),
                                                        required=False, widget=forms.CheckboxSelectMultiple)
    weight = forms.IntegerField(label="Trọng số trong nhóm", initial=1, **bounds.WEIGHT.form_kwargs())

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_unit"].queryset = _units(commune)
        self.fields["coordinating_units"].queryset = _units(commune)


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(label="Người thực hiện", queryset=None, required=False,
                                      empty_label="(cả đơn vị, chưa giao cho ai)")

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = people


class SplitForm(forms.Form):
    def __init__(self, *args, commune, parts: int = 3, **kwargs):
        super().__init__(*args, **kwargs)
        for n in range(1, parts + 1):
            self.fields[f"title_{n}"] = forms.CharField(label=f"Phần {n}: nội dung", required=False, max_length=2000)
            self.fields[f"unit_{n}"] = forms.ModelChoiceField(label=f"Phần {n}: đơn vị chủ trì",
                                                              queryset=_units(commune), required=False)
            self.fields[f"due_{n}"] = fields.DateField(label=f"Phần {n}: hạn", required=False, widget=DateInput())
        self.parts = parts

    def part_list(self):
        return [{"title": self.cleaned_data.get(f"title_{n}") or "", "lead_unit": self.cleaned_data.get(f"unit_{n}"),
                 "due": self.cleaned_data.get(f"due_{n}")} for n in range(1, self.parts + 1)]


class TaskForm(forms.Form):
    plan = forms.ModelChoiceField(label="Kế hoạch", queryset=Plan.objects.none(), required=False)
    group = forms.CharField(label="Nhóm", required=False, max_length=255)
    title = forms.CharField(label="Nội dung công việc", widget=forms.Textarea(attrs={"rows": 3}))
    lead_unit = forms.ModelChoiceField(label="Đơn vị chủ trì", queryset=Unit.objects.none(), required=False)
    coordinating_units = forms.ModelMultipleChoiceField(label="Đơn vị phối hợp", queryset=Unit.objects.none(),
                                                        required=False, widget=forms.CheckboxSelectMultiple)
    start = fields.DateField(label="Ngày bắt đầu", required=False, widget=DateInput())
    due = fields.DateField(label="Hạn hoàn thành", required=False, widget=DateInput())
    recurrence = forms.ChoiceField(label="Lặp lại", choices=Recurrence.choices, initial=Recurrence.NONE)
    trigger = forms.CharField(label="Chờ điều kiện (ví dụ: Sau khi có Quyết định…)", required=False, max_length=500)
    deliverable = forms.CharField(label="Sản phẩm", required=False, max_length=500)
    weight = forms.IntegerField(label="Trọng số", initial=1, **bounds.WEIGHT.form_kwargs())

    def __init__(self, *args, commune, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = _plans(commune)
        self.fields["lead_unit"].queryset = _units(commune)
        self.fields["coordinating_units"].queryset = _units(commune)


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx) lập từ mẫu")


class KindForm(forms.Form):
    name = forms.CharField(label="Tên hình thức", max_length=120)
    quantity_unit = forms.CharField(label="Đơn vị tính", max_length=60, required=False)
    active = forms.BooleanField(label="Đang dùng", required=False, initial=True)
