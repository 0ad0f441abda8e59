"""The Chinese working-day calendar: weekends and holidays off, adjusted working days (调休) on.

Built from the State Council's yearly notices (`seeds/calendar/cn-YYYY.json`) plus days staff add
for years whose notice is not yet published or for local closures. Dates are China dates.
"""
import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

# Asia/Shanghai has kept UTC+8 without DST since 1991; a fixed offset needs no tz database.
CHINA_TZ = timezone(timedelta(hours=8), "Asia/Shanghai")

HOLIDAY, WORKDAY = "holiday", "workday"

# A guard against a calendar with no working day in reach (staff marking years off by mistake).
_MAX_SCAN_DAYS = 3700


def china_date(instant):
    """The China date of an instant; a naive instant is taken as UTC, like `clock.utc`."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=timezone.utc)
    return instant.astimezone(CHINA_TZ).date()


def china_time(day, hour=0, minute=0):
    """The UTC instant of `hour:minute` China time on `day`."""
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=CHINA_TZ)
    return local.astimezone(timezone.utc)


def _as_date(value):
    return value if isinstance(value, date) else date.fromisoformat(value)


def _parse_year(doc):
    """(year, {date: False for holidays, True for adjusted working days}) from one notice file."""
    year = int(doc["year"])
    days = {}
    for entry in doc.get("holidays", []):
        days[_as_date(entry["date"])] = False
    for entry in doc.get("adjusted_workdays", []):
        day = _as_date(entry["date"])
        if day in days:
            raise ValueError(f"{day} is both a holiday and an adjusted working day")
        days[day] = True
    strays = sorted(d for d in days if d.year != year)
    if strays:
        raise ValueError(f"calendar for {year} lists days of another year: {strays}")
    return year, days


def _parse_overrides(overrides):
    """{date: is_workday} from staff overrides: a list of {date, kind, name} or {date: kind}."""
    if isinstance(overrides, dict):
        overrides = [{"date": d, "kind": k} for d, k in overrides.items()]
    days = {}
    for entry in overrides:
        kind = entry["kind"]
        if kind not in (HOLIDAY, WORKDAY):
            raise ValueError(f"override kind must be {HOLIDAY!r} or {WORKDAY!r}, not {kind!r}")
        days[_as_date(entry["date"])] = kind == WORKDAY
    return days


class WorkCalendar:
    """Which China dates are working days, and counting in them.

    Precedence: a staff override, then the year's notice, then Monday–Friday. A year without a
    notice file is plain Monday–Friday until staff add its holidays.
    """

    def __init__(self, year_files=(), overrides=()):
        self._notices = {}
        self.years = set()
        for doc in year_files:
            year, days = _parse_year(doc)
            self.years.add(year)
            self._notices.update(days)
        self._overrides = _parse_overrides(overrides)

    @classmethod
    def from_directory(cls, path, overrides=()):
        """Every `cn-*.json` notice in `path` (the seed loader's and the tests' entry point)."""
        files = sorted(Path(path).glob("cn-*.json"))
        return cls([json.loads(f.read_text(encoding="utf-8")) for f in files], overrides)

    def with_overrides(self, overrides):
        """A copy with more staff overrides; later entries win over earlier ones."""
        merged = dict(self._overrides)
        merged.update(_parse_overrides(overrides))
        copy = WorkCalendar()
        copy._notices, copy.years, copy._overrides = self._notices, set(self.years), merged
        return copy

    def is_workday(self, day):
        if day in self._overrides:
            return self._overrides[day]
        if day in self._notices:
            return self._notices[day]
        return day.weekday() < 5

    def next_workday(self, day, inclusive=False):
        """The first working day after `day` (or `day` itself when `inclusive` and it is one)."""
        candidate = day if inclusive else day + timedelta(days=1)
        for _ in range(_MAX_SCAN_DAYS):
            if self.is_workday(candidate):
                return candidate
            candidate += timedelta(days=1)
        raise ValueError(f"no working day within {_MAX_SCAN_DAYS} days of {day}")

    def add_workdays(self, day, n):
        """The n-th working day after `day`, which itself is not counted (n < 0 counts back).

        This is how statutes count "within N working days of receipt": the day of receipt is not
        in the period (民法典 art. 201; 民事诉讼法 art. 85).
        """
        step = timedelta(days=1 if n >= 0 else -1)
        remaining, current = abs(n), day
        for _ in range(_MAX_SCAN_DAYS):
            if remaining == 0:
                return current
            current += step
            if self.is_workday(current):
                remaining -= 1
        raise ValueError(f"cannot count {n} working days from {day}")

    def workdays_between(self, a, b):
        """Working days in (a, b]: the inverse of `add_workdays`; negative when b is before a."""
        if b < a:
            return -self.workdays_between(b, a)
        return sum(1 for k in range(1, (b - a).days + 1) if self.is_workday(a + timedelta(days=k)))
