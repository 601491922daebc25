"""The quick entry of an activity, as unit staff fill it on a phone."""

KIND_BANNER = "Băng rôn, khẩu hiệu, pa nô, áp phích"
PHOTOS = "Ảnh minh chứng (chụp hoặc chọn ảnh)"
OTHER_FILES = "Tệp khác (PDF, Word, âm thanh, video)"


def open_quick_entry(page, login, live_server, title, *, kind=KIND_BANNER):
    """Log in as the unit's staff and fill the quick entry's kind and title; the files are the test's."""
    login(page, "donvi_a")
    page.goto(f"{live_server.url}/hoat-dong/them/")
    page.get_by_label("Hình thức").select_option(label=kind)
    page.get_by_label("Tiêu đề, nội dung ngắn").fill(title)


def save_with_file(page, field, path):
    page.get_by_label(field).set_input_files(str(path))
    page.get_by_role("button", name="Lưu").click()
