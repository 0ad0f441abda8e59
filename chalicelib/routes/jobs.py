"""Scheduled functions. `sweep_due` takes now from the event's `time`, never from the wall clock."""
import logging

from chalice import Blueprint, Rate

from chalicelib import sweep, wiring
from chalicelib.clock import parse_instant
from chalicelib.db import queries, sweep_runs
from chalicelib.logs import log
from chalicelib.wiring import services

bp = Blueprint(__name__)


def run_sweep(now):
    container = services()
    container.table()
    report = sweep.run(now, container, queries.due_items, wiring.due_handlers())
    try:  # the heartbeat is for the operator; the run's work is done whatever happens here
        sweep_runs.record(now, sweep.figures(report))
    except Exception:
        log("sweep_heartbeat_failed", logging.WARNING, exc_info=True)
    return report


@bp.schedule(Rate(1, unit=Rate.MINUTES), name="sweep_due")
def sweep_due(event):
    return run_sweep(parse_instant(event.time))
