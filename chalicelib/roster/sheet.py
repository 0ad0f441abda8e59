"""A roster file as rows of text: CSV (UTF-8, or GB18030 as Chinese Excel saves it) or XLSX (read
with openpyxl), the header row mapped to the roster's fields by the names bureaus use.

Everything here distrusts the file: its size, its line count, the size a compressed XLSX unpacks to
(a zip bomb), NUL bytes in "CSV", a header nobody can read. A refusal is a DomainError with a
message a clerk can act on; nothing is written before the file is read whole.
"""
import csv
import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass

from chalicelib.errors import TooLarge, Unprocessable

MAX_BYTES = 2 * 1024 * 1024  # a province's roster as CSV is ~1 MB; API Gateway takes 10 MB at most
# One request, which API Gateway gives 29 s: applying 2,000 new lawyers took 31-32 s on DynamoDB
# Local (bench/roster_import.py, ~16 ms a line), 500 took 8-9 s. A county's roster is tens of lines.
MAX_LINES = 1000
MAX_UNPACKED = 40 * 1024 * 1024  # what an XLSX may unpack to (2 MB of XML per 1,000 lines is plenty)
XLSX_MAGIC = b"PK\x03\x04"

# field: the header texts that name it (compared without spaces, asterisks and case).
COLUMNS = {
    "name": ("姓名", "律师姓名", "name"),
    "licence_no": ("执业证号", "执业证号码", "律师执业证号", "执业证编号", "licence", "licence_no", "license",
                   "license_no"),
    "firm": ("律所", "律师事务所", "执业机构", "所在律所", "firm"),
    "counties": ("服务县区", "服务区县", "服务县(市、区)", "服务县（市、区）", "县区", "执业地区", "counties"),
    "specialties": ("专长", "业务专长", "擅长领域", "专业领域", "specialties"),
    "mobile": ("手机", "手机号", "手机号码", "联系电话", "mobile", "phone"),
}
REQUIRED = ("name", "licence_no", "firm", "counties", "specialties")
LABELS = {"name": "姓名", "licence_no": "执业证号", "firm": "律所", "counties": "服务县区",
          "specialties": "专长", "mobile": "手机"}
_HEADER_NOISE = re.compile(r"[\s*＊]")


@dataclass(frozen=True)
class Row:
    line: int  # as the spreadsheet numbers it (the header is line 1)
    cells: dict  # field -> the cell as written (str, or the number/date the XLSX holds)


def _header_key(text):
    return _HEADER_NOISE.sub("", unicodedata.normalize("NFKC", str(text or ""))).lower()


_FIELD_OF = {_header_key(name): field for field, names in COLUMNS.items() for name in names}


def read(data):
    """[Row] of a roster file (`data`: its bytes), blank lines left out."""
    if len(data) > MAX_BYTES:
        raise TooLarge(f"文件过大（最大 {MAX_BYTES // 1024 // 1024} MB），请分批导入", code="roster_too_large")
    if not data.strip():
        raise Unprocessable("文件是空的", code="roster_empty")
    table = _xlsx(data) if data.startswith(XLSX_MAGIC) else _csv(data)
    return _rows(table)


def _unreadable(detail="请上传 CSV 或 XLSX 格式的律师名册"):
    return Unprocessable(f"无法读取文件：{detail}", code="roster_unreadable")


def _csv(data):
    if b"\x00" in data:
        raise _unreadable()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _unreadable("文字编码无法识别（请另存为 UTF-8 或 GBK 编码的 CSV）")
    first = text.split("\n", 1)[0]
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise _unreadable()


def _xlsx(data):
    from openpyxl import load_workbook  # only an XLSX import pays for loading openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > MAX_UNPACKED:
                raise TooLarge("表格解压后过大，请分批导入", code="roster_too_large")
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except TooLarge:
        raise
    except Exception:  # a damaged archive, or a ZIP that is not a workbook
        raise _unreadable()
    try:
        sheet = book.worksheets[0]
        table = []
        for values in sheet.iter_rows(values_only=True):
            table.append(list(values))
            if len(table) > MAX_LINES + 1 and any(v not in (None, "") for v in values):
                break
        return table
    finally:
        book.close()


def _rows(table):
    header_at = next((n for n, cells in enumerate(table) if any(_blank(c) is False for c in cells)),
                     None)
    if header_at is None:
        raise Unprocessable("文件是空的", code="roster_empty")
    fields = [_FIELD_OF.get(_header_key(c)) for c in table[header_at]]
    missing = [LABELS[f] for f in REQUIRED if f not in fields]
    if missing:
        raise Unprocessable(f"第 {header_at + 1} 行应为表头，缺少这些列：{'、'.join(missing)}",
                            code="roster_columns_missing",
                            details=[{"field": f, "message": f"缺少「{LABELS[f]}」列"}
                                     for f in REQUIRED if f not in fields])
    rows = []
    for n, cells in enumerate(table[header_at + 1:], start=header_at + 2):
        if all(_blank(c) for c in cells):
            continue
        if len(rows) >= MAX_LINES:
            raise TooLarge(f"一次最多导入 {MAX_LINES} 名律师，请分批导入", code="roster_too_long")
        found = {}
        for field, cell in zip(fields, cells):
            if field and field not in found:
                found[field] = cell
        rows.append(Row(n, found))
    return rows


def _blank(cell):
    return cell is None or (isinstance(cell, str) and not cell.strip())
