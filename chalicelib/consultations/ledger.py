"""What staff and lawyers read of the payout ledger: a bureau's month as a statement (lines,
corrections, settlement), its CSV that Excel opens with its Chinese intact (UTF-8 with a BOM), the
bureau's recent months, and a lawyer's earnings by month and bureau (AP-85, AP-87)."""
import csv
import io
from collections import OrderedDict

from chalicelib.clock import parse_instant
from chalicelib.consultations.payout import china_month
from chalicelib.consultations.settlement import digest, recent_months
from chalicelib.db import payouts
from chalicelib.db.settlements import settlement
from chalicelib.errors import Invalid
from chalicelib.workdays import CHINA_TZ

CSV_HEADER = ("月份", "中标时间（北京时间）", "咨询编号", "类别", "律师", "执业证号", "律师事务所",
              "金额（元）", "选定方式")
AWARDED_BY = {"citizen": "市民选择", "policy": "到期自动"}
STATUS = {None: "open", "prepared": "prepared", "approved": "approved"}


def month_of(text, now):
    """`text` (yyyy-mm, already checked at the edge) or the current China month."""
    if not text:
        return china_month(now)
    if len(text) != 7 or not "2000-01" <= text <= "2099-12":
        raise Invalid("month 应为 YYYY-MM", code="invalid_month")
    return text


def _line(line):
    return {"month": line.month, "consultation_id": line.consultation_id,
            "answer_id": line.answer_id, "lawyer_id": line.lawyer_id,
            "lawyer_name": line.lawyer_name, "licence_no": line.licence_no, "firm": line.firm,
            "category": line.category, "category_name": line.category_name,
            "amount_fen": int(line.amount_fen), "awarded_at": line.awarded_at,
            "awarded_by": line.awarded_by}


def _correction(c):
    return {"id": c.correction_id, "month": c.month, "at": c.at, "refers_month": c.refers_month,
            "refers_consultation_id": c.refers_consultation_id, "lawyer_id": c.lawyer_id,
            "lawyer_name": c.lawyer_name, "amount_fen": int(c.amount_fen), "reason": c.reason,
            "by": c.by}


def _settlement(s):
    if s is None:
        return None
    return {"status": s.status, "prepared_by": s.prepared_by, "prepared_at": s.prepared_at,
            "approved_by": s.approved_by, "approved_at": s.approved_at,
            "line_count": int(s.line_count), "total_fen": int(s.total_fen), "digest": s.digest}


def statement(bureau, month, now):
    """A bureau's month: its lines, corrections, totals, the digest a checker approves, and the
    settlement (None while open). `month_ended` says whether it may be prepared yet."""
    month = month_of(month, now)
    found = payouts.ledger(bureau, month)
    lines = [_line(line) for line in found.lines]
    corrections = [_correction(c) for c in found.corrections]
    return {"month": month, "lines": lines, "count": len(lines), "corrections": corrections,
            "total_fen": sum(x["amount_fen"] for x in lines + corrections),
            "digest": digest(found), "month_ended": china_month(now) > month,
            "settlement": _settlement(found.settlement)}


def months(bureau, now, count=12):
    """The bureau's last `count` months with their settlement (one read a month)."""
    return {"months": [{"month": m, "status": STATUS[getattr(s, "status", None)],
                        "settlement": _settlement(s)}
                       for m in recent_months(now, count) for s in [settlement(bureau, m)]]}


def earnings(lawyer_id, now, bureau_name, count=12):
    """A lawyer's earnings of the last `count` months, by month and bureau, newest first."""
    months_shown = recent_months(now, count)
    rows = OrderedDict()
    for item in payouts.earnings(lawyer_id, months_shown[-1], months_shown[0]):
        row = rows.setdefault((item.month, item.bureau), {
            "month": item.month, "bureau": item.bureau, "bureau_name": bureau_name(item.bureau),
            "count": 0, "total_fen": 0, "corrections_fen": 0})
        if payouts.is_line(item):
            row["count"] += 1
            row["total_fen"] += int(item.amount_fen)
        else:
            row["corrections_fen"] += int(item.amount_fen)
            row["total_fen"] += int(item.amount_fen)
    found = sorted(rows.values(), key=lambda r: (r["month"], r["bureau"]), reverse=True)
    for row in found:
        row["status"] = STATUS[getattr(settlement(row["bureau"], row["month"]), "status", None)]
    return {"months": found, "total_fen": sum(r["total_fen"] for r in found)}


def _cells(*values):
    # A cell starting with = + - @ is a formula to Excel: names come from outside, so defuse them.
    return [f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in values]


def _china(at):
    return parse_instant(at).astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


def payout_csv(ledger):
    """The statement as CSV text, starting with a BOM so that Excel reads it as UTF-8; corrections
    follow the lines, each naming the line it corrects."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for line in ledger["lines"]:
        writer.writerow(_cells(line["month"], _china(line["awarded_at"]), line["consultation_id"],
                         line["category_name"] or line["category"], line["lawyer_name"],
                         line["licence_no"] or "", line["firm"] or "", f"{line['amount_fen'] / 100:.2f}",
                         AWARDED_BY.get(line["awarded_by"], line["awarded_by"])))
    for c in ledger.get("corrections", ()):
        writer.writerow(_cells(c["month"], _china(c["at"]), c["refers_consultation_id"],
                               f"更正 {c['refers_month']} 的支付", c["lawyer_name"], "", "",
                               f"{c['amount_fen'] / 100:.2f}", f"更正：{c['reason']}"))
    count = f"{ledger['count']} 笔" + (f" + 更正 {len(ledger['corrections'])} 笔"
                                       if ledger.get("corrections") else "")
    writer.writerow(("合计", "", count, "", "", "", "", f"{ledger['total_fen'] / 100:.2f}", ""))
    return "\ufeff" + out.getvalue()
