"""Roster files for the import tests: CSV text and real XLSX workbooks built with openpyxl."""
import io

from chalicelib.db.models import Region
from seeds import geography
from seeds.datasets import category_items

HEADER = ("姓名", "执业证号", "律所", "服务县区", "专长", "手机")
# 17 digits: kind, 3607 (赣州), first licensed 2012, class 1, gender, serial
LICENCE = {"wang": "13607201211000101", "li": "13607201510000102", "chen": "13607201811000103"}
LINES = [
    ("王建国", LICENCE["wang"], "江西信丰律师事务所", "信丰县、360723", "劳动争议、婚姻家庭", "138 1234 5678"),
    ("李秀英", LICENCE["li"], "江西赣南律师事务所", "信丰", "labor", "+86 139-0000-1111"),
    ("陈明", LICENCE["chen"], "江西章贡律师事务所", "360722 360702", "合同纠纷", ""),
]


def csv_bytes(rows=LINES, header=HEADER, encoding="utf-8-sig"):
    text = "\r\n".join(",".join(f'"{c}"' if "," in c else c for c in row) for row in [header, *rows])
    return (text + "\r\n").encode(encoding)


def xlsx_bytes(rows=LINES, header=HEADER, licence_as_number=False):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "律师名册"
    sheet.append(list(header))
    for row in rows:
        row = list(row)
        if licence_as_number:
            row[1] = int(row[1])
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def jiangxi_counties():
    return [Region(**r) for r in geography.flatten(geography.read_provinces())
            if r["level"] == "county" and r["province"] == "360000"]


def seed_reference():
    """What an import reads: the categories and Jiangxi's regions (plus Beijing's 东城区)."""
    for category in category_items():
        category.save()
    for r in geography.flatten(geography.read_provinces()):
        if r["code"].startswith("36") or r["code"] in ("110000", "110100", "110101"):
            Region(**r).save()
