from django import forms
from django.db.models import Max

from tuyentruyen.lib import bounds, fields
from tuyentruyen.plans.models import PlanTopic

from .images import MAX_UPLOAD_BYTES
from .models import Article, ArticleStatus, BroadcastChannel, BroadcastSlot, Bulletin, NewsCategory
from .sanitize import FORMATS

BODY_HELP = ("Gõ hoặc dán văn bản, kể cả từ Word: chữ đậm, nghiêng, danh sách, liên kết và bảng được giữ, "
             "định dạng khác được bỏ khi lưu. Mỗi dòng là một đoạn. Ảnh chèn bằng nút “Chèn ảnh” khi sửa tin bài.")


def current_topics():
    """Content items of each plan's latest issued revision: what an article can serve."""
    latest = PlanTopic.objects.values("plan_id").annotate(last=Max("revision_id")).values_list("last", flat=True)
    return PlanTopic.objects.filter(revision_id__in=list(latest)).select_related("plan")


class TopicChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.plan}"


class ArticleForm(forms.Form):
    title = forms.CharField(label="Tiêu đề", max_length=250)
    summary = forms.CharField(label="Tóm tắt", max_length=600, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text="Hiện ở danh sách tin và khi chia sẻ lên Facebook, Zalo.")
    body = forms.CharField(label="Nội dung", required=False, widget=forms.Textarea(attrs={"rows": 16}),
                           help_text=BODY_HELP)
    body_format = forms.ChoiceField(choices=[(f, f) for f in FORMATS], required=False, initial="auto",
                                    widget=forms.HiddenInput)
    category = forms.ModelChoiceField(label="Chuyên mục", queryset=None, required=False,
                                      empty_label="(không thuộc chuyên mục nào)")
    topics = TopicChoiceField(label="Nội dung tuyên truyền của kế hoạch", required=False,
                              queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topics"].queryset = current_topics()
        self.fields["category"].queryset = NewsCategory.objects.all()  # the commune's, by the tenant scope

    def clean_body_format(self):
        return self.cleaned_data.get("body_format") or "auto"

    def article_fields(self) -> dict:
        data = self.cleaned_data
        return {"title": data["title"], "summary": data["summary"], "body": data["body"],
                "body_format": data["body_format"], "topics": data["topics"], "category": data["category"]}


class CategoryForm(forms.Form):
    name = forms.CharField(label="Tên chuyên mục", max_length=120)
    position = forms.IntegerField(label="Thứ tự", min_value=0, max_value=1000, initial=0, required=False)


class PictureForm(forms.Form):
    image = forms.FileField(label="Ảnh (JPEG, PNG, WebP, GIF)",
                            help_text=f"Tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB. Ảnh được thu nhỏ tự động.")
    alt = forms.CharField(label="Mô tả ảnh", max_length=250,
                          help_text="Một câu nói ảnh có gì, cho người dùng trình đọc màn hình.")

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"Ảnh quá lớn (tối đa {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
        return image


class ReturnForm(forms.Form):
    note = forms.CharField(label="Ý kiến trả lại", widget=forms.Textarea(attrs={"rows": 3}))


class ScheduleForm(forms.Form):
    publish_at = fields.DateTimeField(
        label="Đăng lúc", input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class SlotForm(forms.ModelForm):
    class Meta:
        model = BroadcastSlot
        fields = ["channel", "weekday", "start", "duration_minutes", "note"]
        widgets = {"start": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not 1 <= minutes <= 240:
            raise forms.ValidationError("Thời lượng từ 1 đến 240 phút.")
        return minutes


class BulletinForm(forms.ModelForm):
    slot = forms.ModelChoiceField(label="Khung giờ", queryset=None, required=False)

    class Meta:
        model = Bulletin
        fields = ["title", "channel", "slot", "air_date", "urgency", "is_public", "expires_at", "intro", "outro"]
        widgets = {"air_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "expires_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
                   "intro": forms.Textarea(attrs={"rows": 2}), "outro": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = BroadcastSlot.objects.all()
        self.fields["air_date"].input_formats = ["%Y-%m-%d", "%d/%m/%Y"]
        self.fields["expires_at"].input_formats = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"]
        self.fields["urgency"].required = False  # left out: the bulletin keeps its level


class PronunciationsForm(forms.Form):
    pronunciations = forms.CharField(
        label="Cách đọc riêng của xã", required=False, max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Mỗi dòng một cặp “chữ viết = cách đọc”, ví dụ: Zalo = Da-lô. Dùng khi tạo tệp âm thanh.")


class NewBulletinForm(forms.Form):
    title = forms.CharField(label="Tên bản tin", max_length=250)
    channel = forms.ChoiceField(label="Kênh", choices=BroadcastChannel.choices)
    slot = forms.ModelChoiceField(label="Khung giờ", queryset=None, required=False)
    air_date = fields.DateField(label="Ngày phát", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    articles = forms.ModelMultipleChoiceField(label="Tin bài đưa vào bản tin", required=False,
                                              queryset=None, widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = BroadcastSlot.objects.all()
        self.fields["articles"].queryset = bulletin_candidates()


def bulletin_candidates():
    """The 50 latest articles worth reading on air (published, scheduled or waiting for review)."""
    recent = Article.objects.filter(status__in=[ArticleStatus.PUBLISHED, ArticleStatus.SCHEDULED,
                                                ArticleStatus.SUBMITTED]).order_by("-updated_at")
    return Article.objects.filter(pk__in=list(recent.values_list("pk", flat=True)[:50])).order_by("-updated_at")


class AddArticlesForm(forms.Form):
    articles = forms.ModelMultipleChoiceField(label="Thêm tin bài", queryset=None,
                                              widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["articles"].queryset = bulletin_candidates()


class BroadcastForm(forms.Form):
    channel = forms.ChoiceField(label="Kênh", choices=BroadcastChannel.choices)
    aired_on = fields.DateField(label="Ngày phát", input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                               widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    minutes = forms.DecimalField(label="Thời lượng (phút)", min_value=0.5, max_value=bounds.MINUTES.high, decimal_places=1,
                                 max_digits=6)
    note = forms.CharField(label="Ghi chú", max_length=300, required=False)
