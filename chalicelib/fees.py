"""Court fees by the national rules: 《诉讼费用交纳办法》 (国务院令第481号, in force 2007-04-01).

Every figure below is the text of the rules (article numbers in `BASIS`):
- 第十三条第（一）项: a property case's acceptance fee, in cumulative brackets of the claim;
- 第十三条第（二）项: divorce (50–300 元, plus 0.5% of property above 20万) and personality rights
  (100–500 元, plus 1% of damages above 5万 to 10万 and 0.5% above 10万); the fixed part is a range
  within which the province sets its standard (第十三条 last paragraph), so both ends are given;
- 第十三条第（四）项 labour disputes 10 元; 第（五）项 administrative cases 50 元;
- 第十四条第（一）项 enforcement, 第（二）项 preservation (at most 5000 元), 第（三）项 payment order
  (one third of the property fee);
- 第十五条 mediation or withdrawal and 第十六条 summary procedure halve the acceptance fee (not an
  application fee). The rules do not say whether the two halvings add up; courts halve once, and so
  does this (the result says so).
Money is Decimal yuan, rounded half up to the fen at the end.
"""
import re
from decimal import ROUND_HALF_UP, Decimal

from chalicelib.errors import Invalid

WAN = Decimal(10000)
# (upper end of the bracket in yuan or None, rate); the first bracket is a flat 50 元.
PROPERTY = ((1 * WAN, None), (10 * WAN, "0.025"), (20 * WAN, "0.02"), (50 * WAN, "0.015"),
            (100 * WAN, "0.01"), (200 * WAN, "0.009"), (500 * WAN, "0.008"), (1000 * WAN, "0.007"),
            (2000 * WAN, "0.006"), (None, "0.005"))
ENFORCEMENT = ((1 * WAN, None), (50 * WAN, "0.015"), (500 * WAN, "0.01"), (1000 * WAN, "0.005"),
               (None, "0.001"))
PRESERVATION = ((Decimal(1000), None), (10 * WAN, "0.01"), (None, "0.005"))
DIVORCE_PROPERTY = ((20 * WAN, "0"), (None, "0.005"))
PERSONALITY_DAMAGES = ((5 * WAN, "0"), (10 * WAN, "0.01"), (None, "0.005"))
PRESERVATION_CAP = Decimal(5000)

KINDS = {  # kind: (label, amount needed, an acceptance fee that a procedure may halve)
    "property": ("财产案件受理费", True, True),
    "divorce": ("离婚案件受理费", False, True),
    "personality": ("人格权案件受理费", False, True),
    "labour": ("劳动争议案件受理费", False, True),
    "administrative": ("行政案件受理费", False, True),
    "enforcement": ("申请执行费", False, False),
    "preservation": ("申请保全费", True, False),
    "payment_order": ("申请支付令费", True, False),
}
PROCEDURES = {"ordinary": "普通程序", "summary": "简易程序（减半）", "settled": "调解结案或撤诉（减半）"}
BASIS = {
    "property": "《诉讼费用交纳办法》第十三条第（一）项",
    "divorce": "《诉讼费用交纳办法》第十三条第（二）项第1目",
    "personality": "《诉讼费用交纳办法》第十三条第（二）项第2目",
    "labour": "《诉讼费用交纳办法》第十三条第（四）项",
    "administrative": "《诉讼费用交纳办法》第十三条第（五）项第2目",
    "enforcement": "《诉讼费用交纳办法》第十四条第（一）项",
    "preservation": "《诉讼费用交纳办法》第十四条第（二）项",
    "payment_order": "《诉讼费用交纳办法》第十四条第（三）项",
    "summary": "《诉讼费用交纳办法》第十六条",
    "settled": "《诉讼费用交纳办法》第十五条",
}
MAX_AMOUNT = Decimal(10) ** 12  # 1万亿元: beyond any claim a county court sees
AMOUNT = re.compile(r"[0-9]{1,13}(\.[0-9]{1,2})?")
FEN = Decimal("0.01")


def money(value):
    return str(value.quantize(FEN, ROUND_HALF_UP))


def parse_amount(text, required):
    """The claim in yuan from what a person typed (digits, up to 2 decimals, commas allowed)."""
    text = (text or "").replace(",", "").replace("，", "").strip()
    if not text:
        if required:
            raise Invalid("请填写标的金额（元）", details={"field": "amount"})
        return Decimal(0)
    if not AMOUNT.fullmatch(text):
        raise Invalid("金额须为数字，最多两位小数，例如 150000 或 8500.50", details={"field": "amount"})
    value = Decimal(text)
    if value > MAX_AMOUNT:
        raise Invalid("金额过大，请核对", details={"field": "amount"})
    if required and value <= 0:
        raise Invalid("金额须大于 0", details={"field": "amount"})
    return value


def brackets(amount, table, flat=Decimal(50)):
    """[(from, to, rate or None, the part of `amount` in it, its fee)] for cumulative `table`."""
    rows, lower = [], Decimal(0)
    for upper, rate in table:
        if amount <= lower and rows:
            break
        part = (min(amount, upper) if upper is not None else amount) - lower
        fee = flat if rate is None else part * Decimal(rate)
        rows.append((lower, upper, rate, part, fee))
        if upper is None or amount <= upper:
            break
        lower = upper
    return rows


def _rows(amount, table, flat=Decimal(50)):
    return [{"from": money(lo), "to": money(hi) if hi is not None else None,
             "rate": rate, "part": money(part), "fee": money(fee)}
            for lo, hi, rate, part, fee in brackets(amount, table, flat)]


def _sum(rows):
    return sum((Decimal(r["fee"]) for r in rows), Decimal(0))


def _fee(kind, amount):
    """(lowest, highest, bracket rows, notes) before any halving."""
    if kind == "property":
        rows = _rows(amount, PROPERTY)
        return _sum(rows), _sum(rows), rows, []
    if kind == "payment_order":
        rows = _rows(amount, PROPERTY)
        third = _sum(rows) / 3
        return third, third, rows, ["按财产案件受理费标准的三分之一交纳"]
    if kind == "enforcement":
        if amount <= 0:
            return Decimal(50), Decimal(500), [], ["没有执行金额的，每件 50 元至 500 元"]
        rows = _rows(amount, ENFORCEMENT)
        return _sum(rows), _sum(rows), rows, []
    if kind == "preservation":
        rows = _rows(amount, PRESERVATION, Decimal(30))
        fee = min(_sum(rows), PRESERVATION_CAP)
        return fee, fee, rows, ["申请保全的费用最多不超过 5000 元"] if _sum(rows) > PRESERVATION_CAP else []
    if kind == "labour":
        return Decimal(10), Decimal(10), [], []
    if kind == "administrative":
        return Decimal(50), Decimal(50), [], ["商标、专利、海事行政案件每件 100 元"]
    low, high, table, note = ((Decimal(50), Decimal(300), DIVORCE_PROPERTY, "财产总额不超过 20 万元的不另行交纳")
                              if kind == "divorce" else
                              (Decimal(100), Decimal(500), PERSONALITY_DAMAGES, "赔偿金额不超过 5 万元的不另行交纳"))
    rows = _rows(amount, table, Decimal(0)) if amount > 0 else []
    extra = _sum(rows)
    return low + extra, high + extra, rows, ["每件的固定部分由省级人民政府在此幅度内确定", note]


def calculate(kind, amount_text=None, procedure="ordinary"):
    """The fee of `kind` for the claim `amount_text` under `procedure`, with its breakdown."""
    if kind not in KINDS:
        raise Invalid("请选择费用种类", details={"field": "kind"})
    if procedure not in PROCEDURES:
        raise Invalid("请选择审理程序", details={"field": "procedure"})
    label, needs_amount, halvable = KINDS[kind]
    amount = parse_amount(amount_text, needs_amount)
    low, high, rows, notes = _fee(kind, amount)
    basis = [BASIS[kind]]
    halved = halvable and procedure != "ordinary"
    if halved:
        low, high = low / 2, high / 2
        basis.append(BASIS[procedure])
        notes.append("减半只计算一次（简易程序又调解结案的，不重复减半）")
    return {"kind": kind, "label": label, "amount": money(amount), "procedure": procedure,
            "procedure_label": PROCEDURES[procedure] if halvable else "", "halved": halved,
            "fee": money(low) if low == high else None,
            "fee_min": money(low), "fee_max": money(high), "brackets": rows, "notes": notes,
            "basis": basis}
