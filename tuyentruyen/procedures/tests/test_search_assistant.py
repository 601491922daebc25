"""The assistant's reply: answer from the record only, choose, or none; calm on bad input."""

import pytest

from tuyentruyen.procedures.search.assistant import MAX_QUESTION_CHARS, answer, clean_question, describe
from tuyentruyen.procedures.search.engine import ProcedureIndex

KHAI_SINH = {
    "code": "1.001193",
    "name": "Đăng ký khai sinh",
    "field": "Hộ tịch",
    "agency": "Ủy ban nhân dân cấp xã",
    "steps": ["Nộp hồ sơ tại Bộ phận Một cửa."],
    "dossier": [{"name": "Tờ khai đăng ký khai sinh", "copies": "01 bản chính"}, {"name": "Giấy chứng sinh", "copies": ""}],
    "processing_time": "Ngay trong ngày làm việc",
    "fees": "Miễn lệ phí khi đăng ký đúng hạn",
    "submission": {"counter": True, "post": True, "online": True, "online_url": "https://dichvucong.gov.vn/ks"},
    "result": "Giấy khai sinh",
    "demo": True,
}
KET_HON = {
    "code": "1.000894",
    "name": "Đăng ký kết hôn",
    "field": "Hộ tịch",
    "agency": "Ủy ban nhân dân cấp xã",
    "dossier": [{"name": "Tờ khai đăng ký kết hôn", "copies": "01 bản chính"}],
    "processing_time": "",
    "fees": "",
    "submission": {"counter": True, "post": False, "online": False, "online_url": None},
    "result": "Giấy chứng nhận kết hôn",
}
LAI_KHAI_SINH = {"code": "1.004884", "name": "Đăng ký lại khai sinh", "field": "Hộ tịch", "result": "Giấy khai sinh"}
CHUNG_THUC = {"code": "2.000815", "name": "Chứng thực bản sao từ bản chính", "field": "Chứng thực"}
CHU_KY = {"code": "2.000884", "name": "Chứng thực chữ ký", "field": "Chứng thực"}

HOTLINE = "0220 3888 999"
FEEDBACK = "https://xa.example.vn/phan-anh"


@pytest.fixture(scope="module")
def index():
    return ProcedureIndex([KHAI_SINH, KET_HON, LAI_KHAI_SINH, CHUNG_THUC, CHU_KY])


def ask(index, question):
    return answer(index, question, hotline=HOTLINE, feedback_url=FEEDBACK)


def test_answer_is_built_from_the_record(index):
    reply = ask(index, "làm giấy khai sinh cho con cần gì")
    assert reply["kind"] == "answer"
    assert reply["procedure"] == "1.001193"
    text = reply["text"]
    for piece in ["Đăng ký khai sinh", "Tờ khai đăng ký khai sinh (01 bản chính)", "Giấy chứng sinh",
                  "Ngay trong ngày làm việc", "Miễn lệ phí khi đăng ký đúng hạn",
                  "https://dichvucong.gov.vn/ks", "bưu chính"]:
        assert piece in text
    # the page says once where its data comes from; a reply does not repeat a disclaimer
    assert "dữ liệu minh họa" not in text


def test_a_demo_records_made_up_code_is_not_shown():
    from tuyentruyen.procedures.search.assistant import describe

    text = describe({"code": "DEMO-TIEP-CONG-DAN", "name": "Tiếp công dân", "demo": True})
    assert text.startswith("Thủ tục phù hợp: Tiếp công dân.") and "DEMO" not in text
    assert "(mã 1.001193)" in describe({"code": "1.001193", "name": "Đăng ký khai sinh"})


@pytest.mark.parametrize("question,aspects", [
    ("can giay to gi", ["dossier"]),
    ("cần mang theo những gì", ["dossier"]),
    ("mat bao lau", ["time"]),
    ("mấy ngày thì có", ["time"]),
    ("le phi bao nhieu", ["fees"]),
    ("có mất tiền ko", ["fees"]),
    ("nop o dau", ["where"]),
    ("nộp ở mô", ["where"]),
    ("nop online dc ko", ["online"]),
    ("làm qua mạng được không", ["online"]),
    ("het bao nhieu tien, mat bao lau", ["time", "fees"]),
    ("đăng ký khai sinh", []),
])
def test_follow_up_aspects_are_read_from_villagers_words(question, aspects):
    from tuyentruyen.procedures.search.assistant import asked_aspects

    assert asked_aspects(question) == aspects


def test_follow_ups_answer_about_the_procedure_of_the_conversation(index):
    reply = answer(index, "can giay to gi", context="1.001193")
    assert reply["kind"] == "answer" and reply["follow_up"] == ["dossier"] and "Giấy chứng sinh" in reply["text"]
    assert "Phí, lệ phí" not in reply["text"]
    # a question that names another procedure, or a topic outside the catalogue, is not a follow-up
    assert answer(index, "dang ky ket hon can giay to gi", context="1.001193").get("follow_up") is None
    assert answer(index, "lam bang lai xe may o dau", context="1.001193")["kind"] == "none"


def test_empty_fee_and_deadline_are_reported_as_not_recorded(index):
    reply = ask(index, "thủ tục đăng ký kết hôn")
    assert reply["kind"] == "answer" and reply["procedure"] == "1.000894"
    text = reply["text"]
    assert "Phí, lệ phí: chưa được ghi nhận" in text
    assert "Thời hạn giải quyết: chưa được ghi nhận" in text
    assert not any(ch.isdigit() for ch in text.split("Phí, lệ phí:")[1].split("\n")[0])
    assert "trực tuyến" not in text  # not submittable online in the record
    assert "dữ liệu minh họa" not in text  # not a demo record


def test_describe_tolerates_a_bare_record():
    text = describe({"code": "X", "name": "Thủ tục X"})
    assert "Thủ tục X" in text and "chưa được ghi nhận" in text


def test_close_scores_ask_the_resident_to_choose(index):
    reply = ask(index, "chứng thực")
    assert reply["kind"] == "choose"
    codes = [c["code"] for c in reply["candidates"]]
    assert {"2.000815", "2.000884"} <= set(codes)
    assert 2 <= len(codes) <= 3
    assert reply["text"].startswith("Bạn muốn hỏi thủ tục nào")


def test_nothing_found_points_to_hotline_and_feedback(index):
    reply = ask(index, "giá vàng hôm nay")
    assert reply["kind"] == "none"
    assert "chưa tìm thấy" in reply["text"]
    assert HOTLINE in reply["text"] and FEEDBACK in reply["text"]


def test_none_without_contacts_still_reads_well(index):
    reply = answer(index, "")
    assert reply["kind"] == "none" and "phản ánh" in reply["text"]


BAD_INPUTS = [
    "",
    "    ",
    None,
    12345,
    "😀😂🙏🏻🎉",
    "a" * 10_000,
    "đăng ký khai sinh " * 700,
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)> khai sinh",
    "'; DROP TABLE procedures; --",
    "1 OR 1=1; SELECT * FROM users",
    "How do I register the birth of my child?",
    "我想登记结婚需要什么材料",
    "\x00\x01\x02 kết hôn \x7f",
    "%00%27%22",
]


@pytest.mark.parametrize("question", BAD_INPUTS)
def test_bad_input_gets_a_calm_reply(index, question):
    reply = ask(index, question)
    assert isinstance(reply, dict)
    assert reply["kind"] in {"answer", "choose", "none"}
    text = reply["text"]
    assert isinstance(text, str) and text
    assert "<script" not in text.lower() and "<img" not in text.lower()
    assert "DROP TABLE" not in text and "SELECT" not in text
    assert len(text) < 5000
    if isinstance(question, str) and question.strip():  # the resident's raw words never come back
        assert question.strip() not in text


@pytest.mark.parametrize(
    "question", ["😀😂🙏🏻🎉", "'; DROP TABLE procedures; --", "我想登记结婚需要什么材料", "<script>alert('xss')</script>"]
)
def test_meaningless_input_is_not_answered(index, question):
    assert ask(index, question)["kind"] in {"none", "choose"}


def test_foreign_language_is_not_answered(index):
    assert ask(index, "How do I register the birth of my child?")["kind"] in {"none", "choose"}


def test_question_is_truncated_before_work():
    cleaned = clean_question("x" * 10_000)
    assert len(cleaned) == MAX_QUESTION_CHARS
    assert "script" not in clean_question("<script>alert(1)</script>").lower()
    assert clean_question(None) == ""


def test_huge_question_is_fast(index):
    import time

    start = time.perf_counter()
    ask(index, "khai sinh " * 5000)
    assert time.perf_counter() - start < 0.5
