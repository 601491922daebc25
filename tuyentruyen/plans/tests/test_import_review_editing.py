"""The review screen corrects an imported plan before it is saved (issue 13, item 1): change a field, drop
an item, move a line to the part it belongs to. Nothing is saved until the officer confirms, and then the
corrected draft goes through the same service and validation as any import."""

import io
import re
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tuyentruyen.conftest import client_for
from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.plans import review
from tuyentruyen.plans.document import schema, validation_errors
from tuyentruyen.plans.importer import parse_plan_text
from tuyentruyen.plans.models import Plan

REVIEW = "/ke-hoach/nhap/xem-lai/"
EDIT = "/ke-hoach/nhap/xem-lai/sua/"

# A plan whose import went wrong in the ways issue 13 lists: the deputy's line among the recipients, the
# closing sentence read as the last unit's duty, a channel among the topics.
DAMAGED = """ỦY BAN NHÂN DÂN XÃ BÌNH MINH
Số: 08/KH-UBND
Bình Minh, ngày 12 tháng 1 năm 2026
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026
Căn cứ Kế hoạch số 30/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2026;
Ủy ban nhân dân xã Bình Minh ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Giúp người dân hiểu và dùng dịch vụ công trực tuyến.
2. Yêu cầu
- Tuyên truyền đúng trọng tâm, tiết kiệm.
II. NỘI DUNG, HÌNH THỨC
1. Nội dung tuyên truyền
- Kết quả giải quyết thủ tục hành chính của xã.
- Phát trên loa truyền thanh của các thôn vào buổi sáng.
2. Hình thức tuyên truyền
- Đăng tin trên trang thông tin điện tử của xã.
III. TỔ CHỨC THỰC HIỆN
1. Văn phòng HĐND và UBND xã
- Tham mưu triển khai Kế hoạch; tổng hợp báo cáo.
2. Trung tâm Văn hóa, Thể thao và Truyền thông xã
- Biên tập tin, bài về cải cách hành chính.
- Mọi khó khăn, vướng mắc gửi về Văn phòng để tổng hợp, báo cáo Chủ tịch xem xét./.
Nơi nhận:
- UBND tỉnh (b/c);
- KT. CHỦ TỊCH
- Lưu: VT.
PHÓ CHỦ TỊCH
Lê Thị Hoa
"""


def _upload(client, text=DAMAGED):
    response = client.post("/ke-hoach/nhap/", {"file": SimpleUploadedFile("ke-hoach.txt", text.encode())})
    assert response.status_code == 302, response.content.decode()[:500]


def _draft(client) -> dict:
    return client.session["plan_import"]


def _post(client, **data):
    data.setdefault("draft", str(_draft(client).get("draft", 0)))
    return client.post(EDIT, data)


def _index(items, text, key=None):
    return next(i for i, item in enumerate(items) if text in (item[key] if key else item))


# --- moving lines, pure --------------------------------------------------------------------------------

def with_deputy_in_recipients(doc: dict) -> dict:
    """The importer now reads the deputy's line right; a PDF's interleaved columns could still put it here."""
    doc["recipients"].insert(1, {"name": "KT. CHỦ TỊCH", "purpose": None})
    doc["signer"]["deputy"] = None
    return doc


@pytest.fixture
def damaged():
    return with_deputy_in_recipients(parse_plan_text(DAMAGED))


MOVES = [
    # (what, where from, where to, where it lands and as what)
    ("KT. CHỦ TỊCH", "recipients", "signer", lambda d: d["signer"]["deputy"] == "KT. CHỦ TỊCH"),
    ("Phát trên loa", "topics", "channels",
     lambda d: d["channels"][-1]["text"].startswith("Phát trên loa") and "radio" in d["channels"][-1]["kinds"]),
    ("Đăng tin trên trang", "channels", "topics", lambda d: d["topics"][-1]["text"].startswith("Đăng tin")),
    ("Giúp người dân", "purposes", "requirements", lambda d: d["requirements"][-1].startswith("Giúp người dân")),
    ("UBND tỉnh", "recipients", "closing", lambda d: review.closing_lines(d)[-1].startswith("UBND tỉnh")),
]


@pytest.mark.parametrize(("text", "part", "target", "landed"), MOVES)
def test_a_line_moves_to_the_part_it_belongs_to(damaged, text, part, target, landed):
    items = damaged[part]
    index = next(i for i, it in enumerate(items) if text in (it if isinstance(it, str) else it.get("text") or it.get("name")))
    moved = review.move_line(damaged, f"{part}:{index}", target)
    assert landed(moved)
    assert len(moved[part]) == len(items) - 1
    assert validation_errors(moved) == []
    assert damaged[part] == items, "the draft given is not changed in place"


def test_a_duty_moves_to_the_closing_and_an_emptied_unit_goes(damaged):
    last = len(damaged["responsibilities"]) - 1
    duties = damaged["responsibilities"][last]["duties"]
    closing_at = _index(duties, "Mọi khó khăn")
    moved = review.move_line(damaged, f"responsibilities:{last}:{closing_at}", "closing")
    assert review.closing_lines(moved) == [duties[closing_at]]
    assert moved["responsibilities"][last]["duties"] == [d for d in duties if "Mọi khó khăn" not in d]
    one = {**damaged, "responsibilities": [{"unit": "Công an xã", "duties": ["Giữ trật tự."]}]}
    assert review.move_line(one, "responsibilities:0:0", "closing")["responsibilities"] == []


def test_a_line_moves_between_two_units(damaged):
    moved = review.move_line(damaged, "responsibilities:1:0", "responsibilities:0")
    assert moved["responsibilities"][0]["duties"][-1] == damaged["responsibilities"][1]["duties"][0]


@pytest.mark.parametrize(("duty", "stays", "moves"), [
    ("Biên tập tin, bài hằng tuần. Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.",
     "Biên tập tin, bài hằng tuần.", "Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./."),
    ("Báo cáo trước ngày 05/12/2026; Trong quá trình thực hiện, nếu có vướng mắc, báo cáo Ủy ban nhân dân xã./.",
     "Báo cáo trước ngày 05/12/2026;", "Trong quá trình thực hiện, nếu có vướng mắc, báo cáo Ủy ban nhân dân xã./."),
    ("Một câu duy nhất về cải cách hành chính./.", None, "Một câu duy nhất về cải cách hành chính./."),
])
def test_only_the_last_sentence_of_a_duty_moves_to_the_closing(damaged, duty, stays, moves):
    damaged["responsibilities"][0]["duties"] = [duty]
    moved = review.move_last_sentence(damaged, "responsibilities:0:0", "closing")
    assert review.closing_lines(moved) == [moves]
    if stays:
        assert moved["responsibilities"][0]["duties"] == [stays]
    else:
        assert moved["responsibilities"][0]["unit"] != damaged["responsibilities"][0]["unit"]


def test_a_closing_sentence_can_be_added(damaged):
    doc, errors = review.apply_change(damaged, {"action": "add", "part": "closing", "text": "  "})
    assert doc is None and errors == {"text": "Hãy nhập câu kết thúc."}
    doc, errors = review.apply_change(damaged, {"action": "add", "part": "closing", "text": "Trên đây là Kế hoạch./."})
    assert review.closing_lines(doc) == ["Trên đây là Kế hoạch./."] and errors == {}


@pytest.mark.parametrize(("line", "slot"), [
    ("TM. ỦY BAN NHÂN DÂN", "on_behalf"), ("KT. CHỦ TỊCH", "deputy"), ("TL. CHỦ TỊCH", "deputy"),
    ("PHÓ CHỦ TỊCH", "title"), ("Nguyễn Văn Bình", "name"),
])
def test_a_line_moved_to_the_signer_takes_its_own_slot(line, slot):
    assert review.signer_slot(line) == slot


def test_what_a_moved_line_replaces_in_the_signer_is_kept_unplaced(damaged):
    doc = {**damaged, "recipients": [*damaged["recipients"], {"name": "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "purpose": None}]}
    moved = review.move_line(doc, f"recipients:{len(doc['recipients']) - 1}", "signer")
    assert moved["signer"]["title"] == "PHÓ CHỦ TỊCH THƯỜNG TRỰC"
    assert damaged["signer"]["title"] in moved["unplaced"]


@pytest.mark.parametrize(("source", "target"), [
    ("recipients:99", "signer"), ("responsibilities:0:99", "closing"), ("closing:0", "topics"),
    ("topics:0", "topics"), ("topics:0", "nowhere"), ("topics:0", "responsibilities:99"), ("", "topics"),
])
def test_a_stale_or_wrong_move_is_refused_in_vietnamese(damaged, source, target):
    with pytest.raises(review.ReviewError) as refused:
        review.move_line(damaged, source, target)
    assert refused.value.message and not re.search(r"[A-Za-z]+Error|Traceback", refused.value.message)


# --- the screen ----------------------------------------------------------------------------------------

@pytest.mark.django_db
def test_corrections_stay_in_the_draft_until_the_officer_confirms(officer_a, commune_a):
    client = client_for(officer_a)
    _upload(client)
    session = client.session  # the deputy's line read into the recipients, as from a PDF's text layer
    pending = session["plan_import"]
    with_deputy_in_recipients(pending["document"])
    session["plan_import"] = pending
    session.save()
    doc = _draft(client)["document"]

    # A recipient line to the signer, a duty to the closing, a topic to the channels, a field changed,
    # an item dropped: each a plain form post.
    assert _post(client, action="move", source=f"recipients:{_index(doc['recipients'], 'KT.', 'name')}",
                 target="signer").status_code == 302
    doc = _draft(client)["document"]
    last = len(doc["responsibilities"]) - 1
    _post(client, action="move", target="closing",
          source=f"responsibilities:{last}:{_index(doc['responsibilities'][last]['duties'], 'Mọi khó khăn')}")
    doc = _draft(client)["document"]
    _post(client, action="move", source=f"topics:{_index(doc['topics'], 'Phát trên loa', 'text')}", target="channels")
    doc = _draft(client)["document"]
    _post(client, action="save", part="purposes", index="0", text="Giúp người dân hiểu, tin và dùng dịch vụ công.")
    _post(client, action="delete", part="requirements", index="0")
    header = {k: v or "" for k, v in __import__("tuyentruyen.plans.editing", fromlist=["x"]).header_values(
        _draft(client)["document"]).items()}
    _post(client, action="header", **dict(header, title="Tuyên truyền cải cách hành chính năm 2026 của xã"))
    with commune_scope(commune_a):
        assert not Plan.objects.exists(), "nothing is saved before the officer confirms"

    page = client.get(REVIEW).content.decode()
    assert "Giúp người dân hiểu, tin và dùng dịch vụ công." in page

    saved = client.post(REVIEW, {"action": "save", "draft": str(_draft(client)["draft"])})
    assert saved.status_code == 302
    with commune_scope(commune_a):
        plan = Plan.objects.get()
        document = plan.revisions.get().document
    jsonschema.validate(document, schema())
    assert document["signer"]["deputy"] == "KT. CHỦ TỊCH" and document["signer"]["title"] == "PHÓ CHỦ TỊCH"
    assert not any("KT." in r["name"] for r in document["recipients"])
    assert review.closing_lines(document)[-1].startswith("Mọi khó khăn")
    assert not any("Mọi khó khăn" in d for r in document["responsibilities"] for d in r["duties"])
    assert any(c["text"].startswith("Phát trên loa") for c in document["channels"])
    assert not any(t["text"].startswith("Phát trên loa") for t in document["topics"])
    assert document["purposes"] == ["Giúp người dân hiểu, tin và dùng dịch vụ công."]
    assert document["requirements"] == []
    assert plan.title == "Tuyên truyền cải cách hành chính năm 2026 của xã"


@pytest.mark.django_db
def test_a_bad_correction_is_shown_at_its_item_and_changes_nothing(officer_a):
    client = client_for(officer_a)
    _upload(client)
    before = _draft(client)
    response = _post(client, action="save", part="topics", index="0", label="1", text="   ")
    assert response.status_code == 400
    page = response.content.decode()
    item = page[page.index('id="xl-topics-0"'):page.index('id="xl-topics-1"')]
    assert "Hãy nhập “nội dung”." in item and 'aria-invalid="true"' in item
    assert _draft(client) == before


@pytest.mark.django_db
def test_a_form_from_an_older_draft_is_refused(officer_a):
    client = client_for(officer_a)
    _upload(client)
    _post(client, action="delete", part="topics", index="0")
    before = _draft(client)
    response = client.post(EDIT, {"action": "delete", "part": "topics", "index": "0", "draft": "0"}, follow=True)
    assert "bản xem lại vừa thay đổi" in response.content.decode()
    assert _draft(client) == before


@pytest.mark.django_db
def test_cancel_saves_nothing_and_unit_staff_cannot_correct(officer_a, staff_a, commune_a):
    client = client_for(officer_a)
    _upload(client)
    client.post(REVIEW, {"action": "cancel"})
    assert "plan_import" not in client.session
    assert client_for(staff_a).post(EDIT, {"action": "move", "source": "topics:0", "target": "channels"}).status_code == 403
    with commune_scope(commune_a):
        assert not Plan.objects.exists()


def _ids_and_labels(page: str):
    ids = re.findall(r'\sid="([^"]+)"', page)
    fors = re.findall(r'\sfor="([^"]+)"', page)
    return Counter(ids), fors


@pytest.mark.django_db
def test_only_those_who_may_edit_plans_correct_a_review(officer_a, admin_a, staff_a, other_staff_a, every_role_a):
    from tuyentruyen.plans import access

    assert not access.can_edit_plans(staff_a) and access.can_edit_plans(officer_a)
    for user in (officer_a, admin_a, staff_a, other_staff_a, every_role_a):
        client = client_for(user)
        allowed = access.can_edit_plans(user)
        if allowed:
            _upload(client)
        response = client.post(EDIT, {"action": "move", "source": "topics:0", "target": "channels", "draft": "0"})
        assert (response.status_code == 302) == allowed and (response.status_code == 403) == (not allowed), user
        if allowed:
            assert len(_draft(client)["document"]["channels"]) == 2


@pytest.mark.django_db
def test_every_field_of_the_review_has_its_own_id_and_label(officer_a):
    client = client_for(officer_a)
    _upload(client)
    ids, fors = _ids_and_labels(client.get(REVIEW).content.decode())
    assert [i for i, n in ids.items() if n > 1] == []
    assert [f for f in fors if f not in ids] == []
    assert len(fors) > 40


@pytest.mark.django_db
@pytest.mark.parametrize("part", ["legal_bases", "purposes", "topics", "channels", "responsibilities", "tasks",
                                  "recipients"])
def test_every_item_of_the_editor_has_its_own_ids(officer_a, plan_a, part):
    page = client_for(officer_a).get(f"/ke-hoach/{plan_a.pk}/sua/{part}/").content.decode()
    ids, fors = _ids_and_labels(page)
    assert [i for i, n in ids.items() if n > 1] == []
    assert [f for f in fors if f not in ids] == []
    assert 'for="m1-' in page and 'id="m1-' in page  # the second item's labels point at its own inputs


DEMO_MD = Path(__file__).parents[1] / "demo" / "ke-hoach-demo.md"


@pytest.mark.django_db
def test_the_demo_plan_reviews_and_saves_unchanged(officer_a, commune_a):
    client = client_for(officer_a)
    response = client.post("/ke-hoach/nhap/", {"file": SimpleUploadedFile("ke-hoach.md", io.BytesIO(
        DEMO_MD.read_bytes()).getvalue())})
    assert response.status_code == 302
    draft = _draft(client)["document"]
    assert client.get(REVIEW).status_code == 200
    client.post(REVIEW, {"action": "save", "draft": "0"})
    with commune_scope(commune_a):
        assert Plan.objects.get().revisions.get().document == draft


@pytest.mark.django_db
def test_general_information_refused_at_its_field_and_unplaced_lines_placed_or_dropped(officer_a):
    client = client_for(officer_a)
    _upload(client)
    session = client.session
    pending = session["plan_import"]
    pending["document"]["unplaced"] = ["- Đăng tin trên nhóm Zalo của các thôn.", "(Đã ký)"]
    session["plan_import"] = pending
    session.save()
    before = _draft(client)

    from tuyentruyen.plans.editing import header_values

    values = {k: v or "" for k, v in header_values(before["document"]).items()}
    response = _post(client, action="header", **dict(values, title=" "))
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="xl-chung-title"' in page and "Hãy nhập “trích yếu”." in page
    assert _draft(client) == before

    _post(client, action="move", source="unplaced:0", target="channels")
    _post(client, action="delete", part="unplaced", index="0")
    doc = _draft(client)["document"]
    assert doc["unplaced"] == []
    assert doc["channels"][-1]["text"] == "Đăng tin trên nhóm Zalo của các thôn." and "social" in doc["channels"][-1]["kinds"]

    last = len(doc["responsibilities"]) - 1
    _post(client, action="move", target="closing",
          source=f"responsibilities:{last}:{_index(doc['responsibilities'][last]['duties'], 'Mọi khó khăn')}")
    assert _post(client, action="save", part="closing", index="0", text="").status_code == 400
    _post(client, action="save", part="closing", index="0", text="Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.")
    assert review.closing_lines(_draft(client)["document"]) == ["Yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./."]
