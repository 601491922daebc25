"""The one way the project writes spreadsheet cells.

A string that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is what spreadsheet
programs take for a formula (or, pasted as CSV, turn into one): an activity titled ``=HYPERLINK(...)`` would
become a live link in a file that goes to the province. Such strings are written as typed text cells with
Excel's "quote prefix" style, so the program shows them as text, keeps them text when the cell is edited, and
the project's own import reads back exactly what was written (no visible apostrophe added to the value).
Numbers, dates and booleans are written as they are: ``-5`` stays a number.
"""

import io
import re

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# characters XML 1.0 cannot carry; openpyxl refuses the whole file when a cell holds one
_UNWRITABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def set_cell(cell, value):
    """Put ``value`` in an openpyxl cell; a string is always text, never a formula."""
    if isinstance(value, str):
        value = _UNWRITABLE.sub("", value)
    cell.value = value
    if isinstance(value, str) and (cell.data_type == "f" or looks_like_formula(value)):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell


def write_cell(ws, row: int, column: int, value):
    return set_cell(ws.cell(row=row, column=column), value)


def append_row(ws, values) -> int:
    """Write ``values`` on the row after the sheet's last one; returns that row's number."""
    row = ws.max_row + 1 if ws.max_row > 1 or ws.cell(row=1, column=1).value is not None else 1
    for column, value in enumerate(values, start=1):
        write_cell(ws, row, column, value)
    return row


def workbook_bytes(wb) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
