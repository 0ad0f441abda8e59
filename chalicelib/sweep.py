"""`sweep_due`: all time-driven work, found through the sparse DUE index.

Capabilities register a handler per entity type; the sweep reads what is due at `now` (taken from
the scheduled event, so any minute can be replayed) and hands each item to its handler. A handler
must be idempotent and must move its item's DUE key forward or remove it, under a condition, so
that a second sweep of the same minute does nothing more.
"""
import logging

from chalicelib.errors import Invalid
from chalicelib.logs import log

HANDLERS = {}
PER_RUN = {}  # entity type -> at most this many handled in one sweep (the rest stay due)


def handles(entity_type, per_run=None):
    """Decorator: register `fn(item, now, services)` as the sweep handler for `entity_type`;
    `per_run` bounds slow work (a download) so that the minute's SLA steps never wait behind it."""
    def register(fn):
        HANDLERS[entity_type] = fn
        if per_run:
            PER_RUN[entity_type] = per_run
        return fn
    return register


# The years a sweep may run at. Beyond them every handler's date arithmetic fails (year 9999 plus a
# reminder's days overflows) or dates notices nonsensically: a clock that far off is a mistake
# (a hand-made /dev/tick, a misconfigured rule), refused before anything is read or written.
YEARS = (2000, 2100)


def check_time(now):
    """Refuse a sweep time outside YEARS (Invalid: the local tick answers 400, a scheduled run fails
    loudly instead of writing anything)."""
    if not YEARS[0] <= now.year <= YEARS[1]:
        raise Invalid(f"定时任务的时间须在 {YEARS[0]} 年到 {YEARS[1]} 年之间", code="invalid_time")


def run(now, services, due_items, batch=200):
    """Run every due item's handler once; returns {entity_type: count handled} and errors."""
    check_time(now)
    report, tried = {"now": now.isoformat(), "handled": {}, "errors": 0}, {}
    for item in due_items(now, limit=batch):
        entity = item.entity
        handler = HANDLERS.get(entity)
        if handler is None:
            log("sweep_no_handler", logging.WARNING, entity=entity)
            continue
        if tried.get(entity, 0) >= PER_RUN.get(entity, batch):
            report["deferred"] = report.get("deferred", 0) + 1
            continue  # still due: the next minute's sweep takes it
        tried[entity] = tried.get(entity, 0) + 1
        try:
            handler(item, now, services)
            report["handled"][entity] = report["handled"].get(entity, 0) + 1
        except Exception:  # one bad item must not stop the others; it stays due and is retried
            report["errors"] += 1
            log("sweep_item_failed", logging.ERROR, exc_info=True, entity=entity)
    return report
