"""What staff measure: the SLA (first answer within 10 minutes), answers, awards and payouts over a
range of China days of one bureau (AP-80, one query a day). The monthly payout ledger is
consultations/ledger.py."""
import math
import statistics
from datetime import date, timedelta

from chalicelib.clock import parse_instant
from chalicelib.db import consultations as db, payouts
from chalicelib.errors import Invalid
from chalicelib.workdays import CHINA_TZ, china_date

MAX_DAYS = 366


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
