import json
from pathlib import Path

import pytest

from bench.masking_eval import TARGET, evaluate
from tuyentruyen.lib.masking import mask_personal_data

CORPUS = Path(__file__).resolve().parents[3] / "bench" / "masking_corpus.json"


@pytest.mark.parametrize("text,names,expected", [
    ("Gọi 0912 345 678 nhé", (), "Gọi *** nhé"),
    ("Gọi +84 912.345.678 nhé", (), "Gọi *** nhé"),
    ("goi 84-912-345-678", (), "goi ***"),
    ("SĐT 0912-345-678.", (), "SĐT ***."),
    ("Máy bàn (0225) 3123456", (), "Máy bàn ***"),
    ("CCCD 001085012345 cấp năm 2021", (), "CCCD *** cấp năm 2021"),
    ("CMND 123 456 789", (), "CMND ***"),
    ("Thư gửi an.nguyen+cchc@example.com.vn", (), "Thư gửi ***"),
    ("Lệ phí 50000 đồng năm 2025, hỗ trợ 150.000.000 đồng", (), "Lệ phí 50000 đồng năm 2025, hỗ trợ 150.000.000 đồng"),
    ("Quyết định số 15/QĐ-UBND ngày 12/8/2025", (), "Quyết định số 15/QĐ-UBND ngày 12/8/2025"),
    ("Tôi là Nguyễn Văn An, ở thôn Đông", (), "Tôi là ***, ở thôn Đông"),
    ("Toi ten Nguyen Van Tam", (), "Toi ten ***"),
    ("toi ten nguyen van tam o thon 3", (), "toi ten *** o ***"),
    ("Ông Trần Bình tiếp nhận hồ sơ", (), "Ông *** tiếp nhận hồ sơ"),
    ("chị Lê Thị Hoa hướng dẫn", (), "chị *** hướng dẫn"),
    ("Ông Chủ tịch UBND xã đã ký", (), "Ông Chủ tịch UBND xã đã ký"),
    ("em phan anh duong bi ngap", (), "em phan anh duong bi ngap"),
    ("Người gửi: Phạm Văn Hùng", (), "Người gửi: ***"),
    ("Xin cảm ơn.\nTrần Thị Hoa", (), "Xin cảm ơn.\n***"),
    ("nguyễn văn an đã nộp hồ sơ", ("Nguyễn Văn An",), "*** đã nộp hồ sơ"),
    ("Nguyen Van An da nop", ("Nguyễn Văn An",), "*** da nop"),
    ("Nhà số 12 đường Lê Lợi, tổ 5, ấp Bình An, xã An Hòa", (), "***, xã An Hòa"),
    ("12/3 hẻm 45 Trần Phú bị ngập", (), "*** bị ngập"),
    ("Đường Lê Lợi bị ngập", (), "Đường Lê Lợi bị ngập"),
    ("Không có gì riêng tư ở đây.", (), "Không có gì riêng tư ở đây."),
])
def test_masks_personal_data(text, names, expected):
    assert mask_personal_data(text, names) == expected


def test_extra_phrases_are_masked_whatever_their_case_and_diacritics():
    assert mask_personal_data("Quán của Tư Mập ở chợ, tu map hát to", extra=["Tư Mập"]) == "Quán của *** ở chợ, *** hát to"


def test_public_number_kept_when_asked():
    assert mask_personal_data("Gọi 0225 3123 456 hoặc 0912 345 678", keep=["02253123456"]) == "Gọi 0225 3123 456 hoặc ***"


def test_corpus_reaches_the_target_with_no_item_left_whole():
    corpus = json.loads(CORPUS.read_text(encoding="utf-8"))
    assert len(corpus) >= 60
    figures = evaluate(corpus)
    assert figures["whole"] == [] and figures["share"] >= TARGET
