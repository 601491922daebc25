"""The text read on air: each row is what an editor writes and what the announcer (the voice) must say."""

import pytest

from tuyentruyen.portal.speech import normalise, parse_pronunciations, read_number, read_roman

CASES = [
    # abbreviations
    ("UBND xã thông báo", "Ủy ban nhân dân xã thông báo"),
    ("HĐND và UBND", "Hội đồng nhân dân và Ủy ban nhân dân"),
    ("tuyên truyền CCHC", "tuyên truyền cải cách hành chính"),
    ("giải quyết TTHC", "giải quyết thủ tục hành chính"),
    ("Ban công tác MTTQ", "Ban công tác Mặt trận Tổ quốc"),
    ("UBMTTQ xã", "Ủy ban Mặt trận Tổ quốc xã"),
    ("toàn thể CBCCVC", "toàn thể cán bộ, công chức, viên chức"),
    ("gia hạn BHYT", "gia hạn bảo hiểm y tế"),
    ("đóng BHXH tự nguyện", "đóng bảo hiểm xã hội tự nguyện"),
    ("làm CCCD gắn chip", "làm căn cước công dân gắn chip"),
    ("bản sao CMND", "bản sao chứng minh nhân dân"),
    ("công tác PCCC", "công tác phòng cháy, chữa cháy"),
    ("bảo đảm ATGT", "bảo đảm an toàn giao thông"),
    ("xây dựng NTM", "xây dựng nông thôn mới"),
    ("nộp hồ sơ qua DVCTT", "nộp hồ sơ qua dịch vụ công trực tuyến"),
    ("Đ/c Chủ tịch", "đồng chí Chủ tịch"),
    ("HTX nông nghiệp", "hợp tác xã nông nghiệp"),
    ("phát triển KT-XH", "phát triển kinh tế - xã hội"),
    ("mã ABC", "mã a bê xê"),
    # dates
    ("ngày 26/11/2026", "ngày hai mươi sáu tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("hạn chót 26/11/2026", "hạn chót ngày hai mươi sáu tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("Hạn chót 26/11", "Hạn chót ngày hai mươi sáu tháng mười một"),
    ("ngày 4/4", "ngày bốn tháng tư"),
    ("ngày 01/01/2027", "ngày một tháng một năm hai nghìn không trăm hai mươi bảy"),
    ("từ 15-12-2026", "từ ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi sáu"),
    ("tháng 11/2026", "tháng mười một năm hai nghìn không trăm hai mươi sáu"),
    ("năm 2026", "năm hai nghìn không trăm hai mươi sáu"),
    ("ngày 32/13", "ngày ba mươi hai/mười ba"),
    # times
    ("lúc 7h30 sáng", "lúc bảy giờ ba mươi phút sáng"),
    ("07:30", "bảy giờ ba mươi phút"),
    ("14h00", "mười bốn giờ"),
    ("từ 7h đến 11h", "từ bảy giờ đến mười một giờ"),
    ("16h45p", "mười sáu giờ bốn mươi lăm phút"),
    ("7h30 ngày 26/11", "bảy giờ ba mươi phút ngày hai mươi sáu tháng mười một"),
    # phone numbers
    ("gọi 0296 3800 000", "gọi không hai chín sáu, ba tám không không, không không không"),
    ("0912345678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("0912.345.678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("+84 912 345 678", "không chín một hai, ba bốn năm, sáu bảy tám"),
    ("tổng đài 1900 1234", "tổng đài một chín không không, một hai ba bốn"),
    ("gọi 113", "gọi một một ba"),
    ("gọi số 114", "gọi số một một bốn"),
    ("SĐT: 0987-654-321", "số điện thoại: không chín tám bảy, sáu năm bốn, ba hai một"),
    # numbers and units
    ("2.500.000 đồng", "hai triệu năm trăm nghìn đồng"),
    ("lệ phí 500.000đ", "lệ phí năm trăm nghìn đồng"),
    ("50.000 VNĐ", "năm mươi nghìn đồng"),
    ("15 km", "mười lăm ki-lô-mét"),
    ("2,5 ha", "hai phẩy năm héc-ta"),
    ("7ha lúa", "bảy héc-ta lúa"),
    ("50m2", "năm mươi mét vuông"),
    ("tốc độ 40 km/h", "tốc độ bốn mươi ki-lô-mét một giờ"),
    ("đạt 20%", "đạt hai mươi phần trăm"),
    ("30 kg gạo", "ba mươi ki-lô-gam gạo"),
    ("105 hộ", "một trăm linh năm hộ"),
    ("1.000.005 người", "một triệu không trăm linh năm người"),
    ("21 người", "hai mươi mốt người"),
    ("24 giờ", "hai mươi tư giờ"),
    ("15 ngày", "mười lăm ngày"),
    ("0,05", "không phẩy không năm"),
    ("từ 7-9 giờ", "từ bảy đến chín giờ"),
    ("10 hộ", "mười hộ"),
    # Roman numerals
    ("Quý III", "Quý ba"),
    ("quý IV năm 2026", "quý bốn năm hai nghìn không trăm hai mươi sáu"),
    ("Đại hội XIII", "Đại hội mười ba"),
    ("Chương II", "Chương hai"),
    ("giai đoạn II", "giai đoạn hai"),
    # legal texts and their numbering
    ("Điều 5", "Điều năm"),
    ("khoản 2 Điều 5", "khoản hai Điều năm"),
    ("mục 1.2", "mục một chấm hai"),
    ("Nghị định 61/2018/NĐ-CP", "Nghị định số sáu mươi mốt năm hai nghìn không trăm mười tám của Chính phủ"),
    ("Quyết định số 766/QĐ-TTg", "Quyết định số bảy trăm sáu mươi sáu của Thủ tướng Chính phủ"),
    ("Thông tư 39/2020/TT-BTTTT",
     "Thông tư số ba mươi chín năm hai nghìn không trăm hai mươi của Bộ Thông tin và Truyền thông"),
    # left alone
    ("Trưởng thôn Tân Lập", "Trưởng thôn Tân Lập"),
    ("THÔNG BÁO VỀ LỊCH TIẾP CÔNG DÂN", "thông báo về lịch tiếp công dân"),
    ("Ông Nguyễn Văn A", "Ông Nguyễn Văn A"),
    ("", ""),
]


def test_the_table_holds_at_least_sixty_cases():
    assert len(CASES) >= 60


@pytest.mark.parametrize("written,spoken", CASES)
def test_text_is_read_as_an_announcer_would(written, spoken):
    assert normalise(written) == spoken


@pytest.mark.parametrize("number,spoken", [
    (0, "không"), (5, "năm"), (10, "mười"), (11, "mười một"), (14, "mười bốn"), (15, "mười lăm"),
    (20, "hai mươi"), (21, "hai mươi mốt"), (25, "hai mươi lăm"), (100, "một trăm"), (101, "một trăm linh một"),
    (1000, "một nghìn"), (2026, "hai nghìn không trăm hai mươi sáu"), (1_500_000, "một triệu năm trăm nghìn"),
    (3_000_000_000, "ba tỷ"),
])
def test_numbers(number, spoken):
    assert read_number(number) == spoken


@pytest.mark.parametrize("numeral,value", [("I", 1), ("IV", 4), ("IX", 9), ("XIII", 13), ("XXI", 21), ("A", None)])
def test_roman_numerals(numeral, value):
    assert read_roman(numeral) == value


def test_the_communes_list_comes_first_and_overrides():
    words = parse_pronunciations("Zalo = Da-lô\nUBND = Ủy ban\nnot a pair\n = empty")
    assert words == {"Zalo": "Da-lô", "UBND": "Ủy ban"}
    assert normalise("Nhắn Zalo cho UBND", words) == "Nhắn Da-lô cho Ủy ban"
