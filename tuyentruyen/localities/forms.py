from django import forms

from .models import Unit, UnitKind


class UnitForm(forms.Form):
    name = forms.CharField(label="Tên đơn vị", max_length=200)
    kind = forms.ChoiceField(label="Loại", choices=UnitKind.choices)
    aliases = forms.CharField(
        label="Tên gọi khác", required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Mỗi dòng một cách viết khác của tên đơn vị, để nhận ra đơn vị khi nhập kế hoạch.",
    )
    active = forms.BooleanField(label="Đang hoạt động", required=False, initial=True)

    def __init__(self, *args, commune, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commune, self.unit = commune, unit

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        clash = Unit.objects.filter(name__iexact=name)
        if self.unit is not None:
            clash = clash.exclude(pk=self.unit.pk)
        if clash.exists():
            raise forms.ValidationError("Đã có đơn vị mang tên này.")
        return name

    def clean_aliases(self):
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]
