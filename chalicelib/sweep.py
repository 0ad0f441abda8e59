"""`sweep_due`: all time-driven work, found through the sparse DUE index.

The composition root (`wiring.due_handlers()`) gives the sweep one explicit table, entity → `Due`
handler; the sweep reads what is due at `now` (taken from the scheduled event, so any minute can be
replayed) and hands each item to its entity's handler. A handler must be idempotent and must move
its item's DUE key forward or remove it, under a condition, so that a second sweep of the same
minute does nothing more.

An item whose entity has no handler is a deployment fault (a new entity shipped without one, or a
rollback to code that predates it). It is never dropped silently: every sweep that meets it logs
`sweep_no_handler` at ERROR with its key, counts it in the report's `unhandled`, and the run's
`sweep_run` line (the metric an alarm watches) carries the count. The line also carries
`oldest_due_seconds` — how late the oldest due item was when the run began — which is emitted as
the `OldestDueSeconds` metric too: a sweep that falls behind (a backlog, an item failing every
minute) raises it past the 3-minute alarm. The item stays due — and
visible in the DUE index — so that deploying the missing handler is the whole fix.
"""
import logging
from typing import Callable, NamedTuple, Optional

from chalicelib import metrics
from chalicelib.clock import parse_instant
from chalicelib.errors import Invalid
from chalicelib.logs import log


class Due(NamedTuple):
    """One row of the handler table: `run(item, now, services)`, and `per_run` bounding slow work
    (a download) so that the minute's SLA steps never wait behind it (None: no bound)."""
    run: Callable
    per_run: Optional[int] = None


# The years a sweep may run at. Beyond them every handler's date arithmetic fails (year 9999 plus a
# reminder's days overflows) or dates notices nonsensically: a clock that far off is a mistake
# (a hand-made /dev/tick, a misconfigured rule), refused before anything is read or written.
YEARS = (2000, 2100)


def check_time(now):
    """Refuse a sweep time outside YEARS (Invalid: the local tick answers 400, a scheduled run fails
    loudly instead of writing anything)."""
    if not YEARS[0] <= now.year <= YEARS[1]:
        raise Invalid(f"定时任务的时间须在 {YEARS[0]} 年到 {YEARS[1]} 年之间", code="invalid_time")


def run(now, services, due_items, handlers, batch=200):
    """Run every due item's handler once; returns {entity_type: count handled}, errors, and the
    items no handler takes (`unhandled`, by entity)."""
    check_time(now)
    report, tried = {"now": now.isoformat(), "handled": {}, "errors": 0, "oldest_due_seconds": 0}, {}
    for index, item in enumerate(due_items(now, limit=batch)):
        if index == 0:  # the index reads oldest first
            report["oldest_due_seconds"] = lateness(getattr(item, "DUEAT", None), now)
        entity = item.entity
        due = handlers.get(entity)
        if due is None:
            _unhandled(report, item, entity)
            continue
        if tried.get(entity, 0) >= (due.per_run or batch):
            report["deferred"] = report.get("deferred", 0) + 1
            continue  # still due: the next minute's sweep takes it
        tried[entity] = tried.get(entity, 0) + 1
        try:
            due.run(item, now, services)
            report["handled"][entity] = report["handled"].get(entity, 0) + 1
        except Exception:  # one bad item must not stop the others; it stays due and is retried
            report["errors"] += 1
            log("sweep_item_failed", logging.ERROR, exc_info=True, entity=entity)
    run_figures = figures(report)
    log("sweep_run", logging.ERROR if report.get("unhandled") else logging.INFO, **run_figures)
    metrics.emit({metrics.OLDEST_DUE_SECONDS: run_figures["oldest_due_seconds"]}, now)
    return report


def lateness(due_key, now):
    """Seconds between an item's due time (the instant that starts its DUEAT key) and `now`."""
    if not isinstance(due_key, str) or len(due_key) < 20:
        return 0
    try:
        return max(0, int((now - parse_instant(due_key[:20])).total_seconds()))
    except ValueError:
        return 0


def _unhandled(report, item, entity):
    counts = report.setdefault("unhandled", {})
    counts[entity] = counts.get(entity, 0) + 1
    log("sweep_no_handler", logging.ERROR, entity=entity, pk=getattr(item, "PK", None),
        sk=getattr(item, "SK", None), due=getattr(item, "DUEAT", None))


def figures(report):
    """The run in numbers, one line a minute: what the sweep did, and what it could not place."""
    return {"now": report["now"], "handled": sum(report["handled"].values()),
            "errors": report["errors"], "deferred": report.get("deferred", 0),
            "unhandled": sum(report.get("unhandled", {}).values()),
            "unhandled_by_entity": report.get("unhandled", {}),
            "oldest_due_seconds": report["oldest_due_seconds"]}
