"""The staff dashboard of one bureau and month: first response by hour and by day, the 10-minute
share over the month and over the past year, volumes and 中标 rate by category, payouts by month and
the open application queues with their deadlines at risk. Every read is keyed by the bureau given,
which a route takes from the caller only (about 31 + 12 + 5 bounded queries, design §7)."""
from dataclasses import dataclass, field
from typing import Callable

from chalicelib.applications.states import LABELS
from chalicelib.clock import parse_instant
from chalicelib.db import reports as db
from chalicelib.reports import figures, monthly
from chalicelib.workdays import CHINA_TZ

OPEN_QUEUES = ("submitted", "resubmitted", "supplement_requested", "accepted", "scheduled")
AT_RISK_WORKDAYS = 3
TREND_MONTHS = 12
PAYOUT_MONTHS = 12


@dataclass
class Reads:
    """Where the dashboard's figures come from (tests pass fakes)."""
    day: Callable = db.consultations_of_day
    payouts: Callable = db.payout_lines
    queue: Callable = db.applications_in_queue
    reports: Callable = db.reports_of_bureau
    category_names: dict = field(default_factory=dict)


def _hour(c):
    return parse_instant(c.created_at).astimezone(CHINA_TZ).hour


def _series(groups, labels):
    return [{"label": label, **figures.derive(groups.get(key, figures.empty()))} for key, label in labels]


def by_day(found, month, now, sla):
    groups = figures.grouped(found, lambda c: monthly.china_day(c.created_at), now, sla)
    return [dict(row, day=day.isoformat()) for day, row in zip(monthly.days_of(month), _series(
        groups, [(d.isoformat(), str(d.day)) for d in monthly.days_of(month)]))]


def by_hour(found, now, sla):
    groups = figures.grouped(found, _hour, now, sla)
    return [dict(row, hour=hour) for hour, row in zip(range(24), _series(
        groups, [(h, f"{h}时") for h in range(24)]))]


def by_category(found, now, sla, names):
    groups = figures.grouped(found, lambda c: c.category, now, sla)
    rows = [{"code": code, "name": names.get(code, code), **figures.derive(t)} for code, t in groups.items()]
    return sorted(rows, key=lambda r: (-r["questions"], r["code"]))


def stored_reports(bureau, month, reads):
    """The bureau's MonthlyReports of the 12 months up to `month`, by month (one query, shared by the
    trend and the payouts)."""
    first = monthly.add_months(month, 1 - max(TREND_MONTHS, PAYOUT_MONTHS))
    return {r.month: r for r in reads.reports(bureau, first, month)}


def trend(bureau, month, current, reads, reports=None):
    """The 10-minute share and volume of the past months from their reports, this month live."""
    first = monthly.add_months(month, 1 - TREND_MONTHS)
    reports = stored_reports(bureau, month, reads) if reports is None else reports
    stored = {m: monthly.report_tally(r) for m, r in reports.items() if m >= first}
    stored[month] = current
    rows = []
    for n in range(TREND_MONTHS):
        m = monthly.add_months(first, n)
        shown = figures.derive(stored[m]) if m in stored else None
        rows.append({"month": m, "questions": shown["questions"] if shown else None,
                     "within_10min_share": shown["within_10min_share"] if shown else None})
    return rows


def payouts_by_month(bureau, month, reads, reports=None):
    """Lines and fen of the 12 ledger months up to `month`: an ended month from its report's ledger
    figures (a ledger takes no line once its month ends), any other month from its ledger (AP-85)."""
    months = [monthly.add_months(month, n + 1 - PAYOUT_MONTHS) for n in range(PAYOUT_MONTHS)]
    reports = reports or {}
    ledger = {m: (int(r.ledger_lines), int(r.ledger_fen or 0)) for m, r in reports.items()
              if getattr(r, "ledger_lines", None) is not None}
    live = [m for m in months if m not in ledger]
    for m, lines in zip(live, monthly.read_all(lambda m: reads.payouts(bureau, m), live)):
        ledger[m] = (len(lines), sum(int(x.amount_fen) for x in lines))
    return [{"month": m, "count": ledger[m][0], "total_fen": ledger[m][1]} for m in months]


def queues(bureau, today, calendar, reads):
    """Open applications per status; at risk: the queue's due date within 3 working days."""
    horizon = calendar.add_workdays(today, AT_RISK_WORKDAYS).isoformat() if calendar else today.isoformat()
    rows = []
    for status, found in zip(OPEN_QUEUES, monthly.read_all(lambda s: reads.queue(bureau, s), OPEN_QUEUES)):
        risky = [a for a in found if a.queue_due and a.queue_due <= horizon]
        rows.append({"status": status, "label": LABELS[status], "count": len(found),
                     "more": len(found) >= db.QUEUE_LIMIT, "at_risk": len(risky),
                     "at_risk_ids": [a.application_id for a in risky[:20]]})
    return {"until": horizon, "statuses": rows}


def dashboard(bureau, month, now, sla_seconds, reads=None, calendar=None):
    reads = reads or Reads()
    found = monthly.consultations_of_month(bureau, month, now, reads.day)
    current = figures.tally(found, now, sla_seconds)
    reports = stored_reports(bureau, month, reads)
    return {
        "bureau": bureau, "month": month, "now": now.isoformat(),
        "summary": figures.derive(current),
        "by_day": by_day(found, month, now, sla_seconds),
        "by_hour": by_hour(found, now, sla_seconds),
        "by_category": by_category(found, now, sla_seconds, reads.category_names),
        "trend": trend(bureau, month, current, reads, reports),
        "payouts": payouts_by_month(bureau, month, reads, reports),
        "applications": queues(bureau, now.astimezone(CHINA_TZ).date(), calendar, reads),
    }
