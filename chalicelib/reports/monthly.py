"""A bureau's month: computed live from its consultations (one query a day, AP-80), or read from the
MonthlyReport the sweep wrote when the month ended (AP-93). The ReportJob handler is here too: it is
due once a month, writes the ended month's report once and moves itself to the next month.

Writing is at-least-once safe: the report is put on attribute_not_exists, and the job moves on the
condition that it still names the month it reported. A sweep that dies between the two writes finds
the report there next minute, skips it and moves the job.
"""
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

from chalicelib.clock import iso, parse_instant
from chalicelib.db import reports as db
from chalicelib.errors import Invalid
from chalicelib.reports import figures
from chalicelib.workdays import CHINA_TZ, china_time

# A month is reported this long after it ends: a question asked in its last minutes is decided
# (answered, or 10 minutes unanswered) by then.
REPORT_DELAY = timedelta(minutes=30)
READERS = 8  # queries in flight at once when a page reads many partitions


def month_of(now):
    return now.astimezone(CHINA_TZ).strftime("%Y-%m")


def parse_month(text, now):
    """`text` (yyyy-mm, not after the current China month) or the current China month; Invalid for
    anything else."""
    if not text:
        return month_of(now)
    try:
        first = date.fromisoformat(f"{text}-01")
    except (TypeError, ValueError):
        raise Invalid("month 应为 YYYY-MM", code="invalid_month")
    if len(text) != 7 or first.year < 2000:
        raise Invalid("month 应为 YYYY-MM", code="invalid_month")
    if text > month_of(now):  # nothing to show yet (and no date arithmetic past year 9999)
        raise Invalid("这个月份还没有到", code="future_month")
    return text


def add_months(month, n):
    year, number = int(month[:4]), int(month[5:7]) - 1 + n
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def days_of(month):
    first = date.fromisoformat(f"{month}-01")
    following = date.fromisoformat(f"{add_months(month, 1)}-01")
    return [first + timedelta(days=n) for n in range((following - first).days)]


def due_at(month):
    """When the report of `month` is due: REPORT_DELAY after the month ends in China time."""
    return china_time(date.fromisoformat(f"{add_months(month, 1)}-01")) + REPORT_DELAY


def china_day(created_at):
    """The China date (ISO text) of a stored instant."""
    return parse_instant(created_at).astimezone(CHINA_TZ).date().isoformat()


def has_ended(month, now):
    return now >= due_at(month)


def read_all(read, keys, workers=READERS):
    """`read(key)` for each key, a few at a time: the month's 31 day queries wait on the network,
    not on this process (bench/dashboard.py)."""
    keys = list(keys)
    if len(keys) < 2:
        return [read(k) for k in keys]
    with ThreadPoolExecutor(max_workers=min(workers, len(keys))) as pool:
        return list(pool.map(read, keys))


def consultations_of_month(bureau, month, now, read_day=db.consultations_of_day):
    """The bureau's consultations of the month's days up to today (a later day has none)."""
    today = now.astimezone(CHINA_TZ).date()
    days = [day.isoformat() for day in days_of(month) if day <= today]
    return [c for found in read_all(lambda day: read_day(bureau, day), days) for c in found]


def live_tally(bureau, month, now, sla_seconds, read_day=db.consultations_of_day):
    return figures.tally(consultations_of_month(bureau, month, now, read_day), now, sla_seconds)


def report_tally(report):
    """The tally a stored MonthlyReport holds."""
    out = {name: int(getattr(report, name) or 0) for name in figures.COUNTS}
    out["histogram"] = [int(n) for n in report.histogram] or figures.empty()["histogram"]
    return out


def month_tally(bureau, month, now, sla_seconds, read_day=db.consultations_of_day, stored=db.report):
    """An ended month from its report (live if the sweep has not written it yet); the current month
    live."""
    if has_ended(month, now):
        found = stored(bureau, month)
        if found is not None:
            return report_tally(found), "report"
    return live_tally(bureau, month, now, sla_seconds, read_day), "live"


def new_job(bureau, now):
    """A bureau's first report job: the current month, due when it ends."""
    month = month_of(now)
    return db.new_job(bureau=bureau, month=month, due_at=iso(due_at(month)))


def run_job(job, now, sla_seconds, names=lambda code: (None, None),
            read_day=db.consultations_of_day, save=db.save_report, advance=db.advance_job,
            read_payouts=db.payout_lines):
    """Write the report of the job's month if it has ended, then move the job on. Returns the month
    written (None when the month has not ended or its report existed already)."""
    month = job.month
    if not has_ended(month, now):
        return None
    tally = live_tally(job.bureau, month, now, sla_seconds, read_day)
    lines = read_payouts(job.bureau, month)
    name, short = names(job.bureau)
    written = save(db.new_report(bureau=job.bureau, month=month, bureau_name=name, short_name=short,
                                 written_at=iso(now), ledger_lines=len(lines),
                                 ledger_fen=sum(int(x.amount_fen) for x in lines), **tally))
    following = add_months(month, 1)
    advance(job, following, iso(due_at(following)), int(job.done or 0) + (1 if written else 0))
    return month if written else None
