"""The PAR INDEX steps two browser walks share: the commune officer scores criterion 1 and sends the
self-score; the province officer appraises every criterion, adjusting criterion 1 with a reason, settles the
appraisal and downloads the evidence archive."""

import io
import re
import zipfile

from playwright.sync_api import expect

from tuyentruyen.lib.tenancy import commune_scope
from tuyentruyen.reports.models import Appraisal


def send_self_score(officer, base: str, year: int = 2026) -> None:
    officer.goto(f"{base}/bao-cao/chi-so-cchc/?nam={year}")
    officer.get_by_role("button", name=f"Bắt đầu tự chấm năm {year}").click()
    first = officer.get_by_role("region", name="Tiêu chí 1", exact=True)
    first.get_by_label(re.compile("Điểm tự chấm")).fill("1")
    first.get_by_label("Giải trình").fill("Hoàn thành mọi nhiệm vụ của kế hoạch")
    first.get_by_role("button", name="Lưu tiêu chí 1").click()
    expect(officer.get_by_text("Đã lưu tiêu chí 1.")).to_be_visible()
    officer.get_by_role("button", name="Gửi tỉnh thẩm định").click()
    expect(officer.get_by_text("Đã gửi bản tự chấm lên tỉnh thẩm định.")).to_be_visible()


def appraise(province, base: str, commune, reason: str, year: int = 2026) -> zipfile.ZipFile:
    """Appraise the commune's self-score, criterion 1 adjusted to 0,5 for ``reason``; the archive's ZIP."""
    province.goto(f"{base}/tinh/tham-dinh/?nam={year}")
    province.get_by_role("link", name="Mở").click()
    with commune_scope(commune):
        numbers = [i.number for i in Appraisal.objects.get(commune=commune, year=year).items.all()]
    for number in numbers:
        section = province.get_by_role("region", name=f"Tiêu chí {number}", exact=True)
        if number == "1":
            section.get_by_label("Điều chỉnh điểm", exact=True).check()
            section.get_by_label(re.compile("Điểm thẩm định khi điều chỉnh")).fill("0,5")
            section.get_by_label("Lý do điều chỉnh").fill(reason)
        section.get_by_role("button", name=f"Lưu thẩm định tiêu chí {number}").click()
        expect(province.get_by_text(f"Đã thẩm định tiêu chí {number}.")).to_be_visible()
    province.get_by_role("button", name="Hoàn tất thẩm định").click()
    expect(province.get_by_text("Đã hoàn tất thẩm định")).to_be_visible()
    with province.expect_download() as info:
        province.get_by_role("link", name="Tải hồ sơ minh chứng (ZIP)").click()
    with open(info.value.path(), "rb") as archive:
        return zipfile.ZipFile(io.BytesIO(archive.read()))
