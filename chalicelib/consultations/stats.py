"""What staff measure: the SLA (first answer within 10 minutes), answers, awards and payouts over a
range of China days of one bureau (AP-80, one query a day), and the monthly payout ledger for settlement (AP-36),
also as a CSV that Excel opens with its Chinese intact (UTF-8 with a BOM)."""
import csv
import io
import math
import statistics
from datetime import date, timedelta

from chalicelib.clock import parse_instant
from chalicelib.db import consultations as db, payouts
from chalicelib.errors import Invalid
from chalicelib.workdays import CHINA_TZ, china_date

MAX_DAYS = 366
CSV_HEADER = ("月份", "中标时间（北京时间）", "咨询编号", "类别", "律师", "执业证号", "律师事务所",
              "金额（元）", "选定方式")
AWARDED_BY = {"citizen": "市民选择", "policy": "到期自动"}


def _day(text, name):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise Invalid(f"{name}格式应为 YYYY-MM-DD", code="invalid_date")


def day_range(start, end, ctx):
    """The China days from `start` to `end` inclusive (default: the last 30 days)."""
    today = china_date(ctx.now)
    last = _day(end, "结束日期") if end else today
    first = _day(start, "开始日期") if start else last - timedelta(days=29)
    if first > last:
        raise Invalid("开始日期不能晚于结束日期", code="invalid_range")
    if (last - first).days >= MAX_DAYS:
        raise Invalid(f"一次最多统计 {MAX_DAYS} 天", code="range_too_long")
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(fraction * len(ordered)) - 1))]


def summarize(consultations, now, sla_seconds):
    """The figures of a set of consultations at `now`. A consultation still inside its first
    `sla_seconds` without an answer is not decided yet and stays out of the SLA rate."""
    counted = [c for c in consultations if c.status != "refused"]
    firsts = [c.first_response_seconds for c in counted if c.first_response_seconds is not None]
    decided = [c for c in counted if c.first_response_seconds is not None
               or (now - parse_instant(c.created_at)).total_seconds() >= sla_seconds]
    within = [c for c in decided if c.first_response_seconds is not None
              and c.first_response_seconds <= sla_seconds]
    answered = [c for c in counted if c.answer_count]
    awarded = [c for c in counted if c.awarded_answer_id]
    return {
        "consultations": len(counted),
        "refused_over_daily_limit": len(consultations) - len(counted),
        "answered": len(answered),
        "first_response_10min_rate": round(len(within) / len(decided), 4) if decided else None,
        "first_response_median_seconds": statistics.median(firsts) if firsts else None,
        "first_response_p90_seconds": percentile(firsts, 0.9) if firsts else None,
        "answers_per_consultation": round(sum(int(c.answer_count or 0) for c in counted)
                                          / len(counted), 2) if counted else None,
        "notifications_per_consultation": round(sum(int(c.dispatched or 0) for c in counted)
                                                / len(counted), 2) if counted else None,
        "award_rate": round(len(awarded) / len(answered), 4) if answered else None,
        "awarded_by_policy": sum(1 for c in awarded if c.awarded_by == "policy"),
        "payouts_fen": sum(int(c.payout_fen or 0) for c in awarded),
    }


def staff_stats(start, end, ctx, bureau):
    """The figures of `bureau`'s consultations (the caller's own bureau: AP-80, one query a day)."""
    days = day_range(start, end, ctx)
    found = [c for day in days for c in db.consultations_on(bureau, day.isoformat())]
    body = {"from": days[0].isoformat(), "to": days[-1].isoformat()}
    body.update(summarize(found, ctx.now, ctx.policy.sla_minutes * 60))
    return body


def month_of(text, ctx):
    if not text:
        return ctx.now.astimezone(CHINA_TZ).strftime("%Y-%m")
    try:
        date.fromisoformat(f"{text}-01")
    except ValueError:
        raise Invalid("month 应为 YYYY-MM", code="invalid_month")
    return text


def _line(line):
    return {"month": line.month, "consultation_id": line.consultation_id,
            "answer_id": line.answer_id, "lawyer_id": line.lawyer_id,
            "lawyer_name": line.lawyer_name, "licence_no": line.licence_no, "firm": line.firm,
            "category": line.category, "category_name": line.category_name,
            "amount_fen": int(line.amount_fen), "awarded_at": line.awarded_at,
            "awarded_by": line.awarded_by}


def payout_ledger(month, ctx):
    month = month_of(month, ctx)
    lines = [_line(line) for line in payouts.payouts_of_month(month)]
    return {"month": month, "lines": lines, "count": len(lines),
            "total_fen": sum(line["amount_fen"] for line in lines)}


def _cells(*values):
    # A cell starting with = + - @ is a formula to Excel: names come from outside, so defuse them.
    return [f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in values]


def payout_csv(ledger):
    """The ledger as CSV text, starting with a BOM so that Excel reads it as UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for line in ledger["lines"]:
        awarded = parse_instant(line["awarded_at"]).astimezone(CHINA_TZ)
        writer.writerow(_cells(line["month"], awarded.strftime("%Y-%m-%d %H:%M"), line["consultation_id"],
                         line["category_name"] or line["category"], line["lawyer_name"],
                         line["licence_no"] or "", line["firm"] or "", f"{line['amount_fen'] / 100:.2f}",
                         AWARDED_BY.get(line["awarded_by"], line["awarded_by"])))
    writer.writerow(("合计", "", f"{ledger['count']} 笔", "", "", "", "", f"{ledger['total_fen'] / 100:.2f}", ""))
    return "\ufeff" + out.getvalue()
