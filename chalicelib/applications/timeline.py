"""An application's statutory clocks on the working-day calendar: which clock a transition starts,
pauses, resumes or ends; the deadlines and reminders they give; what lapses when a deadline passes;
and when `sweep_due` must look at the application again. Pure: dates in, dates out.

Clocks are stored on the application as {name: {started_on, pauses: [[from, to|null]], done_on}}
and handed to `chalicelib.deadlines` (docs/deadlines.md) for counting.
"""
from dataclasses import dataclass
from datetime import date, timedelta

from chalicelib.deadlines import Appointment, Deadline, DeadlineClock, plan, supplement_due
from chalicelib.deadlines.reminders import due_now, next_send_at
from chalicelib.deadlines.rules import CITIZEN, RULES, RUN, STAFF, Rule
from chalicelib.humantime import day_text
from chalicelib.workdays import china_time

# Which staff clock starts at which event (the rules themselves are in chalicelib/deadlines/rules.py).
STARTS = {
    "legal_aid": {"received": "decide", "accepted": "assign_lawyer"},  # 法律援助法 art. 43
    "reconsideration": {"received": "examine"},  # 行政复议法 art. 30
    "notarization": {"accepted": "certify"},  # 公证法 art. 30: from 受理
}
# 人民调解法 sets no period for the citizen either: staff give the due date.
_NO_PERIOD = Rule("supplement", None, None, CITIZEN, RUN, "", "补充材料")
D = date.fromisoformat


@dataclass(frozen=True)
class Lapse:
    at: object  # UTC instant: the first moment after the last day allowed
    outcome: str  # withdrawn | abandoned | deemed_accepted
    basis: str


def _rule(service_type, name):
    return RULES.get(service_type, {}).get(name)


def _as_clock(service_type, name, state):
    pauses = tuple((D(a), D(b) if b else None) for a, b in state.get("pauses", []))
    return DeadlineClock(_rule(service_type, name), D(state["started_on"]), pauses)


def start(clocks, service_type, event, today):
    """Clocks after `event` ("received", "accepted"): the clock it starts begins today."""
    name = STARTS.get(service_type, {}).get(event)
    updated = {k: dict(v) for k, v in clocks.items()}
    if name and name not in updated:
        updated[name] = {"started_on": today.isoformat(), "pauses": [], "done_on": None}
    return updated


def finish(clocks, today, names=None):
    """Clocks with `names` (default: all) stopped for good: the office acted, or the matter ended."""
    return {k: dict(v, done_on=v.get("done_on") or (today.isoformat() if names is None or k in names
                                                      else None))
            for k, v in clocks.items()}


def pause(clocks, service_type, today):
    """A request for supplements stops every running clock the rule says it stops."""
    updated = {}
    for name, state in clocks.items():
        state = dict(state, pauses=[list(p) for p in state.get("pauses", [])])
        rule = _rule(service_type, name)
        open_pause = state["pauses"] and state["pauses"][-1][1] is None
        if not state.get("done_on") and rule and rule.on_supplement != RUN and not open_pause:
            state["pauses"].append([today.isoformat(), None])
        updated[name] = state
    return updated


def resume(clocks, today):
    """The supplement arrived: every paused clock counts again from today."""
    updated = {}
    for name, state in clocks.items():
        pauses = [list(p) for p in state.get("pauses", [])]
        if pauses and pauses[-1][1] is None:
            pauses[-1][1] = today.isoformat()
        updated[name] = dict(state, pauses=pauses)
    return updated


def received_clocks(service_type):
    name = STARTS.get(service_type, {}).get("received")
    return {name} if name else set()


def supplement_due_date(service_type, today, calendar, staff_due=None, default=None):
    """The day the citizen's supplement is due. Where the statute sets a period it wins (staff may
    only lengthen it where the law allows); where it does not, staff's date or the bureau default
    (`default`: {"days", "unit": calendar|working} from the catalog). ValueError says, in Chinese,
    why staff's date cannot stand."""
    rule = _rule(service_type, "supplement") or _NO_PERIOD
    if rule.length is None and staff_due is None and default:
        if default.get("unit") == "working":
            staff_due = calendar.add_workdays(today, int(default["days"]))
        else:
            staff_due = calendar.next_workday(today + timedelta(days=int(default["days"])),
                                              inclusive=True)
    if rule.length is None and staff_due is None:
        raise ValueError("请填写补充期限")
    if staff_due is not None and staff_due <= today:
        raise ValueError("补充期限须晚于今天")
    if rule.length is not None and staff_due is not None:
        statutory = supplement_due(rule, today, calendar)
        if staff_due < statutory:
            raise ValueError(f"依法补正期限至少到 {day_text(statutory, today)}（{rule.basis}）")
        if staff_due > statutory and not rule.extendable:
            raise ValueError(f"依法补正期限为 {day_text(statutory, today)}，不能延长")
    return supplement_due(rule, today, calendar, staff_due)


def deadlines(app, calendar):
    """The deadlines running now: staff clocks that are not done and not paused, and the
    citizen's supplement while one is owed."""
    found = []
    for name, state in sorted((app.clocks or {}).items()):
        if state.get("done_on") or _rule(app.service_type, name) is None:
            continue
        due = _as_clock(app.service_type, name, state).due(calendar)
        if due is not None:
            found.append(Deadline(app.application_id, name, due, STAFF))
    if app.status == "supplement_requested" and app.supplement:
        found.append(Deadline(app.application_id, "supplement", D(app.supplement["due"]), CITIZEN))
    return found


def appointments(app):
    if app.status != "scheduled" or not app.appointment:
        return []
    hour, minute = (int(x) for x in app.appointment["time"].split(":"))
    return [Appointment(app.application_id, china_time(D(app.appointment["date"]), hour, minute))]


def lapse(app, calendar):
    """What the law makes of a missed deadline, if anything, and from when."""
    if app.status == "supplement_requested" and app.supplement:
        rule = _rule(app.service_type, "supplement")
        if rule and rule.on_lapse in ("withdrawn", "abandoned"):
            return Lapse(china_time(D(app.supplement["due"]) + timedelta(days=1)), rule.on_lapse,
                         rule.basis)
    if app.status in ("submitted", "resubmitted"):
        for deadline in deadlines(app, calendar):
            rule = _rule(app.service_type, deadline.name)
            if deadline.owed_by == STAFF and rule.on_lapse == "deemed_accepted":
                return Lapse(china_time(deadline.due + timedelta(days=1)), rule.on_lapse, rule.basis)
    return None


def reminders(app, calendar):
    return plan(deadlines(app, calendar), appointments(app), calendar)


def wake_at(app, calendar, now, *, after=False):
    """When the sweep must next look at `app`: now if a reminder is in its window or a lapse has
    come (sending is idempotent, so looking once too often costs a read); with `after`, only
    what comes later than now (the sweep has just handled the present)."""
    planned = reminders(app, calendar)
    times = [t for t in (next_send_at(planned, now),) if t]
    if not after and due_now(planned, now):
        times.append(now)
    gone = lapse(app, calendar)
    if gone and (gone.at > now or not after):
        times.append(max(gone.at, now))
    return min(times, default=None)


def queue_due(app, calendar):
    """The date an application's queue is ordered by: the nearest deadline, staff's or citizen's,
    else the appointment; closed applications by the day they closed."""
    if app.status in ("completed", "rejected", "withdrawn"):
        return app.updated_at[:10] if app.updated_at else None
    dues = [d.due for d in deadlines(app, calendar)]
    if dues:
        return min(dues).isoformat()
    if app.appointment and app.status == "scheduled":
        return app.appointment["date"]
    return None
