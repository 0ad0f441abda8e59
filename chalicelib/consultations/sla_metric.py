"""The 10-minute first-response rate as a live metric (chalicelib/metrics.py, EMF), for the alarm
that fires when the last hour's rate falls below target (infra/alarms.py).

Each consultation counts once in `FirstResponseDecided`, at the first moment its outcome is known,
and once in `FirstResponseMet` if its first answer came within the SLA:
- its first answer, if staff were not alerted before it: decided, and met when in time;
- the staff alert (nobody answered after `staff_alert_minutes`, 9 by default): decided, not met —
  an unanswered question must pull the rate down while it is still unanswered, not never;
- a first answer after the alert: not decided again, but met when still in time (an answer in
  minute 9-10), so the hour's Met / Decided is exact.
A question withdrawn or closed before either moment is never decided, as in stats.summarize.
"""
from chalicelib import metrics


def first_answer(c, response_seconds, now, policy):
    met = 1 if response_seconds <= policy.sla_minutes * 60 else 0
    decided = 0 if c.staff_alerted_at else 1
    return metrics.emit(_values(decided, met), now, consultation=c.id)


def staff_alerted(c, now):
    return metrics.emit(_values(1, 0), now, consultation=c.id)


def _values(decided, met):
    return {metrics.FIRST_RESPONSE_DECIDED: decided, metrics.FIRST_RESPONSE_MET: met}
