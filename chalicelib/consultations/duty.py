"""The duty roster (值班律师): staff name at most N lawyers per shift (3 shifts a China day by
default); when the policy uses the roster, a tier with the `duty` source notifies the lawyers on
duty now, each at most `duty_hourly_limit` times per China hour (a conditional counter)."""
import logging
from datetime import datetime, timedelta

from chalicelib.clock import iso
from chalicelib.consultations.stars import shown as shown_stars
from chalicelib.db import duty as duty_db
from chalicelib.db.effects import Put
from chalicelib.db.reach import covers
from chalicelib.errors import Invalid, NotFound
from chalicelib.logs import log
from chalicelib.workdays import CHINA_TZ


def shift_at(instant, shift_hours):
    """(China date the shift belongs to, shift number, China hour key) of an instant. Before the
    first shift of a day starts, the last shift of the day before is still on."""
    local = instant.astimezone(CHINA_TZ)
    started = [i for i, hour in enumerate(shift_hours) if hour <= local.hour]
    day = local.date() if started else local.date() - timedelta(days=1)
    number = started[-1] if started else len(shift_hours) - 1
    return day.isoformat(), number, local.strftime("%Y-%m-%dT%H")


def on_duty(ctx, exclude, bureau=None):
    """Ids of the lawyers on `bureau`'s roster (the consultation's; default `ctx.bureau`) at
    `ctx.now` with questions left this hour, least loaded first, and the hour key their load counts
    against. Nobody when the policy does not use the roster."""
    policy = ctx.policy
    if not policy.duty_roster:
        return [], None
    day, number, hour = shift_at(ctx.now, policy.duty_shift_hours)
    rostered = ctx.store.duty_shift(bureau or ctx.bureau, day, number)
    ids = [i for i in (rostered.lawyer_ids if rostered else []) if i not in exclude]
    load = ctx.store.duty_loads(ids, hour)
    ids = [i for i in ids if load.get(i, 0) < policy.duty_hourly_limit]
    return sorted(ids, key=lambda i: load.get(i, 0)), hour


def still_serving(lawyer, regions, *, bureau, consultation_id):
    """Whether a rostered `lawyer` still serves one of the bureau's `regions` (home county or
    `serves`). A roster saved before the duty PUT checked this — or a lawyer's `serves` changed
    since — may name one who does not: they are skipped, and the skip is logged for staff to fix the
    roster. `regions` None (not known) takes the roster as saved."""
    if regions is None or any(covers(lawyer, county) for county in regions):
        return True
    log("duty_lawyer_outside_bureau", level=logging.WARNING, lawyer_id=lawyer.lawyer_id,
        bureau=bureau, consultation_id=consultation_id)
    return False


def _shift_label(hours, number):
    start = hours[number]
    end = hours[number + 1] if number + 1 < len(hours) else hours[0] + 24
    return f"{start:02d}:00", f"{end % 24:02d}:00" if end != 24 else "24:00"


def roster(day, ctx, bureau):
    """`bureau`'s shifts of a China day as its staff see them; on the shift that is on now, how many
    questions each duty lawyer took this China hour (one more BatchGetItem, only for the current day)."""
    hours = ctx.policy.duty_shift_hours
    now_day, now_shift, hour = shift_at(ctx.now, hours)
    stored = {int(s.shift): s for s in ctx.store.duty_shifts_of_day(bureau, day)}
    ids = [i for s in stored.values() for i in s.lawyer_ids]
    found = ctx.store.lawyers(ids)
    on_now = stored.get(now_shift) if day == now_day else None
    taken = ctx.store.duty_loads(on_now.lawyer_ids, hour) if on_now else {}
    shifts = []
    for number in range(len(hours)):
        start, end = _shift_label(hours, number)
        entry = stored.get(number)
        current = day == now_day and number == now_shift
        shifts.append({"shift": number, "starts": start, "ends": end, "current": current,
                       "lawyers": [_lawyer(found.get(i), i, taken.get(i, 0) if current else None)
                                   for i in (entry.lawyer_ids if entry else [])],
                       "set_by": entry.set_by if entry else None,
                       "updated_at": entry.updated_at if entry else None})
    return {"date": day, "duty_roster_in_use": ctx.policy.duty_roster,
            "max_per_shift": ctx.policy.duty_max_per_shift, "hourly_limit": ctx.policy.duty_hourly_limit,
            "now": {"date": now_day, "shift": now_shift}, "shifts": shifts}


def _lawyer(profile, lawyer_id, taken_this_hour=None):
    shown = {"id": lawyer_id, "name": None, "firm": None, "stars": None}
    if profile is not None:
        shown.update(name=profile.name, firm=profile.firm, stars=shown_stars(profile.stars))
    if taken_this_hour is not None:
        shown["taken_this_hour"] = int(taken_this_hour)
    return shown


def set_shift(day, number, lawyer_ids, *, staff_id, bureau, ctx, regions=None):
    """Staff put up to `duty_max_per_shift` lawyers on one shift of their bureau's roster (replacing
    who was there); another bureau's roster is never touched. With `regions` (the bureau's counties;
    the routes always pass them) a lawyer who serves none of them — home county or `serves` — is
    refused exactly as one that does not exist, and nothing is written."""
    policy = ctx.policy
    try:
        datetime.strptime(day, "%Y-%m-%d")
    except ValueError:
        raise Invalid("日期格式应为 YYYY-MM-DD", code="invalid_date")
    if not 0 <= number < len(policy.duty_shift_hours):
        raise NotFound("没有这个班次", code="shift_not_found")
    lawyer_ids = list(dict.fromkeys(lawyer_ids))
    if len(lawyer_ids) > policy.duty_max_per_shift:
        raise Invalid(f"每个班次最多安排 {policy.duty_max_per_shift} 名值班律师", code="too_many_duty_lawyers")
    found = ctx.store.lawyers(lawyer_ids)
    missing = {i for i in lawyer_ids if i not in found
               or (regions is not None and not any(covers(found[i], c) for c in regions))}
    if missing:
        raise Invalid("没有这些律师：" + "、".join(sorted(missing)), code="lawyer_not_found")
    ctx.commit([Put(duty_db.new_shift(day=day, shift=number, lawyer_ids=lawyer_ids, set_by=staff_id,
                                      bureau=bureau, updated_at=iso(ctx.now)), label="shift")])
    return roster(day, ctx, bureau)
