"""The annual assessment (年度考核, issue 11): staff set the date it is due on a lawyer's profile; the
lawyer is reminded 30 and 7 days ahead (09:00 China time, outbox notices) and suspended when the date
has passed without a new one (at the first instant of the next day).

The profile carries one DUE key for all its time-driven work (`models.lawyer_due_at`): the return
date of a pause or the assessment's next step. The sweep's `Lawyer` handler (`lawyer_due`) does
whichever is due, each as one transaction at the version read that also moves `assessment_step` on,
so a second sweep of the same minute, or a replayed one, does nothing more. A step whose time passed
while a later one is due too is skipped (a due date set 5 days ahead gets the 7-day reminder only).
"""
from datetime import date, datetime, time, timedelta

from chalicelib import outbox
from chalicelib.clock import iso
from chalicelib.humantime import dated_text, notice_time
from chalicelib.workdays import CHINA_TZ, china_date

# (step, days before the due date, China time of day); "lapsed" is the day after the due date.
STEPS = (("reminded_30", 30, time(9)), ("reminded_7", 7, time(9)), ("lapsed", -1, time(0)))
LAPSE_REASON = "年度考核逾期未完成"
MAX_AHEAD_DAYS = 3 * 366


def step_at(due, step):
    """The UTC text of `step` for an assessment due on `due` (a date)."""
    _, days, at = next(s for s in STEPS if s[0] == step)
    return iso(datetime.combine(due - timedelta(days=days), at, CHINA_TZ))


def _remaining(lawyer):
    if not getattr(lawyer, "assessment_due", None):
        return []
    names = [s[0] for s in STEPS]
    done = getattr(lawyer, "assessment_step", None)
    return names[names.index(done) + 1:] if done in names else names


def next_step_at(lawyer):
    """When the assessment's next step falls due (UTC text), or None (no due date, or lapsed)."""
    remaining = _remaining(lawyer)
    if not remaining:
        return None
    return step_at(date.fromisoformat(lawyer.assessment_due), remaining[0])


def due_step(lawyer, now):
    """The step to take at `now`: the latest of the remaining steps whose time has come, or None."""
    if not _remaining(lawyer):
        return None
    due = date.fromisoformat(lawyer.assessment_due)
    come = [s for s in _remaining(lawyer) if step_at(due, s) <= iso(now)]
    return come[-1] if come else None


def check_due_date(text, now):
    """A due date staff may set: from today to three years ahead (China dates)."""
    from chalicelib.errors import Invalid

    try:
        due = date.fromisoformat(text or "")
    except ValueError:
        raise Invalid("请填写考核截止日期（YYYY-MM-DD）", code="invalid", details={"field": "due"})
    today = china_date(now)
    if not today <= due <= today + timedelta(days=MAX_AHEAD_DAYS):
        raise Invalid("考核截止日期须在今天到三年之内", code="invalid", details={"field": "due"})
    return due.isoformat()


def changes_for(lawyer, step, now):
    """What taking `step` sets on the profile."""
    changes = {"assessment_step": step}
    if step == "lapsed" and lawyer.status != "suspended":
        changes.update(status="suspended", paused_until=None, resume_at=None,
                       status_reason=LAPSE_REASON, status_by="system", status_at=iso(now))
    return changes


def notice(lawyer, step, now, base_url):
    """The lawyer's notice of `step` (None when they have no WeChat bound), keyed by lawyer, due date
    and step: a retried step cannot queue it twice."""
    if not lawyer.openid:
        return None
    due = date.fromisoformat(lawyer.assessment_due)
    # A template's thing keyword holds 20 characters: the date and what to do fit in them
    text = (f"年度考核{dated_text(due)}截止，请按时完成" if step != "lapsed"
            else "年度考核逾期未完成，已暂停派单")
    return outbox.notification(
        idempotency_key=f"assessment:{lawyer.lawyer_id}:{lawyer.assessment_due}:{step}",
        audience="lawyer", to_openid=lawyer.openid, now=now, account=lawyer.openid_account,
        template_key="lawyer_assessment_lapsed" if step == "lapsed" else "lawyer_assessment_due",
        url=f"{base_url.rstrip('/')}/h5/lawyer?assessment={lawyer.lawyer_id}",
        data={"lawyer": lawyer.lawyer_id, "name": lawyer.name, "note": text, "time": notice_time(now)})
