"""Django's own messages, as users read them in Vietnamese: no space before the full stop."""

import re
from pathlib import Path

import django
import pytest
from django.utils import translation
from django.utils.translation import gettext, ngettext

CATALOGUES = sorted(Path(django.__file__).parent.glob("**/locale/vi/LC_MESSAGES/django.po"))

def _joined(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block))


def faulty_messages() -> list[str]:
    """Every msgid of Django's Vietnamese catalogues whose translation has a space before its full stop."""
    found = []
    for path in CATALOGUES:
        text = path.read_text(encoding="utf-8")
        for block in text.split("\n\n"):
            ids = re.findall(r'^msgid ((?:"[^\n]*"\n?)+)', block, re.M)
            translated = re.findall(r'^msgstr(?:\[0\])? ((?:"[^\n]*"\n?)+)', block, re.M)
            if not ids or not translated:
                continue
            msgid, msgstr = _joined(ids[0]), _joined(translated[0])
            if msgid and re.search(r"\s\.$", msgstr):
                found.append(msgid.replace('\\"', '"'))
    return found


@pytest.mark.skipif(not CATALOGUES, reason="Django's Vietnamese catalogues are not installed")
def test_no_django_message_has_a_space_before_its_full_stop():
    faulty = faulty_messages()
    assert faulty, "the scan found none of the known faults: it no longer reads the catalogues"
    with translation.override("vi"):
        for msgid in faulty:
            shown = gettext(msgid)
            if shown == msgid:  # a plural message: read through ngettext
                continue
            assert not re.search(r"\s\.$", shown), (msgid, shown)


def test_the_corrected_messages_read_well():
    with translation.override("vi"):
        assert gettext("Ensure this value is less than or equal to %(limit_value)s.") % {"limit_value": 5} == \
            "Giá trị này phải nhỏ hơn hoặc bằng 5."
        assert ngettext("Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).", 3) \
            % {"limit_value": 3, "show_value": 9} == "Giá trị này chỉ được có tối đa 3 ký tự (hiện có 9)."
