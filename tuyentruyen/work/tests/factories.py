"""Test data for the execution app: an issued plan with topics, a task catalogue and responsibilities."""

from datetime import date

from tuyentruyen.plans.document import empty_document
from tuyentruyen.plans.services import create_plan, current_revision, next_number, transition
from tuyentruyen.work.services import record_activity


def timeframe(text, start=None, due=None, recurrence="none", trigger=None):
    return {"text": text, "start": start, "due": due, "recurrence": recurrence, "trigger": trigger}


def plan_document(title="Kế hoạch tuyên truyền CCHC 6 tháng cuối năm 2025"):
    doc = empty_document(title=title)
    doc["period"] = {"label": "6 tháng cuối năm 2025", "start": "2025-07-01", "end": "2025-12-31"}
    doc["topics"] = [
        {"label": "a", "text": "Chủ trương, chính sách của Đảng, Nhà nước về cải cách hành chính"},
        {"label": "b", "text": "Dịch vụ công trực tuyến và thanh toán trực tuyến"},
        {"label": "c", "text": "Chỉ số SIPAS, PAR INDEX"},
    ]
    doc["tasks"] = [
        {"no": 1, "group": "Chỉ đạo điều hành", "title": "Ban hành kế hoạch tuyên truyền",
         "lead": ["Phòng Văn hóa - Xã hội"], "coordinating": ["Văn phòng HĐND và UBND"],
         "timeframe": timeframe("Trước ngày 05/12/2025", due="2025-12-05"), "deliverable": "Kế hoạch"},
        {"no": 2, "group": "Cải cách thủ tục hành chính", "title": "Phát thanh chuyên mục CCHC",
         "lead": ["Trung tâm Dịch vụ sự nghiệp công"], "coordinating": [],
         "timeframe": timeframe("Hàng quý", recurrence="quarterly"), "deliverable": "Chương trình phát thanh"},
        {"no": 3, "group": "Cải cách tổ chức bộ máy", "title": "Tuyên truyền quyết định sắp xếp",
         "lead": ["Văn phòng HĐND và UBND"], "coordinating": [],
         "timeframe": timeframe("Sau khi có Quyết định của UBND tỉnh",
                                trigger="Sau khi có Quyết định của UBND tỉnh"), "deliverable": None},
    ]
    doc["responsibilities"] = [
        {"unit": "Trung tâm Phục vụ hành chính công",
         "duties": ["Hướng dẫn trực tiếp người dân tại bộ phận một cửa", "Khảo sát mức độ hài lòng"]},
    ]
    return doc


def issued_plan(commune, user, document=None):
    plan = create_plan(commune=commune, user=user, document=document or plan_document())
    revision = current_revision(plan)
    for action in ("submit", "approve"):
        revision = transition(revision, action, user=user)
    issued_on = date(2025, 7, 10)
    transition(revision, "issue", user=user, number=next_number(plan, issued_on), issued_on=issued_on)
    return plan


def activity(commune, title="Phát thanh về dịch vụ công", **kwargs):
    kwargs.setdefault("kind_code", "radio")
    kwargs.setdefault("date", date(2025, 8, 1))
    return record_activity(commune, title=title, **kwargs)


def stored_bytes(storage_name: str) -> bytes:
    """The bytes of an evidence file (or thumbnail) as the storage holds them."""
    from tuyentruyen.work.evidence import open_stored

    with open_stored(storage_name) as handle:
        return handle.read()


def is_stored(storage_name: str) -> bool:
    from django.core.files.storage import default_storage

    from tuyentruyen.work.evidence import stored_name

    return default_storage.exists(stored_name(storage_name))


def evidence_in_storage() -> list[str]:
    """Every name under the storage's evidence folder, relative to it (partial writes included)."""
    from django.core.files.storage import default_storage

    from tuyentruyen.lib.stored import names
    from tuyentruyen.work.evidence import EVIDENCE_DIR

    return [name.removeprefix(EVIDENCE_DIR + "/") for name in names(default_storage, EVIDENCE_DIR)]
