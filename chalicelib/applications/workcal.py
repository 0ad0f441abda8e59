"""The working-day calendar as a bureau runs it: the State Council's year files shipped with the
code (`seeds/calendar/cn-YYYY.json`, national) plus the days its own staff entered in the table
(AP-90, `CALENDAR#<bureau>#<year>`) — the holidays of a year whose notice is not yet published, a
local closure. One bureau's additions never move another bureau's deadlines."""
import functools
import json
import re
from datetime import date

from chalicelib.clock import iso
from chalicelib.db.applications import (
    bureau_or_default, calendar_day, calendar_overrides, reads_legacy)
from chalicelib.db.effects import Delete, Put
from chalicelib.errors import Invalid
from chalicelib.paths import runtime_dir
from chalicelib.workdays import HOLIDAY, WORKDAY, WorkCalendar, china_date

from . import lifecycle

KINDS = (HOLIDAY, WORKDAY, "default")  # default: remove the override, the notice applies again


@functools.lru_cache(maxsize=1)
def year_files(directory=None):
    """The published year files (read once per process: they change only with a deployment)."""
    folder = directory or runtime_dir("seeds") / "calendar"
    return tuple(json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("cn-*.json")))


def load(now, bureau=None, overrides_of=calendar_overrides, files=year_files):
    """`bureau`'s calendar (None: the default bureau's) for work around `now`: its staff's additions
    of last year, this year and next (a deadline counted in late December runs into January; a
    reminder lead counts back)."""
    year = china_date(now).year
    overrides = [{"date": d.date, "kind": d.kind}
                 for y in (year - 1, year, year + 1) for d in overrides_of(bureau, y)]
    return WorkCalendar(files(), overrides)


def year_view(bureau, year, overrides_of=calendar_overrides, files=year_files):
    """What staff see for one year: whether its notice is published, its days, their edits."""
    notice = next((f for f in files() if int(f["year"]) == year), None)
    return {
        "year": year, "published": notice is not None,
        "source": notice.get("source") if notice else None,
        "holidays": notice.get("holidays", []) if notice else [],
        "adjusted_workdays": notice.get("adjusted_workdays", []) if notice else [],
        "overrides": [{"date": d.date, "kind": d.kind, "name": d.name, "set_by": d.set_by,
                       "set_at": d.set_at} for d in overrides_of(bureau, year)],
    }


def set_day(ctx, staff_id, day_text, kind, name=None):
    """Mark a date as a holiday or a working day in `ctx.bureau`'s calendar, or clear the mark,
    with its audit entry. Clearing also removes the default bureau's legacy mark of that date.

    Running deadlines keep the dates already computed until their next change or sweep: staff
    enter a year's holidays when its notice comes out, weeks before any deadline reaches them."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day_text or ""):
        raise Invalid("日期格式应为 YYYY-MM-DD", code="invalid_date")
    try:
        day = date.fromisoformat(day_text)
    except ValueError:
        raise Invalid("日期不存在", code="invalid_date")
    if kind not in KINDS:
        raise Invalid("日期应标为节假日、调休上班日或恢复默认", code="invalid_kind")
    entry = lifecycle.audit(ctx, staff_id, f"calendar.{kind}", f"CALENDAR#{day.isoformat()}",
                            {"name": name} if name else None)
    writes = [Put(entry, label="audit")]
    override, bureau = None, bureau_or_default(ctx.bureau)
    if kind == "default":
        writes.append(Delete(calendar_day(bureau=bureau, date=day.isoformat(), kind=HOLIDAY),
                             label="override"))
        if reads_legacy(bureau):
            writes.append(Delete(calendar_day(date=day.isoformat(), kind=HOLIDAY), label="legacy"))
    else:
        override = calendar_day(bureau=bureau, date=day.isoformat(), kind=kind, name=name,
                                set_by=staff_id, set_at=iso(ctx.now))
        writes.append(Put(override, label="override"))
    ctx.commit(writes)
    return override
