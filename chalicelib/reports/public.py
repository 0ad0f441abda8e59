"""The promise, shown: a bureau's public monthly service figures and the region view across bureaus.

No personal data: only counts, the median and p90 first response, the share answered within 10
minutes and satisfaction. The region view of a month is one query of the reports index under a
region prefix (`36` the province, `3607` a city), so it covers ended months only."""
from chalicelib.db import reports as db
from chalicelib.errors import Invalid, NotFound
from chalicelib.reports import figures, monthly

PUBLIC = ("questions", "answered", "first_response_median_seconds", "first_response_p90_seconds",
          "within_10min_share", "satisfaction", "ratings")
PREFIX_LENGTH = {"province": 2, "city": 4, "county": 6}


def shown(tally):
    derived = figures.derive(tally)
    return {name: derived[name] for name in PUBLIC}


def region_prefix(bureau):
    """The code prefix of the bureaus a bureau oversees: a province its 2 digits, a city its 4."""
    return bureau.code[:PREFIX_LENGTH.get(bureau.level, 6)]


def _no_bureau():
    return NotFound("没有这个司法局的服务数据。", code="bureau_not_found")


def service(bureau, month, now, sla_seconds, reads=None):
    """`bureau` (a live Bureau or None) in `month`: from its report once written, else live."""
    if bureau is None or bureau.status != "live":
        raise _no_bureau()
    if month > monthly.month_of(now):
        raise Invalid("这个月份还没有到", code="future_month")
    kwargs = {"read_day": reads.day, "stored": reads.stored} if reads else {}
    tally, source = monthly.month_tally(bureau.code, month, now, sla_seconds, **kwargs)
    return {"bureau": {"code": bureau.code, "name": bureau.name, "short_name": bureau.short_name},
            "month": month, "source": source, "promise_minutes": sla_seconds / 60, **shown(tally)}


def last_ended_month(now):
    month = monthly.add_months(monthly.month_of(now), -1)
    return month if monthly.has_ended(month, now) else monthly.add_months(month, -1)


def region(prefix, month, now, read=db.reports_of_region, name_of=db.region_name):
    """Every bureau's report of an ended month under `prefix`, and their sum."""
    if not prefix.isdigit() or not 2 <= len(prefix) <= 6:
        raise Invalid("地区代码应为 2 到 6 位数字", code="invalid_region")
    month = month or last_ended_month(now)
    if not monthly.has_ended(month, now):
        raise Invalid("地区汇总只统计已结束的月份", code="month_not_ended")
    found = read(month, prefix)
    rows = [{"code": r.bureau, "name": r.bureau_name or r.bureau, "short_name": r.short_name or r.bureau,
             **shown(monthly.report_tally(r))} for r in found]
    total = figures.add(*(monthly.report_tally(r) for r in found))
    return {"prefix": prefix, "name": name_of(prefix), "month": month, "bureaus": rows,
            "total": shown(total)}
