"""A lawyer's lifecycle (issue 11): active, paused for a holiday until a return date, or suspended by
staff with a reason. Only an active lawyer is dispatched: the others' slots leave the pools (as at
the open-question limit), and dispatch skips them even from the duty roster.

A change is one transaction at the version read (the version dispatch writes under): the profile
and its home slots; the reach slots follow at once. A pause carries a DUE key at the first instant
of its return date (China time), and the sweep makes the lawyer active again then.
"""
from datetime import date, datetime, time, timedelta

from chalicelib.clock import iso
from chalicelib.db import pools, reach
from chalicelib.db import roster as db
from chalicelib.db.writes import Cancelled
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.workdays import CHINA_TZ, china_date

STATUSES = ("active", "paused", "suspended")
MAX_PAUSE_DAYS = 366
ATTEMPTS = 3


def view(lawyer):
    return {"lawyer_id": lawyer.lawyer_id, "status": lawyer.status or "active",
            "paused_until": lawyer.paused_until, "reason": lawyer.status_reason,
            "by": lawyer.status_by, "at": lawyer.status_at}


def _missing():
    return NotFound("没有这位律师", code="lawyer_not_found")


def _fields(status, until, reason, now):
    """The lifecycle attributes a change sets, after checking what staff gave."""
    reason = (reason or "").strip() or None
    if status == "paused":
        try:
            back = date.fromisoformat(until or "")
        except ValueError:
            raise Invalid("暂停接单须填写恢复日期", code="invalid", details={"field": "until"})
        today = china_date(now)
        if not today < back <= today + timedelta(days=MAX_PAUSE_DAYS):
            raise Invalid(f"恢复日期须在明天到 {MAX_PAUSE_DAYS} 天内", code="invalid",
                          details={"field": "until"})
        resume = datetime.combine(back, time(0), CHINA_TZ)
        return {"status": "paused", "paused_until": back.isoformat(), "resume_at": iso(resume),
                "status_reason": reason}
    if status == "suspended":
        if not reason:
            raise Invalid("停止派单须写明原因", code="invalid", details={"field": "reason"})
        return {"status": "suspended", "paused_until": None, "resume_at": None, "status_reason": reason}
    return {"status": "active", "paused_until": None, "resume_at": None, "status_reason": None}


def set_status(lawyer_id, status, *, until=None, reason=None, staff_id, regions, now):
    """Staff of a bureau serving `regions` set a lawyer's status. A lawyer of no county of theirs
    is the same 404 as an id nobody holds."""
    changes = _fields(status, until, reason, now)
    changes.update(status_by=staff_id, status_at=iso(now))
    current = pools.profile(lawyer_id)
    if current is None or not ({current.county, *reach.served(current)} & set(regions)):
        raise _missing()
    written = _commit(current, changes, lambda c: c is not None)
    if written is None:
        raise _missing()
    return view(written)


def _commit(current, changes, still_wanted):
    for attempt in range(ATTEMPTS):
        profile = db.changed(current, changes)
        try:
            db.write_status(profile)
        except Cancelled:
            current = pools.profile(current.lawyer_id)  # a dispatch came first: read it again
            if not still_wanted(current):
                return None
            if attempt + 1 == ATTEMPTS:
                raise Conflict("律师资料正在变化，请重试", code="lawyer_changed")
            continue
        if profile.serves:
            reach.refresh(profile.lawyer_id)
        return profile


def resume_due(item, now, services):
    """The sweep: a paused lawyer whose return date has come is active again (once: a lawyer
    suspended or resumed meanwhile carries no DUE key any more)."""
    services.table()
    current = pools.profile(item.lawyer_id)

    def still_paused(lawyer):
        return lawyer is not None and lawyer.status == "paused" and (lawyer.resume_at or "") <= iso(now)
    if not still_paused(current):
        return "skipped"
    written = _commit(current, {"status": "active", "paused_until": None, "resume_at": None,
                                "status_reason": None, "status_by": "system", "status_at": iso(now)},
                      still_paused)
    return "resumed" if written else "skipped"
