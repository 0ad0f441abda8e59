"""Staff figures of commissions (issue 12, "Staff"): for the commissions a bureau's citizens opened
in a China month, per county — offered, accepted within an hour and within a day of being offered,
confirmed, completed, ended without a service and why, the median of the citizens' ratings — and
the open commissions nobody has taken yet (any month). The reads are passed in: the month's
commissions of one status (AP-201) and the open queue (AP-97).

A commission counts in the month it was opened, whatever happened to it later (a cohort): the
figures of a month settle as its commissions do. "Accepted within" measures from the commission's
creation to its first accept (a declined quote does not reset it)."""
from datetime import date, timedelta
from statistics import median

from chalicelib.clock import iso, parse_instant
from chalicelib.commissions.env import CONTACT_STATUSES, DECLINE_REASONS, STATUSES
from chalicelib.reports.monthly import add_months
from chalicelib.workdays import china_time

HOUR, DAY = timedelta(hours=1), timedelta(days=1)
# Why a commission ended without a service (or a quote was refused), in the words staff use.
WHY = {"quote_declined": "市民拒绝律师报价（次）", "cancelled": "市民撤回", "expired": "三天无人承接",
       "lapsed": "指定律师未接受"}
# Why the citizens declined quotes (the reason is optional: declines without one are `unspecified`).
DECLINED_WHY = {**DECLINE_REASONS, "unspecified": "未说明原因"}
COUNTS = ("offered", "accepted", "accepted_1h", "accepted_1d", "confirmed", "completed")


def month_range(month):
    """[start, end) of a China month as stored instants."""
    start = china_time(date.fromisoformat(f"{month}-01"))
    end = china_time(date.fromisoformat(f"{add_months(month, 1)}-01"))
    return iso(start), iso(end)


def stars_of(c):
    """The citizen's rating of the service (1–5 stars, AP-190), None while there is none."""
    return float(c.rating) if c.rating else None


def _row(county, name, commissions):
    row = {"county": county, "county_name": name, **{k: 0 for k in COUNTS},
           "why": {k: 0 for k in WHY}, "declined_why": {k: 0 for k in DECLINED_WHY}}
    stars = []
    for c in commissions:
        row["offered"] += 1
        first = c.first_accepted_at or c.accepted_at
        if first:
            waited = parse_instant(first) - parse_instant(c.created_at)
            row["accepted"] += 1
            row["accepted_1h"] += waited <= HOUR
            row["accepted_1d"] += waited <= DAY
        row["confirmed"] += c.status in CONTACT_STATUSES
        row["completed"] += c.status == "completed"
        row["why"]["quote_declined"] += int(c.declines or 0)
        said = {k: int(n) for k, n in (c.decline_reasons or {}).items() if k in DECLINE_REASONS}
        for reason, times in said.items():
            row["declined_why"][reason] += times
        row["declined_why"]["unspecified"] += max(int(c.declines or 0) - sum(said.values()), 0)
        if c.status in ("cancelled", "expired", "lapsed"):
            row["why"][c.status] += 1
        if stars_of(c) is not None:
            stars.append(stars_of(c))
    row["ended_without_service"] = sum(row["why"][k] for k in ("cancelled", "expired", "lapsed"))
    row["ratings"] = len(stars)
    row["median_rating"] = round(median(stars), 1) if stars else None
    row["stars"] = stars  # for the total's median; dropped before answering
    return row


def month_stats(bureau, month, counties, now, *, read_month, read_open, county_name):
    """The figures of `bureau`'s `month`: a row per county (the bureau's `counties` first, then any
    other a commission names), the total, and the open commissions nobody has taken."""
    start, end = month_range(month)
    found = [c for status in STATUSES for c in read_month(bureau, status, start, end)]
    by_county = {county: [] for county in counties}
    for c in found:
        by_county.setdefault(c.county, []).append(c)
    rows = [_row(county, county_name(county), items) for county, items in by_county.items()]
    total = _row(None, "合计", found)
    for row in rows + [total]:
        row.pop("stars")
    return {"bureau": bureau, "month": month, "counties": rows, "total": total,
            "why_labels": WHY, "declined_why_labels": DECLINED_WHY, "open": [_open(c, now, county_name) for c in read_open(bureau)]}


def _open(c, now, county_name):
    """An open commission nobody has taken: what, where, how long it has waited, how far the push
    went — never who asked."""
    waited = now - parse_instant(c.created_at)
    return {"id": c.id, "county": c.county, "county_name": county_name(c.county),
            "service": c.service, "category": c.category, "created_at": c.created_at,
            "round": int(c.round or 0), "directed": not c.pushed_at, "expire_at": c.expire_at,
            "waiting_hours": round(waited.total_seconds() / 3600, 1)}
