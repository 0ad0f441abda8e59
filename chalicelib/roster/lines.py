"""One roster line checked and normalised: what a lawyer's profile would say, or what is wrong with
the line, in words a clerk can act on.

Cells are read as people type them: full-width digits and spaces, `1360 7201 9101 23456`,
`138-1234-5678`, `+86 138…`, counties and specialties separated by 、，; or spaces, a county by its
name (信丰县, or 信丰) or its 6-digit code, a specialty by its name (劳动争议) or code (labor). A cell
that starts as a spreadsheet formula would (= + - @) is refused, never stored: it would run when
an export of it is opened in Excel. (The licence number and the mobile are kept only as digits, so
`+86 138…` is a phone number there.)
"""
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from chalicelib.consultations.privacy import phone_numbers
from chalicelib.db.reach import MAX_SERVES
from chalicelib.web.untrusted import unacceptable_text

MAX_TEXT = {"name": 30, "firm": 60}
_LIST_SEPARATORS = re.compile(r"[、,，;；/|\s]+")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_MOBILE = re.compile(r"(?:\+?86|0086)?(1[3-9]\d{9})")
_DIVISION_SUFFIXES = ("县", "区", "市", "旗")


@dataclass(frozen=True)
class RosterLine:
    line: int
    name: str
    licence_no: str
    firm: str
    county: str  # the home county: the first listed
    serves: tuple  # the other counties listed, in order
    specialties: tuple  # category codes
    mobile: str = None

    @property
    def lawyer_id(self):
        return lawyer_id(self.licence_no)

    @property
    def counties(self):
        return (self.county,) + self.serves


def lawyer_id(licence_no):
    """A lawyer's id is "L" + their licence number: the profile's key is the licence's claim."""
    return "L" + licence_no


class Reference:
    """What a line is checked against: counties by code and name, categories by code and name."""

    def __init__(self, counties, categories, fetch=None):
        self._fetch = fetch  # code -> county Region or None: one beyond the counties named here
        self.counties = {r.code: r for r in counties}
        self._by_name = {}
        for region in counties:
            for name in _names(region.name):
                self._by_name.setdefault(name, set()).add(region.code)
        self.categories = {c.code: c.code for c in categories}
        self.categories.update({c.name: c.code for c in categories})

    def county(self, text):
        """(code, None) or (None, why not)."""
        if re.fullmatch(r"\d{6}", text):
            if text not in self.counties and self._fetch:
                found = self._fetch(text)
                if found is not None and found.level == "county":
                    self.counties[text] = found
            if text in self.counties:
                return text, None
            return None, f"没有行政区划代码为 {text} 的县区"
        codes = self._by_name.get(text, set())
        if len(codes) == 1:
            return next(iter(codes)), None
        if codes:
            return None, f"「{text}」有重名，请填写 6 位行政区划代码（{'、'.join(sorted(codes))}）"
        return None, f"不认识县区「{text}」（外省县区请填写 6 位行政区划代码）"


def _names(name):
    short = name[:-1] if len(name) > 2 and name.endswith(_DIVISION_SUFFIXES) else None
    return (name, short) if short else (name,)


def text(cell):
    """A cell as text: NFKC (full-width forms to plain), spaces collapsed, a whole number as its
    digits. A float (Excel's number format) keeps no trailing .0."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, datetime):
        cell = cell.date().isoformat()
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", str(cell))).strip()


def hostile(raw, *, formula=True):
    """Why a cell must not be taken as written, or None: a formula or a character no page can show.
    `formula=False` for a cell kept only in a normal form (digits), where +86 is no formula."""
    written = str(raw or "").lstrip(" ")
    if formula and (written.startswith(_FORMULA_START) or text(raw).startswith(_FORMULA_START[:4])):
        return "以 = + - @ 开头，像表格公式，不能导入"
    if unacceptable_text(str(raw or "")):
        return "含有无法显示的控制字符"
    return None


def check(row, reference, *, year):
    """(RosterLine, []) for a good row, else (None, [message, ...]) naming every problem."""
    problems, cells = [], row.cells
    for field, label in (("name", "姓名"), ("licence_no", "执业证号"), ("firm", "律所"),
                         ("counties", "服务县区"), ("specialties", "专长"), ("mobile", "手机")):
        why = hostile(cells.get(field), formula=field not in ("licence_no", "mobile"))
        if why:
            problems.append(f"「{label}」{why}")
    if problems:
        return None, problems
    name, firm = text(cells.get("name")), text(cells.get("firm"))
    for value, field, label in ((name, "name", "姓名"), (firm, "firm", "律所")):
        if not value:
            problems.append(f"缺少{label}")
        elif len(value) > MAX_TEXT[field]:
            problems.append(f"{label}过长（最多 {MAX_TEXT[field]} 个字）")
    licence, why = _licence(cells.get("licence_no"), year)
    problems += [why] if why else []
    counties, whys = _counties(text(cells.get("counties")), reference)
    problems += whys
    specialties, whys = _specialties(text(cells.get("specialties")), reference)
    problems += whys
    mobile, why = _mobile(cells.get("mobile"))
    problems += [why] if why else []
    if problems:
        return None, problems
    return RosterLine(row.line, name, licence, firm, counties[0], tuple(counties[1:]),
                      tuple(specialties), mobile), []


def _licence(cell, year):
    if isinstance(cell, (int, float)) and not isinstance(cell, bool) and abs(cell) >= 1e15:
        return None, "执业证号被表格存成了数字，末几位已丢失：请把该列设为文本格式后重新填写"
    digits = re.sub(r"[\s-]", "", text(cell))
    if not digits:
        return None, "缺少执业证号"
    if not re.fullmatch(r"\d{17}", digits):
        return None, f"执业证号应为 17 位数字（现为「{digits[:24]}」）"
    first = int(digits[5:9])  # the year of the first licence
    if not 1979 <= first <= year:
        return None, f"执业证号中的首次执业年份 {first} 不对，请核对"
    return digits, None


def _split(value):
    return [part for part in _LIST_SEPARATORS.split(value) if part]


def _counties(value, reference):
    codes, problems = [], []
    for part in _split(value):
        code, why = reference.county(part)
        if why:
            problems.append(why)
        elif code not in codes:
            codes.append(code)
    if not codes and not problems:
        problems.append("缺少服务县区")
    if len(codes) > MAX_SERVES + 1:
        problems.append(f"服务县区最多 {MAX_SERVES + 1} 个（第一个为执业所在县区）")
    return codes, problems


def _specialties(value, reference):
    codes, unknown = [], []
    for part in _split(value):
        code = reference.categories.get(part) or reference.categories.get(part.lower())
        if code is None:
            unknown.append(part)
        elif code not in codes:
            codes.append(code)
    problems = [f"不认识的专长：{'、'.join(unknown)}"] if unknown else []
    if not codes and not unknown:
        problems.append("缺少专长")
    return codes, problems


def _mobile(cell):
    value = text(cell)
    if not value:
        return None, None
    found = phone_numbers(value)
    numbers = [m.group(1) for m in (_MOBILE.fullmatch(n) for n in found) if m]
    if len(numbers) != 1 or len(found) != 1:
        return None, f"手机号码无法识别（「{value[:20]}」），请填写一个 11 位手机号"
    return numbers[0], None
