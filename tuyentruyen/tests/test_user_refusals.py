"""One user-facing error type: every refusal a service, parser or importer raises carries its Vietnamese
text as ``message``, so that views and commands show any of them the same way."""

import pytest
from django import forms

from tuyentruyen.backups.database import BackupError
from tuyentruyen.engagement.services import EngagementError
from tuyentruyen.engagement.uploads import AttachmentRefused
from tuyentruyen.lib.errors import UserError, form_errors_text
from tuyentruyen.lib.files import FileRefused
from tuyentruyen.plans.export.pdf import ConversionFailed, ConverterMissing
from tuyentruyen.plans.importer.errors import PlanImportError
from tuyentruyen.plans.services import PlanError
from tuyentruyen.portal.services import WorkflowError
from tuyentruyen.procedures.importer import CatalogueImportError
from tuyentruyen.procedures.services import ProcedureError
from tuyentruyen.reports.periods import Period, PeriodError
from tuyentruyen.reports.services import ReportError
from tuyentruyen.work.evidence import EvidenceError
from tuyentruyen.work.services import WorkError
from tuyentruyen.work.xlsx import XlsxRefused

REFUSALS = [PlanError, PlanImportError, EngagementError, AttachmentRefused, EvidenceError, WorkError,
            XlsxRefused, ReportError, ProcedureError, PeriodError, WorkflowError, BackupError, ConverterMissing,
            ConversionFailed, FileRefused]


@pytest.mark.parametrize("error_class", REFUSALS, ids=lambda cls: cls.__name__)
def test_every_refusal_is_a_user_error_with_its_message(error_class):
    error = error_class("Ngày kết thúc phải sau ngày bắt đầu.")

    assert isinstance(error, UserError)
    assert error.message == str(error) == "Ngày kết thúc phải sau ngày bắt đầu."


def test_refusals_that_were_value_errors_still_are():
    assert issubclass(PeriodError, ValueError) and issubclass(WorkflowError, ValueError)
    with pytest.raises(ValueError):
        Period.parse("2026-q5")


def test_the_pdf_errors_keep_their_default_message():
    assert ConverterMissing().message.startswith("Máy chủ chưa cài LibreOffice")
    assert str(ConversionFailed()).startswith("Chưa chuyển được văn bản sang PDF")


def test_the_import_errors_keep_their_extra_fields():
    assert PlanImportError("Tệp rỗng.", code="empty").code == "empty"
    error = CatalogueImportError(["Dòng 2: thiếu mã thủ tục.", "Dòng 5: thiếu tên."])
    assert error.errors == ["Dòng 2: thiếu mã thủ tục.", "Dòng 5: thiếu tên."]
    assert error.message == "Dòng 2: thiếu mã thủ tục.; Dòng 5: thiếu tên."


class SampleForm(forms.Form):
    title = forms.CharField(error_messages={"required": "Hãy nhập tiêu đề."})
    reach = forms.IntegerField(max_value=1000, error_messages={"max_value": "Số người tối đa là 1000."})


def test_form_messages_are_joined_in_field_order():  # lib.errors.form_errors_text
    form = SampleForm(data={"reach": "5000"})

    assert not form.is_valid()
    assert form_errors_text(form) == "Hãy nhập tiêu đề.; Số người tối đa là 1000."
