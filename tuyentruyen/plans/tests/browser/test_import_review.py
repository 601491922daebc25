"""An officer corrects an imported plan on the review screen, confirms, and the Word file says what she
corrected (issue 13, items 1 and 2), in a real Chromium."""

import io

import pytest
from docx import Document
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PLAN = """ỦY BAN NHÂN DÂN XÃ AN HÒA
Số: 08/KH-UBND
An Hòa, ngày 12 tháng 01 năm 2026
KẾ HOẠCH
Tuyên truyền cải cách hành chính năm 2026
Căn cứ Kế hoạch số 30/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2026;
Ủy ban nhân dân xã An Hòa ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Giúp người dân hiểu và dùng dịch vụ công trực tuyến.
2. Yêu cầu
- Tuyên truyền đúng trọng tâm, tiết kiệm.
- Một yêu cầu chép nhầm hai lần.
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
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Lê Thị Hoa
"""
CLOSING = "Mọi khó khăn, vướng mắc gửi về Văn phòng để tổng hợp, báo cáo Chủ tịch xem xét./."
NEW_TOPIC = "Kết quả giải quyết thủ tục hành chính của xã, công khai hằng tháng."


def test_officer_corrects_the_review_confirms_and_the_export_follows(page, login, live_server, officer_a,
                                                                     artifacts, tmp_path):
    source = tmp_path / "ke-hoach-an-hoa.txt"
    source.write_text(PLAN, encoding="utf-8")
    login(page, "canbo_a")
    page.goto(f"{live_server.url}/ke-hoach/nhap/")
    page.get_by_label("Tệp kế hoạch").set_input_files(str(source))
    page.get_by_role("button", name="Đọc tệp").click()
    expect(page.get_by_role("heading", name="Xem lại kế hoạch vừa đọc")).to_be_visible()

    # 1. A content item's text corrected in place.
    topic = page.locator("#xl-topics-0")
    page.locator("#xl-topics-0-text").fill(NEW_TOPIC)
    topic.get_by_role("button", name="Sửa mục 1 của nội dung tuyên truyền").click()
    expect(page.get_by_text("Đã sửa bản xem lại.")).to_be_visible()
    expect(page.locator("#xl-topics-0-text")).to_have_value(NEW_TOPIC)

    # 2. A line that is a channel, not a content item, moved to the channels.
    loa = page.locator("#xl-topics-1")
    expect(loa).to_contain_text("Phát trên loa")
    loa.get_by_label("Chuyển dòng này sang").select_option(label="Hình thức tuyên truyền")
    loa.get_by_role("button", name="Chuyển", exact=True).click()
    expect(page.locator("#xl-channels-1-text")).to_have_value(
        "Phát trên loa truyền thanh của các thôn vào buổi sáng.")

    # 3. The closing sentence read as the last unit's duty, moved to the closing.
    duty = page.locator("#xl-responsibilities-1 ul.duties > li", has_text="Mọi khó khăn")
    duty.get_by_label("Chuyển dòng này sang").select_option(label="Câu kết thúc văn bản")
    duty.get_by_role("button", name="Chuyển", exact=True).click()
    expect(page.locator("#xl-closing-0-text")).to_have_value(CLOSING)
    expect(page.locator("#xl-responsibilities-1")).not_to_contain_text("Mọi khó khăn")

    # 4. A requirement copied by mistake, dropped.
    page.locator("#xl-requirements-1").get_by_role("button", name="Bỏ mục 2 của yêu cầu").click()
    expect(page.locator("#xl-requirements")).not_to_contain_text("chép nhầm")
    page.screenshot(path=str(artifacts / "plan-import-review-corrected.png"), full_page=False)

    page.get_by_role("button", name="Lưu thành dự thảo").click()
    expect(page.get_by_text("Đã lưu kế hoạch thành bản dự thảo.")).to_be_visible()
    expect(page.get_by_test_id("nguon-topics")).to_have_text("In từ nội dung đã sửa")
    expect(page.get_by_test_id("nguon-purposes")).to_have_text("Theo nguyên văn tệp gốc")

    with page.expect_download() as download:
        page.get_by_role("link", name="Tải về Word (.docx)").click()
    text = "\n".join(p.text for p in Document(io.BytesIO(download.value.path().read_bytes())).paragraphs)
    assert NEW_TOPIC in text
    assert "Phát trên loa truyền thanh của các thôn vào buổi sáng." in text
    assert text.count(CLOSING) == 1 and "- " + CLOSING not in text
    assert "chép nhầm" not in text
    assert "- Giúp người dân hiểu và dùng dịch vụ công trực tuyến." in text  # untouched, as the file had it
