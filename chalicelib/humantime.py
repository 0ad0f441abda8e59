"""Times as a person reads them: Beijing time in the house form, never the UTC text the table stores.

One form everywhere a person reads a time (notices, passive replies; static/js/api.js `formatTime`
gives the pages the same): `12月2日 06:15`, with the year in front when it is not this year
(`2025年12月2日 06:15`); a day alone is `12月5日`, a visit `12月4日（星期五）09:30`.
"""
from datetime import date

from chalicelib.workdays import CHINA_TZ, china_date

WEEKDAYS = "一二三四五六日"


def day_text(day, today):
    """`12月5日`, or `2027年1月4日` when `day` is not in `today`'s year (both China dates)."""
    day = day if isinstance(day, date) else date.fromisoformat(day)
    year = "" if day.year == today.year else f"{day.year}年"
    return f"{year}{day.month}月{day.day}日"


def moment_text(instant, now):
    """An aware instant as Beijing time: `12月2日 06:15` (the year shown when not `now`'s year)."""
    local = instant.astimezone(CHINA_TZ)
    return f"{day_text(local.date(), china_date(now))} {local:%H:%M}"


def notice_time(instant):
    """A notice's time keyword: Beijing time with its year, `2026年12月2日 06:15`, a form WeChat's
    `time` keyword accepts (month and day alone it refuses) and a person reads at a glance."""
    local = instant.astimezone(CHINA_TZ)
    return f"{local.year}年{local.month}月{local.day}日 {local:%H:%M}"


def visit_text(day, clock_time, today):
    """An appointment: `12月4日（星期五）09:30` — a visit is remembered by its weekday."""
    day = day if isinstance(day, date) else date.fromisoformat(day)
    return f"{day_text(day, today)}（星期{WEEKDAYS[day.weekday()]}）{clock_time}"


def dated_text(day):
    """A date of record, with its year always: `2021年1月1日` (a law's revision, say)."""
    if not isinstance(day, date):
        try:
            day = date.fromisoformat(day)
        except (TypeError, ValueError):
            return day  # not a day after all: shown as stored rather than breaking the page
    return f"{day.year}年{day.month}月{day.day}日"
