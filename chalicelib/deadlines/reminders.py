"""Which reminders are due at an instant, each with a key that makes sending it idempotent.

The sweep runs every minute and asks again each time; a reminder stays due through its window, so
the caller records its key with a conditional write and sends only when that write succeeds.
Changing a due date (a pause, a restart) yields new keys: the new date deserves its own reminder.
"""
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Optional

from ..workdays import china_date, china_time
from .rules import CITIZEN, STAFF

STAFF_LEAD_WORKDAYS = 2  # staff hear of a deadline this many working days ahead
CITIZEN_LEAD_DAYS = 2  # "supplements due in 2 days"
SEND_HOUR = 9  # China time: nobody is woken at midnight by a reminder


@dataclass(frozen=True)
class Deadline:
    application_id: str
    name: str  # the rule's name: "decide", "examine", "certify", "supplement", ...
    due: object  # date: the last day allowed
    owed_by: str  # STAFF or CITIZEN


@dataclass(frozen=True)
class Appointment:
    application_id: str
    at: object  # aware datetime of the slot, or a date


@dataclass(frozen=True)
class Reminder:
    application_id: str
    audience: str
    kind: str  # "staff.due_soon.decide", "staff.overdue.decide", "citizen.due_soon.supplement", ...
    target: object  # the deadline's or the appointment's date
    send_at: datetime  # UTC
    until: Optional[datetime]  # UTC; None: stays due until sent

    @property
    def key(self):
        return f"{self.application_id}:{self.kind}:{self.target.isoformat()}"


def _staff(deadline, calendar, lead_workdays, hour):
    due, base = deadline.due, f"{STAFF}.%s.{deadline.name}"
    soon = calendar.add_workdays(due, -lead_workdays)
    end_of_due = china_time(due + timedelta(days=1))
    yield Reminder(deadline.application_id, STAFF, base % "due_soon", due,
                   china_time(soon, hour), end_of_due)
    # Overdue is news on the first day past the deadline, whether or not the office is open.
    yield Reminder(deadline.application_id, STAFF, base % "overdue", due,
                   china_time(due + timedelta(days=1), hour), None)


def _citizen(deadline, lead_days, hour):
    due = deadline.due
    yield Reminder(deadline.application_id, CITIZEN, f"{CITIZEN}.due_soon.{deadline.name}", due,
                   china_time(due - timedelta(days=lead_days), hour),
                   china_time(due + timedelta(days=1)))


def _appointment(appointment, hour):
    at = appointment.at
    day = china_date(at) if isinstance(at, datetime) else at
    starts = at if isinstance(at, datetime) else china_time(day)
    yield Reminder(appointment.application_id, CITIZEN, f"{CITIZEN}.appointment", day,
                   china_time(day - timedelta(days=1), hour), starts)


def plan(deadlines, appointments, calendar, *, staff_lead_workdays=STAFF_LEAD_WORKDAYS,
         citizen_lead_days=CITIZEN_LEAD_DAYS, hour=SEND_HOUR):
    """Every reminder the given deadlines and appointments call for, earliest first."""
    reminders = []
    for deadline in deadlines:
        if deadline.owed_by == STAFF:
            reminders.extend(_staff(deadline, calendar, staff_lead_workdays, hour))
        elif deadline.owed_by == CITIZEN:
            reminders.extend(_citizen(deadline, citizen_lead_days, hour))
        else:
            raise ValueError(f"unknown party {deadline.owed_by!r}")
    for appointment in appointments:
        reminders.extend(_appointment(appointment, hour))
    return sorted(reminders, key=lambda r: (r.send_at, r.key))


def due_now(reminders, now):
    """The reminders whose window holds `now` (an aware instant)."""
    return [r for r in reminders if r.send_at <= now and (r.until is None or now < r.until)]


def next_send_at(reminders, now):
    """The earliest instant after `now` at which another reminder falls due (for the DUE index)."""
    later = [r.send_at for r in reminders if r.send_at > now]
    return min(later, default=None)


def reminders_due(deadlines, appointments, now, calendar, **policy):
    return due_now(plan(deadlines, appointments, calendar, **policy), now)
