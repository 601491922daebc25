"""Announcement annex tables built in the tests, the way provinces publish them."""

import io

import docx
import openpyxl

HEADER = ["STT", "Tên thủ tục hành chính", "Thời hạn giải quyết", "Địa điểm thực hiện", "Phí, lệ phí",
          "Căn cứ pháp lý"]
BIRTH = ["1", "Đăng ký khai sinh", "Ngay trong ngày", "Bộ phận Một cửa UBND xã", "Miễn lệ phí",
         "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014\nNghị định số 123/2015/NĐ-CP ngày 15/11/2015 của Chính phủ"]
MARRIAGE = ["2", "Đăng ký kết hôn", "Ngay trong ngày", "Bộ phận Một cửa UBND xã", "Miễn lệ phí",
            "Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014"]
GARDEN = ["1", "Thủ tục thử nghiệm về vườn cây ăn quả", "05 ngày làm việc", "UBND xã", "Không",
          "Quyết định số 12/2025/QĐ-UBND ngày 02/3/2025 của UBND tỉnh"]


def docx_annex(groups, heading="Phụ lục: DANH MỤC THỦ TỤC HÀNH CHÍNH CẤP XÃ") -> bytes:
    """One table: header, then for each (group title, rows) a merged group row and its rows."""
    document = docx.Document()
    document.add_paragraph(heading)
    table = document.add_table(rows=1, cols=len(HEADER))
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    for title, rows in groups:
        group = table.add_row().cells
        merged = group[0].merge(group[-1])
        merged.text = title
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.text = text
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def xlsx_annex(groups, title="DANH MỤC THỦ TỤC HÀNH CHÍNH") -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Phụ lục"
    sheet.append([title])
    sheet.append([])
    sheet.append(HEADER)
    sheet.append([f"({i})" for i in range(1, len(HEADER) + 1)])
    for group_title, rows in groups:
        sheet.append([group_title])
        sheet.merge_cells(start_row=sheet.max_row, start_column=1, end_row=sheet.max_row, end_column=len(HEADER))
        for values in rows:
            sheet.append([int(values[0]) if values[0].isdigit() else values[0], *values[1:]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
