import pytest

from tuyentruyen.engagement.masking import mask_personal_data


@pytest.mark.parametrize("text,names,expected", [
    ("Gọi 0912 345 678 nhé", (), "Gọi *** nhé"),
    ("Gọi +84 912.345.678 nhé", (), "Gọi *** nhé"),
    ("SĐT 0912-345-678.", (), "SĐT ***."),
    ("Máy bàn 0225 3123456", (), "Máy bàn ***"),
    ("CCCD 001085012345 cấp năm 2021", (), "CCCD *** cấp năm 2021"),
    ("CMND 123456789", (), "CMND ***"),
    ("Thư gửi an.nguyen+cchc@example.com.vn", (), "Thư gửi ***"),
    ("Lệ phí 50000 đồng năm 2025", (), "Lệ phí 50000 đồng năm 2025"),
    ("Tôi là Nguyễn Văn An, ở thôn Đông", (), "Tôi là ***, ở thôn Đông"),
    ("Ông Trần Bình tiếp nhận hồ sơ", (), "Ông *** tiếp nhận hồ sơ"),
    ("chị Lê Thị Hoa hướng dẫn", (), "chị *** hướng dẫn"),
    ("nguyễn văn an đã nộp hồ sơ", ("Nguyễn Văn An",), "*** đã nộp hồ sơ"),
    ("Không có gì riêng tư ở đây.", (), "Không có gì riêng tư ở đây."),
])
def test_masks_personal_data(text, names, expected):
    assert mask_personal_data(text, names) == expected
