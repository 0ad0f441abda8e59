"""The SLA's time-driven work, as `sweep_due` runs it (its handlers are rows of
`wiring.due_handlers()`, in consultations/context.py): each due Consultation and Dispatch comes here with the event's `now`.
A consultation's steps run in the order of WORK_FIELDS, each only if its instant has come; every
step clears or moves its instant under the revision it read, so a second sweep of the same minute
finds nothing due and does nothing more. The SLA simulation calls these with a simulated clock."""
from chalicelib.clock import iso
from chalicelib.consultations import award, lifecycle
from chalicelib.db.effects import CommitError

STEPS = (("next_tier_at", lifecycle.escalate), ("staff_alert_at", lifecycle.alert_staff),
         ("release_at", lifecycle.release), ("award_reminder_at", award.remind_to_award),
         ("auto_close_at", award.auto_close))


def advance(c, ctx, attempts=3):
    """Do the consultation's work due at `ctx.now`; returns the names of the steps run. A step
    refused because the consultation changed meanwhile (an answer arrived) is tried again on a
    fresh read, so the SLA does not wait a minute for the next sweep."""
    if c.status == "dispatching":
        lifecycle.start(c.id, ctx)
        return ["start"]
    done, now = [], iso(ctx.now)
    for name, step in STEPS:
        for _ in range(attempts):
            due = getattr(c, name) if c is not None else None
            if not due or due > now:
                break
            try:
                step(c, ctx)
                done.append(name)
                break
            except CommitError:
                pass
            finally:
                c = ctx.store.consultation(c.id)
    return done


def consultation_due(item, ctx):
    """The sweep's handler for a due Consultation (`item` comes from the DUE index, which lags:
    the consultation is read again, consistently)."""
    c = ctx.store.consultation(item.id)
    return advance(c, ctx) if c is not None else []


def dispatch_due(item, ctx):
    """The sweep's handler for a due Dispatch: the lawyer's reminder."""
    d = ctx.store.dispatch(item.consultation_id, item.lawyer_id)
    if d is None or not d.remind_at or d.remind_at > iso(ctx.now):
        return None
    lifecycle.remind_lawyer(d, ctx)
    return "reminded"
