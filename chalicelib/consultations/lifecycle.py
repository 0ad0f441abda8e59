"""The time-driven steps of a consultation: start, escalate, alert staff, remind a lawyer, release
the lawyers still holding it once answering has closed. Each step is one transaction conditioned on
what it read, and each clears (or moves forward) the instant that made it due — so a step runs once,
however many sweeps see it."""
import logging
from datetime import timedelta

from chalicelib import outbox
from chalicelib.clock import iso, parse_instant
from chalicelib.consultations import notices, sla_metric
from chalicelib.consultations.dispatch import advance, region_chain, retrying
from chalicelib.consultations.plan import format_tiers
from chalicelib.db import consultations as db, pools
from chalicelib.db.effects import CommitError, Effects, Update
from chalicelib.db.changes import changed, revise
from chalicelib.logs import log
from chalicelib.workdays import china_date

DONE = {name: None for name in db.WORK_FIELDS}  # a finished consultation has nothing left to do


def _created(c):
    return parse_instant(c.created_at)


def start(consultation_id, ctx):
    """Start a consultation: take the citizen's daily allowance if chat intake could not, find its
    city and province, and dispatch the steps of the plan due at once. Over the limit it is refused."""
    day = None

    def step(c):
        nonlocal day
        if c.status != "dispatching":
            return c
        policy, created = ctx.policy, _created(c)
        changes = {"status": "answering", "start_at": None, "plan": format_tiers(policy.tiers),
                   "staff_alert_at": iso(created + timedelta(minutes=policy.staff_alert_minutes)),
                   "auto_close_at": iso(created + timedelta(days=policy.auto_close_days))}
        c.plan = changes["plan"]
        if not c.city:
            c.city, c.province = region_chain(c.county, ctx.store)
            changes.update(city=c.city, province=c.province)
        extra = None
        if not c.counted:
            day = china_date(created).isoformat()
            changes["counted"] = True
            extra = lambda writes: db.take_day_allowance(writes, c.openid, day, policy.daily_limit,
                                                         ctx.now)
        try:
            advance(c, ctx, changes=changes, extra=extra)
        except CommitError:
            if day and ctx.store.day_count(c.openid, day) >= policy.daily_limit:
                return refuse(ctx.store.consultation(c.id), ctx)
            raise
        return c
    return retrying(lambda: ctx.store.consultation(consultation_id), step)


def refuse(c, ctx):
    """Chat brought a question over the citizen's daily limit: close it unpaid and say why."""
    if c is None or c.status != "dispatching":
        return c
    actions, condition = revise(c, finishing_changes(c, ctx, status="refused", closed_at=iso(ctx.now),
                                                     close_reason="daily_limit"))
    writes = Effects([Update(c, actions, condition, "consultation")])
    note = outbox.write_with(writes, notices.refused_daily_limit(ctx, c))
    ctx.commit(writes)
    ctx.committed([note])
    return c


def escalate(c, ctx):
    """The next step of the plan is due: dispatch it if answers are still short of the minimum."""
    if c.status != "answering":
        return _clear(c, ctx, "next_tier_at")
    advance(c, ctx)
    return c


def alert_staff(c, ctx):
    """Nobody has answered close to the SLA: tell the staff on duty (once)."""
    if c.status != "answering" or c.answer_count:
        return _clear(c, ctx, "staff_alert_at")
    actions, condition = revise(c, {"staff_alert_at": None, "staff_alerted_at": iso(ctx.now)})
    writes = Effects([Update(c, actions, condition, "consultation")])
    ids = [outbox.write_with(writes, note) for note in notices.staff_alerts(ctx, c)]
    ctx.commit(writes)
    ctx.committed(ids)
    sla_metric.staff_alerted(c, ctx.now)
    return c


def _clear(c, ctx, field_name):
    actions, condition = revise(c, {field_name: None})
    ctx.commit([Update(c, actions, condition, "consultation")])
    return c


def closing_changes(c, answer_count, ctx):
    """What closing answering adds to a consultation's changes: no more tiers or staff alert, and
    the lawyers still holding it are released (now, or by the sweep if this request dies)."""
    return {"answers_closed_at": iso(ctx.now), "next_tier_at": None, "staff_alert_at": None,
            "release_at": iso(ctx.now) if (c.dispatched or 0) > answer_count else None}


def finishing_changes(c, ctx, **fields):
    """Changes that end a consultation: no pending work left but releasing the lawyers who still
    hold it (already pending, or due now if answering closes with this change)."""
    changes = dict(DONE, **fields)
    if c.status == "answering":
        changes.update(closing_changes(c, int(c.answer_count or 0), ctx))
    elif c.release_at:
        changes["release_at"] = c.release_at
    return changes


def release(c, ctx):
    """Give every lawyer still holding this closed consultation their open question back, and tell
    them answering has closed. One small transaction per lawyer; the sweep repeats what failed."""
    failed = 0
    for d in ctx.store.dispatches(c.id):
        if d.state == "open":
            try:
                release_one(c, d, ctx)
            except CommitError:
                failed += 1
    if failed:
        log("consultation_release_incomplete", logging.WARNING, consultation=c.id, failed=failed)
        return c
    return _clear(ctx.store.consultation(c.id), ctx, "release_at")


def release_one(c, d, ctx):
    lawyer = ctx.store.lawyer(d.lawyer_id)
    writes = Effects([Update(d, changed(d, {"state": "released", "released_at": iso(ctx.now),
                                            "remind_at": None}),
                             db.dispatch_in("open"), "dispatch")])
    if lawyer is not None:
        pools.load_change(writes, lawyer, -1)
    note = notices.answering_closed_for_lawyer(ctx, c, d) if _still_working(d, ctx) else None
    ids = [outbox.write_with(writes, note)] if note else []
    ctx.commit(writes)
    ctx.committed(ids, lawyers=[lawyer])


def _still_working(d, ctx):
    """Whether a released lawyer may still be working on the question (notified recently enough
    that "answering has closed" saves them the effort)."""
    hours = ctx.policy.closed_notice_hours
    return not hours or parse_instant(d.dispatched_at) > ctx.now - timedelta(hours=hours)


def remind_lawyer(d, ctx):
    """A dispatched lawyer has not answered after a few minutes: remind them once while the
    consultation is short of answers (policy) — or, if answering has closed meanwhile and nobody
    released them, release them now."""
    c = ctx.store.consultation(d.consultation_id)
    if c is not None and c.status != "answering" and d.state == "open":
        return release_one(c, d, ctx)
    remind = c is not None and d.state == "open" and \
        int(c.answer_count or 0) < ctx.policy.lawyer_reminder_below
    read_as = db.dispatch_as_read(d)
    writes = Effects([Update(d, changed(d, {"remind_at": None,
                                            "reminded_at": iso(ctx.now) if remind else None}),
                             read_as, "dispatch")])
    note = notices.lawyer_reminder(ctx, c, d) if remind else None
    ids = [outbox.write_with(writes, note)] if note else []
    ctx.commit(writes)
    ctx.committed(ids)
