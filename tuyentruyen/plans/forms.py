"""The issue form: it reads what the leader typed; the refusals themselves live in ``services``."""

from django import forms

from . import services


class IssueForm(forms.Form):
    number = forms.CharField(label="Số văn bản", max_length=50, error_messages={"required": services.NUMBER_MISSING},
                             help_text="Số tiếp theo trong sổ văn bản đã ban hành của xã; có thể sửa.")
    issued_on = forms.DateField(label="Ngày ban hành", widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"required": services.DATE_MISSING,
                                                "invalid": "Ngày ban hành không hợp lệ (ngày/tháng/năm)."})

    def __init__(self, *args, plan, document: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = list(services.same_period_issued(plan, document))
        if plan.commune_id is None:
            self.fields["number"].help_text = "Số tiếp theo trong sổ văn bản đã ban hành của tỉnh; có thể sửa."
        if self.candidates:
            self.fields["replaces"] = forms.TypedChoiceField(
                label="Thay thế kế hoạch số …", coerce=int,
                choices=[("", "— Chọn kế hoạch được thay thế —")]
                + [(other.pk, services.plan_label(other)) for other in self.candidates],
                error_messages={"required": services.REPLACES_MISSING.format(
                    names="; ".join(services.plan_label(other) for other in self.candidates))},
                help_text="Xã đã ban hành kế hoạch cho cùng kỳ này. Kế hoạch được thay thế vẫn xem được; "
                          "các nhiệm vụ chưa hoàn thành của nó được hủy kèm lý do.")

    @classmethod
    def for_revision(cls, plan, revision, data=None):
        document = revision.document or {}
        initial = {"number": document.get("number") or services.next_number(plan),
                   "issued_on": document.get("date") or None}
        return cls(data, plan=plan, document=document, initial=initial)

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for field, message in errors.items():
            self.add_error(field if field in self.fields else None, message)
