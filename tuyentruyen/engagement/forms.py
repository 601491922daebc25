from django import forms

from tuyentruyen.lib import fields
from tuyentruyen.lib.fields import PhoneInput

from .models import Factor, FeedbackCategory, QuestionKind

MAX_FEEDBACK_CHARS = 5000


class FeedbackForm(forms.Form):
    category = forms.ChoiceField(label="Phản ánh, kiến nghị về", choices=FeedbackCategory.choices,
                                 initial=FeedbackCategory.PROCEDURE)
    procedure_name = forms.CharField(label="Thủ tục hành chính liên quan (nếu có)", max_length=255, required=False)
    title = forms.CharField(label="Tiêu đề", max_length=200)
    content = forms.CharField(label="Nội dung", max_length=MAX_FEEDBACK_CHARS,
                              widget=forms.Textarea(attrs={"rows": 8}),
                              help_text=f"Tối đa {MAX_FEEDBACK_CHARS:,} ký tự.".replace(",", "."))
    full_name = forms.CharField(label="Họ và tên", max_length=150, required=False)
    phone = forms.CharField(label="Số điện thoại", max_length=20, required=False, widget=PhoneInput())
    email = forms.EmailField(label="Thư điện tử", max_length=254, required=False,
                             help_text="Nếu để lại, Ông/Bà nhận thư báo khi phản ánh được tiếp nhận, "
                                       "giao xử lý và trả lời.")
    id_number = forms.CharField(label="Số định danh cá nhân / CCCD", max_length=20, required=False,
                                help_text="Chỉ cần khi phản ánh liên quan đến hồ sơ của chính Ông/Bà.")
    address = forms.CharField(label="Địa chỉ", max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        from tuyentruyen.lib import sms

        super().__init__(*args, **kwargs)
        if sms.enabled():
            self.fields["phone"].help_text = "Ông/Bà nhận tin nhắn khi phản ánh được tiếp nhận, giao xử lý và trả lời."

    def clean_phone(self):
        value = self.cleaned_data["phone"].strip()
        digits = "".join(ch for ch in value if ch.isdigit())
        if value and not 9 <= len(digits) <= 12:
            raise forms.ValidationError("Số điện thoại không hợp lệ.")
        return value

    def clean_id_number(self):
        value = self.cleaned_data["id_number"].strip()
        if value and not (value.isdigit() and len(value) in (9, 12)):
            raise forms.ValidationError("Số định danh cá nhân gồm 12 chữ số (CMND cũ: 9 chữ số).")
        return value


class SurveyForm(forms.Form):
    title = forms.CharField(label="Tên khảo sát", max_length=200)
    intro = forms.CharField(label="Lời giới thiệu", required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SectionForm(forms.Form):
    title = forms.CharField(label="Tên phần", max_length=200)
    factor = forms.ChoiceField(label="Yếu tố SIPAS (để tính chỉ số)", required=False,
                               choices=[("", "— Không tính chỉ số —")] + Factor.choices)


class QuestionForm(forms.Form):
    text = forms.CharField(label="Câu hỏi", max_length=500)
    kind = forms.ChoiceField(label="Loại câu hỏi", choices=QuestionKind.choices)
    section = forms.TypedChoiceField(label="Thuộc phần", required=False, coerce=int, empty_value=None)
    required = forms.BooleanField(label="Bắt buộc trả lời", required=False, initial=True)
    choices = forms.CharField(label="Các lựa chọn (mỗi dòng một lựa chọn)", required=False,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text="Chỉ dùng cho câu hỏi chọn một hoặc chọn nhiều.")

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", "— Không thuộc phần nào —")] + [(s.pk, s.title) for s in sections]


class BankQuestionForm(forms.Form):
    text = forms.CharField(label="Câu hỏi", max_length=500)
    choices = forms.CharField(label="Các phương án (mỗi dòng một phương án)", widget=forms.Textarea(attrs={"rows": 4}))
    correct = forms.CharField(label="Đáp án đúng (số thứ tự phương án, cách nhau bằng dấu phẩy)", max_length=50,
                              help_text="Ví dụ: 2 — hoặc 1, 3 khi có nhiều đáp án đúng.")
    topics = forms.CharField(label="Chủ đề (cách nhau bằng dấu phẩy)", max_length=300, required=False)
    active = forms.BooleanField(label="Đang dùng", required=False, initial=True)

    def clean_correct(self):
        raw = self.cleaned_data["correct"].replace(";", ",")
        try:
            numbers = [int(p) for p in raw.split(",") if p.strip()]
        except ValueError as exc:
            raise forms.ValidationError("Hãy ghi số thứ tự phương án, ví dụ 2 hoặc 1, 3.") from exc
        if not numbers or min(numbers) < 1:
            raise forms.ValidationError("Hãy ghi số thứ tự phương án, bắt đầu từ 1.")
        return [n - 1 for n in numbers]


DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class ContestForm(forms.Form):
    title = forms.CharField(label="Tên cuộc thi", max_length=200)
    description = forms.CharField(label="Thể lệ", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    opens_at = fields.DateTimeField(label="Bắt đầu", widget=DATETIME_INPUT,
                                   input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"])
    closes_at = fields.DateTimeField(label="Kết thúc", widget=DATETIME_INPUT,
                                    input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"])
    questions_per_attempt = forms.IntegerField(label="Số câu hỏi mỗi lượt thi", min_value=1, max_value=100, initial=10)
    time_limit_minutes = forms.IntegerField(label="Thời gian làm bài (phút)", min_value=1, max_value=180, initial=15)
    attempts_allowed = forms.IntegerField(label="Số lượt thi mỗi người", min_value=1, max_value=20, initial=1)
    topics = forms.CharField(label="Chỉ lấy câu hỏi thuộc chủ đề (để trống: mọi chủ đề)", max_length=300, required=False)
    registration = forms.MultipleChoiceField(
        label="Người dự thi khai thêm (họ và tên luôn được hỏi)", required=False,
        widget=forms.CheckboxSelectMultiple, choices=[])
    extra_fields = forms.CharField(label="Thông tin khác cần khai (mỗi dòng một mục, thêm * nếu bắt buộc)",
                                   required=False, widget=forms.Textarea(attrs={"rows": 2}))
    tie_break_question = forms.CharField(label="Câu hỏi phụ (dự đoán số người tham gia)", max_length=300,
                                         initial="Theo bạn, có bao nhiêu người tham gia cuộc thi này?")
    prize_count = forms.IntegerField(label="Số giải", min_value=1, max_value=500, initial=10)
    is_published = forms.BooleanField(label="Công bố cho người dân", required=False)

    def __init__(self, *args, **kwargs):
        from .services import REGISTRATION_PRESETS

        super().__init__(*args, **kwargs)
        self.fields["registration"].choices = REGISTRATION_PRESETS[1:]
