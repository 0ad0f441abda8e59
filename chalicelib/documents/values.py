"""Checking what a citizen typed into a document template, and how each value reads in the document.

A field is `{name, label, kind, required, options?, hint?, max_length?}`; kinds are those of the
application forms (text, textarea, phone, id_number, date, number, select) plus `money` (yuan).
`check(fields, values, today)` answers the normalised values, or raises Unprocessable (422) naming
every missing or invalid element at once, so the form can show each error beside its field.
"""
import re
from datetime import date
from decimal import Decimal, InvalidOperation

from chalicelib.applications import formats
from chalicelib.errors import Unprocessable
from chalicelib.web.untrusted import unacceptable_text

KINDS = ("text", "textarea", "phone", "id_number", "date", "number", "select", "money")
MAX_LENGTH = {"text": 100, "textarea": 3000}
MAX_MONEY = Decimal("1000000000000")  # 1 万亿元: more than any claim a citizen files
_MONEY = re.compile(r"\d{1,13}(\.\d{1,2})?")
_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_SMALL_UNITS = ("", "拾", "佰", "仟")
_BIG_UNITS = ("", "万", "亿", "万亿")


def limit(field):
    return field.get("max_length") or MAX_LENGTH.get(field["kind"], 100)


def parse_money(text):
    """Yuan as a Decimal with two places: "12,345.6" and "¥12345.60元" both read 12345.60."""
    cleaned = re.sub(r"[,，\s]", "", str(text)).removeprefix("¥").removeprefix("￥").removesuffix("元")
    if not _MONEY.fullmatch(cleaned):
        raise ValueError("请填写金额（元），例如 12000 或 12000.50，最多两位小数")
    try:
        amount = Decimal(cleaned).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError("请填写金额（元）") from None
    if amount >= MAX_MONEY:
        raise ValueError("金额过大，请核对")
    return amount


def _check_one(field, value, today):
    kind = field["kind"]
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise ValueError("请填写文字")
    text = str(value).strip()
    if unacceptable_text(text):  # a lone surrogate or a control character: no DOCX can hold it
        raise ValueError("含有无法识别的字符（可能是复制时带入的乱码），请删除后重新输入")
    if len(text) > limit(field):
        raise ValueError(f"最多 {limit(field)} 个字")
    if kind == "money":
        return f"{parse_money(text):.2f}"
    if kind == "date":
        return formats.parse_date(text, today)
    if kind == "phone":
        return formats.parse_mobile(text)
    if kind == "id_number":
        return formats.parse_id_number(text, today)
    if kind == "number":
        if not re.fullmatch(r"\d{1,9}", text):
            raise ValueError("请填写整数")
        return text
    if kind == "select" and text not in field.get("options", []):
        raise ValueError("请从选项中选择")
    return text


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def check(fields, values, today):
    """{name: normalised text} for every field given; Unprocessable listing each problem."""
    if not isinstance(values, dict):
        raise Unprocessable("请填写文书内容", code="invalid_values",
                            details=[{"field": "values", "message": "应为“名称: 内容”的对象"}])
    found, problems = {}, []
    for field in fields:
        value = values.get(field["name"])
        if _blank(value):
            if field.get("required"):
                problems.append({"field": field["name"], "label": field["label"], "message": "必填"})
            continue
        try:
            found[field["name"]] = _check_one(field, value, today)
        except ValueError as wrong:
            problems.append({"field": field["name"], "label": field["label"], "message": str(wrong)})
    if problems:
        names = "、".join(p["label"] for p in problems[:3]) + ("等" if len(problems) > 3 else "")
        raise Unprocessable(f"有 {len(problems)} 项需要补充或更正：{names}", code="invalid_values",
                            details=problems)
    return found


def _four_digits(number):
    """Up to 9999 in capital numerals, zeros said once (1001 → 壹仟零壹)."""
    said, zero = "", False
    for place in range(3, -1, -1):
        digit = number // 10 ** place % 10
        if digit == 0:
            zero = bool(said)
            continue
        said += ("零" if zero else "") + _DIGITS[digit] + _SMALL_UNITS[place]
        zero = False
    return said


def capital_yuan(amount):
    """人民币大写 as on a 借条 or a cheque: 12345.60 → 壹万贰仟叁佰肆拾伍元陆角."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    yuan, cents = divmod(int(amount * 100), 100)
    groups, said = [], ""
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group:
            gap = said and group < 1000 and not said.endswith("零")
            said += ("零" if gap else "") + _four_digits(group) + _BIG_UNITS[index]
        elif said and not said.endswith("零"):
            said += "零"
    said = said.rstrip("零")
    jiao, fen = divmod(cents, 10)
    if not said and not cents:
        return "零元整"
    tail = (_DIGITS[jiao] + "角" if jiao else ("零" if fen and said else ""))
    tail += _DIGITS[fen] + "分" if fen else ""
    return (said + "元" if said else "") + (tail or "整")


def shown(field, value):
    """How a checked value reads in the document."""
    if field["kind"] == "money":
        amount = Decimal(value)
        return f"{amount:,.2f} 元（人民币{capital_yuan(amount)}）"
    if field["kind"] == "date":
        day = date.fromisoformat(value)
        return f"{day.year}年{day.month}月{day.day}日"
    return value
