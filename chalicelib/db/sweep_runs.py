"""The sweep's heartbeat: one item `SWEEP` / `LAST_RUN` overwritten by every run (AP-110), so an
operator — and `make smoke` through `GET /health/sweep` — can tell from outside that the minute's
work still runs, and how far behind it is. One PutItem a minute (~44,000 a month) and one GetItem
per look."""
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.clock import iso
from chalicelib.db import keys
from chalicelib.db.base import Item


class SweepRun(Item, discriminator="SweepRun"):
    ran_at = UnicodeAttribute()  # the run's `now` (the scheduled event's time)
    handled = NumberAttribute(default=0)
    errors = NumberAttribute(default=0)
    unhandled = NumberAttribute(default=0)
    oldest_due_seconds = NumberAttribute(default=0)

    def keys(self):
        return {"PK": keys.SWEEP_PK, "SK": keys.SWEEP_LAST_RUN_SK}


def record(now, figures):
    """Overwrite the heartbeat with this run; an older run finishing late does not win."""
    item = SweepRun(ran_at=iso(now), handled=figures["handled"], errors=figures["errors"],
                    unhandled=figures["unhandled"], oldest_due_seconds=figures["oldest_due_seconds"])
    try:
        item.save(condition=SweepRun.ran_at.does_not_exist() | (SweepRun.ran_at <= iso(now)))
    except Exception as exc:  # PutError on the condition: a later run already wrote
        if getattr(exc, "cause_response_code", None) != "ConditionalCheckFailedException":
            raise


def last():
    """The last run's figures, or None before the first run."""
    try:
        item = SweepRun.get(keys.SWEEP_PK, keys.SWEEP_LAST_RUN_SK)
    except DoesNotExist:
        return None
    return {"ran_at": item.ran_at, "handled": int(item.handled), "errors": int(item.errors),
            "unhandled": int(item.unhandled), "oldest_due_seconds": int(item.oldest_due_seconds)}
