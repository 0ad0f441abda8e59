"""Due dates: a deadline is a clock that starts on a date and pauses while the citizen owes material.

A pause is (paused_from, resumed_at): the day the supplement notice went out and the day the
supplement arrived (None while still owed). Days in (paused_from, resumed_at] are not counted —
the notice day was the office's, and the receipt day opens a new count just as a receipt day does
(民法典 art. 201: "开始的当日不计入").
"""
from dataclasses import dataclass, field
from datetime import timedelta

from .rules import CALENDAR_DAYS, FAST_TRACK_DAYS, PAUSE, RUN, WORKING_DAYS


def _finish(rule, start, units, calendar):
    """The last day of `units` counted after `start`, moved off a day the office is closed."""
    if rule.unit == WORKING_DAYS:
        end = calendar.add_workdays(start, units)
    elif rule.unit == CALENDAR_DAYS:
        end = start + timedelta(days=units)
    else:
        raise ValueError(f"rule {rule.name!r} has no period of its own")
    # 民法典 art. 203 / 民事诉讼法 art. 85: a last day on a 法定休假日 moves to the next working day.
    # For working-day periods this only matters when nothing is left to count (end == start).
    return calendar.next_workday(end, inclusive=True)


def _used(rule, start, until, calendar):
    if rule.unit == WORKING_DAYS:
        return calendar.workdays_between(start, until)
    return (until - start).days


def _check(started_on, pauses):
    previous = started_on
    for i, (paused_from, resumed_at) in enumerate(pauses):
        if paused_from < previous:
            raise ValueError(f"pause {i} starts {paused_from}, before {previous}")
        if resumed_at is None and i != len(pauses) - 1:
            raise ValueError(f"pause {i} is still open but is not the last one")
        if resumed_at is not None and resumed_at < paused_from:
            raise ValueError(f"pause {i} resumes {resumed_at}, before it began {paused_from}")
        previous = resumed_at


def due_date(rule, started_on, pauses, calendar):
    """The last day to act under `rule`, or None while the clock is stopped.

    A pause requested after the clock ran out changes nothing: the deadline has already passed.
    """
    pauses = list(pauses)
    _check(started_on, pauses)
    if rule.on_supplement == RUN:
        pauses = []
    start, remaining = started_on, rule.length
    for paused_from, resumed_at in pauses:
        due = _finish(rule, start, remaining, calendar)
        if due < paused_from:
            return due
        # Under RESTART nothing is used up: a full period runs again from the receipt.
        if rule.on_supplement == PAUSE:
            remaining = max(remaining - _used(rule, start, paused_from, calendar), 0)
        if resumed_at is None:
            return None
        start = resumed_at
    return _finish(rule, start, remaining, calendar)


def supplement_due(rule, notified_on, calendar, staff_due=None):
    """When the citizen's supplement is due: the statutory period, or the date staff set.

    Where the statute gives the citizen a period, staff may lengthen it only if the law lets them
    (行政复议法 art. 31 para 2) and never shorten it.
    """
    if rule.length is None:
        if staff_due is None:
            raise ValueError(f"{rule.basis} sets no period: staff must give a due date")
        if staff_due < notified_on:
            raise ValueError(f"due date {staff_due} is before the notice {notified_on}")
        return staff_due
    statutory = _finish(rule, notified_on, rule.length, calendar)
    if staff_due is None or staff_due == statutory:
        return statutory
    if staff_due < statutory:
        raise ValueError(f"{rule.basis} gives the applicant until {statutory}")
    if not rule.extendable:
        raise ValueError(f"{rule.basis} does not allow a longer period")
    return staff_due


def is_overdue(due, today):
    """The due date is the last day allowed (to 24:00, 民法典 art. 203): late means the day after."""
    return due is not None and today > due


def fast_track(received_on, limitation_ends_on):
    """法律援助法 art. 44 (一): under seven days remain of a limitation period or time limit."""
    if limitation_ends_on is None:
        return False
    return (limitation_ends_on - received_on).days < FAST_TRACK_DAYS


@dataclass(frozen=True)
class DeadlineClock:
    """One deadline's state as stored with its application; each change returns a new clock."""

    rule: object
    started_on: object
    pauses: tuple = field(default=())

    @property
    def paused(self):
        return bool(self.pauses) and self.pauses[-1][1] is None

    def pause(self, on):
        if self.paused:
            raise ValueError("the clock is already paused")
        return DeadlineClock(self.rule, self.started_on, self.pauses + ((on, None),))

    def resume(self, on):
        if not self.paused:
            raise ValueError("the clock is not paused")
        closed = (self.pauses[-1][0], on)
        return DeadlineClock(self.rule, self.started_on, self.pauses[:-1] + (closed,))

    def due(self, calendar):
        return due_date(self.rule, self.started_on, self.pauses, calendar)
