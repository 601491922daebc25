"""Procedure search engine on a small handmade catalogue."""

import time

import pytest

from tuyentruyen.procedures.search.engine import ProcedureIndex
from tuyentruyen.procedures.search.synonyms import SynonymTable, build_table


def procedure(code, name, field, result="", dossier=(), steps=()):
    return {
        "code": code,
        "name": name,
        "field": field,
        "agency": "Ủy ban nhân dân cấp xã",
        "result": result,
        "dossier": [{"name": d, "copies": "01 bản chính"} for d in dossier],
        "steps": list(steps),
    }


CATALOGUE = [
    procedure("KS", "Đăng ký khai sinh", "Hộ tịch", "Giấy khai sinh", ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"]),
    procedure("KSL", "Đăng ký lại khai sinh", "Hộ tịch", "Giấy khai sinh", ["Tờ khai đăng ký lại khai sinh"]),
    procedure("KH", "Đăng ký kết hôn", "Hộ tịch", "Giấy chứng nhận kết hôn", ["Tờ khai đăng ký kết hôn"]),
    procedure("KT", "Đăng ký khai tử", "Hộ tịch", "Trích lục khai tử", ["Tờ khai khai tử", "Giấy báo tử"]),
    procedure("TTHN", "Cấp giấy xác nhận tình trạng hôn nhân", "Hộ tịch", "Giấy xác nhận tình trạng hôn nhân"),
    procedure("CC", "Chứng thực bản sao từ bản chính", "Chứng thực", "Bản sao được chứng thực", ["Bản chính giấy tờ"]),
    procedure("CK", "Chứng thực chữ ký", "Chứng thực", "Giấy tờ được chứng thực chữ ký"),
    procedure("HKD", "Đăng ký thành lập hộ kinh doanh", "Hộ kinh doanh", "Giấy chứng nhận đăng ký hộ kinh doanh"),
    procedure("XD", "Cấp giấy phép xây dựng nhà ở riêng lẻ", "Xây dựng", "Giấy phép xây dựng"),
    procedure("GCN", "Cấp giấy chứng nhận quyền sử dụng đất lần đầu", "Đất đai", "Giấy chứng nhận"),
    procedure("MT", "Hỗ trợ chi phí mai táng", "Bảo trợ xã hội", "Quyết định hỗ trợ chi phí mai táng"),
    procedure("LH", "Thông báo tổ chức lễ hội", "Văn hóa", "Văn bản trả lời"),
]


@pytest.fixture(scope="module")
def index():
    return ProcedureIndex(CATALOGUE)


@pytest.mark.parametrize(
    ("query", "code"),
    [
        # official wording, accented
        ("Đăng ký khai sinh", "KS"),
        ("thủ tục đăng ký kết hôn", "KH"),
        # without diacritics
        ("dang ky khai sinh cho con", "KS"),
        ("chung thuc chu ky", "CK"),
        # spelling variants and typos
        ("đăng kí kết hôn", "KH"),
        ("dang ki ket hon", "KH"),
        ("khai xinh cho bé", "KS"),
        ("trứng thực bản sao", "CC"),
        ("giây khai sing", "KS"),
        ("khaisinh", "KS"),
        # abbreviations
        ("dk kết hôn", "KH"),
        ("gks cho bé", "KS"),
        # everyday words instead of official terms
        ("giấy báo tử làm ở đâu", "KT"),
        ("bố tôi qua đời rồi", "KT"),
        ("công chứng giấy tờ", "CC"),
        ("giấy xác nhận độc thân", "TTHN"),
        ("làm sổ đỏ", "GCN"),
        ("mở quán cà phê", "HKD"),
        ("xin phép xây nhà", "XD"),
        ("lấy vợ cần giấy gì", "KH"),
        ("tiền ma chay", "MT"),
        ("hội làng", "LH"),
    ],
)
def test_finds_the_right_procedure(index, query, code):
    hits = index.search(query, 3)
    assert hits, query
    assert hits[0].code == code, [(h.code, h.score) for h in hits]


def test_ranking_is_best_first(index):
    hits = index.search("đăng ký khai sinh", 5)
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0].code == "KS"  # the plain procedure before "đăng ký lại"
    assert "KSL" in [h.code for h in hits]


def test_distinguishing_word_wins(index):
    assert index.search("đăng ký lại khai sinh", 1)[0].code == "KSL"


def test_hit_fields(index):
    hit = index.search("kết hôn", 1)[0]
    assert (hit.code, hit.name) == ("KH", "Đăng ký kết hôn")
    assert isinstance(hit.score, float) and hit.score > 0


@pytest.mark.parametrize("query", ["", "   ", "😀😀😀", "hello world", "的的的", "!!!"])
def test_nothing_to_find(index, query):
    assert index.search(query) == []


def test_limit_is_respected(index):
    assert len(index.search("đăng ký", 2)) == 2
    assert index.search("đăng ký", 0) == []


def test_extra_synonyms_from_editors():
    plain = ProcedureIndex(CATALOGUE)
    assert "KH" not in [h.code for h in plain.search("thủ tục se duyên", 1)]
    extended = ProcedureIndex(CATALOGUE, extra_synonyms=[{"phrase": "se duyên", "terms": "kết hôn"}])
    assert extended.search("thủ tục se duyên", 1)[0].code == "KH"


def test_custom_table_and_malformed_entries():
    table = SynonymTable([
        {"phrase": "tờ giấy xanh", "terms": ["chứng thực chữ ký"]},
        {"phrase": "", "terms": "kết hôn"},
        {"phrase": "thiếu terms"},
        "not a mapping",
        {"phrase": "x", "terms": "kết hôn", "weight": "abc"},
    ])
    index = ProcedureIndex(CATALOGUE, synonyms=table)
    assert index.search("tờ giấy xanh", 1)[0].code == "CK"


def test_one_syllable_accented_phrase_needs_accents():
    table = build_table(base=[{"phrase": "đình", "terms": "lễ hội"}])
    index = ProcedureIndex(CATALOGUE, synonyms=table)
    assert index.analyze("lễ ở đình").synonyms == ["đình"]
    assert index.analyze("quy dinh").synonyms == []


def test_record_lookup(index):
    assert index.record("KH")["name"] == "Đăng ký kết hôn"
    assert index.record("nope") is None


def test_search_is_fast_on_a_big_catalogue():
    big = list(CATALOGUE)
    for i in range(2000):
        big.append(procedure(f"P{i}", f"Cấp giấy phép hoạt động loại {i % 37} cho cơ sở số {i}", f"Lĩnh vực {i % 13}",
                             "Giấy phép", ["Đơn đề nghị cấp giấy phép", "Bản sao giấy tờ"]))
    index = ProcedureIndex(big)
    start = time.perf_counter()
    for query in ["làm giấy khai sinh cho con", "cap giay phep xay dung nha o", "sổ đỏ", "công chứng"] * 10:
        index.search(query)
    assert (time.perf_counter() - start) / 40 < 0.05
