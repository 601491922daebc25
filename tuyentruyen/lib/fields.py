"""Form fields that carry the bounds of ``lib/bounds.py`` (plain forms do not get model validators)."""

from django import forms

from .bounds import DATE, DATE_MAX, DATE_MIN, DATETIME


class DateField(forms.DateField):
    """A form's date within ``DATE`` (the browser's date picker is told the same bounds)."""

    default_validators = DATE.validators()

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if getattr(widget, "input_type", "") == "date":
            attrs.update(min=DATE_MIN.isoformat(), max=DATE_MAX.isoformat())
        return attrs


class DateTimeField(forms.DateTimeField):
    default_validators = DATETIME.validators()
