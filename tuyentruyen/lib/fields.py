"""Form fields that carry the bounds of ``lib/bounds.py`` (plain forms do not get model validators)."""

from django import forms
from django.forms.renderers import DjangoTemplates

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


# --- "— Chọn … —" instead of Django's "---------" in every select ----------------------------------
DJANGO_BLANK = "---------"


def choose_text(label) -> str:
    """The empty option of a select labelled ``label``: "Đơn vị" → "— Chọn đơn vị —". An abbreviation
    keeps its capitals ("UBND" stays "UBND")."""
    text = str(label or "").strip().rstrip(":")
    if not text:
        return "— Chọn —"
    if len(text) > 1 and text[1].islower():
        text = text[0].lower() + text[1:]
    return f"— Chọn {text} —"


def replace_blank_choice(field, label) -> None:
    """Give ``field`` (a form field, the form's own copy) a Vietnamese empty option where Django would
    show "---------". Fields that chose their own empty text keep it."""
    if getattr(field, "empty_label", None) == DJANGO_BLANK:  # ModelChoiceField: read when the options render
        field.empty_label = choose_text(label)
        return
    choices = getattr(field, "choices", None)
    if not isinstance(field, forms.ChoiceField) or choices is None or isinstance(field, forms.ModelChoiceField):
        return
    choices = list(choices)
    if any(value == "" and text == DJANGO_BLANK for value, text in choices):
        field.choices = [(value, choose_text(label) if value == "" and text == DJANGO_BLANK else text)
                         for value, text in choices]


class PhoneInput(forms.TextInput):
    """A phone number: ``type=tel`` brings up the phone keypad on residents' and staff's phones."""

    input_type = "tel"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "tel", "autocomplete": "tel", **(attrs or {})})


def numeric_keypad(widget) -> dict:
    """``inputmode`` for a number box that does not say one: whole numbers get the digit keypad, others
    the one with a decimal separator."""
    if not isinstance(widget, forms.NumberInput) or "inputmode" in widget.attrs:
        return {}
    step = str(widget.attrs.get("step", "1"))
    return {"inputmode": "numeric" if step in ("1", "") else "decimal"}


class BoundField(forms.BoundField):
    def as_widget(self, widget=None, attrs=None, only_initial=False):
        replace_blank_choice(self.field, self.label)
        keypad = numeric_keypad(widget or self.field.widget)
        return super().as_widget(widget, {**keypad, **(attrs or {})} if keypad else attrs, only_initial)


class FormRenderer(DjangoTemplates):
    """The site's form renderer (``FORM_RENDERER``): Django's, with the bound field above, so that every
    form's selects, model forms' included, offer "— Chọn … —" without each form asking for it."""

    bound_field_class = BoundField
