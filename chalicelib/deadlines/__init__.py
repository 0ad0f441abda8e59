"""Legal time limits of applications on the working-day calendar, and the reminders they call for.

`rules` holds the statutes as data, `counting` turns a started clock with pauses into a due date,
`reminders` says which reminders are due at an instant. See docs/deadlines.md.
"""
from .counting import DeadlineClock, due_date, fast_track, is_overdue, supplement_due
from .reminders import Appointment, Deadline, Reminder, next_send_at, plan, reminders_due
from .rules import RULES, Rule, may_request_supplement, rule

__all__ = [
    "Appointment", "Deadline", "DeadlineClock", "Reminder", "Rule", "RULES", "due_date",
    "fast_track", "is_overdue", "may_request_supplement", "next_send_at", "plan", "reminders_due",
    "rule", "supplement_due",
]
