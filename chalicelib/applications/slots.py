"""Appointment slots: the times staff open for visits at one of their bureau's offices, on its
working days only (AP-89). Booking one is part of the `schedule` decision (decisions._schedule), a
conditional update (AP-54). Another bureau's office code is answered as one that does not exist."""
import re
from datetime import date, timedelta

from chalicelib.db.applications import bureau_or_default, new_slot, slots_on
from chalicelib.db.effects import Put, Refused, create
from chalicelib.errors import Invalid, NotFound
from chalicelib.humantime import day_text as said_day

from . import lifecycle

_OFFICE = re.compile(r"[a-z0-9][a-z0-9_-]{0,39}")
_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
MAX_RANGE_DAYS = 31


def _day(text):
    try:
        return date.fromisoformat(text)
    except (TypeError, ValueError):
        raise Invalid("日期格式应为 YYYY-MM-DD", code="invalid_date")


def _office(office):
    if not isinstance(office, str) or not _OFFICE.fullmatch(office):
        raise Invalid("办理地点编号只能包含小写字母、数字、- 和 _", code="invalid_office")
    return office


def _own_office(ctx, office):
    """`office` if it is one of `ctx.bureau`'s offices; any other code is 404, whoever runs it."""
    if _office(office) not in ctx.office_codes():
        raise NotFound("没有这个办理地点，请从目录中选择", code="office_not_found")
    return office


def view(s):
    return {"office": s.office, "date": s.date, "time": s.time, "address": s.address,
            "status": s.status, "application_id": s.application_id}


def open_slots(ctx, staff_id, office, day_text, times, address=None):
    """Open `times` on one working day; times already open are left as they are."""
    office, day = _own_office(ctx, office), _day(day_text)
    if day < ctx.today:
        raise Invalid("不能开放过去的日期", code="date_in_past")
    if not ctx.calendar.is_workday(day):
        raise Invalid(f"{said_day(day, ctx.today)}不是工作日", code="not_a_workday")
    bad = [t for t in times if not _TIME.fullmatch(t)]
    if bad or not times:
        raise Invalid("时间格式应为 HH:MM", code="invalid_time",
                      details=[{"field": "times", "value": t, "message": "格式应为 HH:MM"} for t in bad])
    opened, bureau = [], bureau_or_default(ctx.bureau)
    for time in sorted(set(times)):
        slot = new_slot(bureau=bureau, office=office, date=day.isoformat(), time=time,
                        address=address, status="open", created_by=staff_id)
        try:
            ctx.commit([create(slot, "slot")])
            opened.append(time)
        except Refused as refused:
            if not refused.failed:  # a concurrent write, not a slot already open
                raise
    ctx.commit([Put(lifecycle.audit(ctx, staff_id, "slots.open", f"SLOT#{office}#{day.isoformat()}",
                                    {"times": opened}), label="audit")])
    return [view(s) for s in slots_on(ctx.bureau, office, day.isoformat())]


def list_slots(ctx, office, from_text, to_text):
    """Slots of one of the bureau's offices in a date range (one query a day, a month at most)."""
    office, first, last = _own_office(ctx, office), _day(from_text), _day(to_text)
    if last < first:
        raise Invalid("开始日期不能晚于结束日期", code="invalid_range")
    if (last - first).days >= MAX_RANGE_DAYS:
        raise Invalid(f"日期范围须在 {MAX_RANGE_DAYS} 天以内", code="invalid_range")
    found = []
    for k in range((last - first).days + 1):
        found.extend(view(s) for s in slots_on(ctx.bureau, office,
                                               (first + timedelta(days=k)).isoformat()))
    return found
