from django import forms

from tuyentruyen.lib.fields import PhoneInput

from . import civic
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


class CivicInformationForm(forms.Form):
    """What residents read on the commune's contacts page. Empty boxes are simply not shown."""

    hotline = forms.CharField(label="Đường dây nóng", max_length=40, required=False, widget=PhoneInput(),
                              help_text="Số người dân gọi khi cần, ví dụ 0912 345 678.")
    email = forms.EmailField(label="Thư điện tử", required=False,
                             error_messages={"invalid": "Địa chỉ thư điện tử không hợp lệ (ví dụ ubnd@tenxa.gov.vn)."})
    address = forms.CharField(label="Địa chỉ trụ sở", max_length=255, required=False,
                              help_text="Số nhà, đường, thôn/ấp: trang liên hệ kèm liên kết chỉ đường trên bản đồ.")
    office_hours = forms.CharField(label="Giờ làm việc", max_length=1000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}),
                                   help_text="Ví dụ: Sáng 7:00 – 11:30, chiều 13:30 – 17:00, từ Thứ Hai đến Thứ Sáu.")
    directory = forms.CharField(label="Danh bạ: đơn vị và người nghe máy", required=False, max_length=10000,
                                widget=forms.Textarea(attrs={"rows": 6}),
                                help_text=f"Mỗi dòng một số: {civic.DIRECTORY_SHAPE}.")
    reception = forms.CharField(label="Lịch tiếp công dân", required=False, max_length=5000,
                                widget=forms.Textarea(attrs={"rows": 4}),
                                help_text=f"Mỗi dòng một buổi: {civic.RECEPTION_SHAPE}.")

    zalo_oa_url = forms.CharField(label="Trang Zalo Official Account của xã", max_length=300, required=False,
                                  widget=forms.URLInput(attrs={"inputmode": "url"}),
                                  help_text="Ví dụ https://zalo.me/1234567890123456789: người dân bấm để quan tâm.")
    facebook_url = forms.CharField(label="Trang Facebook (fanpage) của xã", max_length=300, required=False,
                                   widget=forms.URLInput(attrs={"inputmode": "url"}),
                                   help_text="Ví dụ https://www.facebook.com/tenxa.")

    def clean_zalo_oa_url(self):
        return self._civic(civic.check_follow_link, self.cleaned_data["zalo_oa_url"], "zalo")

    def clean_facebook_url(self):
        return self._civic(civic.check_follow_link, self.cleaned_data["facebook_url"], "facebook")

    def clean_hotline(self):
        return self._civic(civic.check_phone, self.cleaned_data["hotline"], "Đường dây nóng")

    def clean_address(self):
        return " ".join(self.cleaned_data["address"].split())

    def clean_office_hours(self):
        return "\n".join(line.strip() for line in self.cleaned_data["office_hours"].splitlines() if line.strip())

    def clean_directory(self):
        return [vars(row) for row in self._civic(civic.parse_directory, self.cleaned_data["directory"])]

    def clean_reception(self):
        return [vars(row) for row in self._civic(civic.parse_reception, self.cleaned_data["reception"])]

    @staticmethod
    def _civic(parse, *args):
        try:
            return parse(*args)
        except civic.CivicInputError as exc:
            raise forms.ValidationError(str(exc)) from exc

    @classmethod
    def initial_for(cls, commune) -> dict:
        return {"hotline": commune.hotline, "email": commune.email, "address": commune.address,
                "office_hours": commune.office_hours,
                "zalo_oa_url": commune.zalo_oa_url, "facebook_url": commune.facebook_url,
                "directory": civic.directory_as_text([vars(c) for c in civic.contacts_from_stored(commune.directory)]),
                "reception": civic.reception_as_text(
                    [vars(s) for s in civic.reception_from_stored(commune.reception_schedule)])}
