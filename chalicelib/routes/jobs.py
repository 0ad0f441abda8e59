"""Scheduled functions. `sweep_due` takes now from the event's `time`, never from the wall clock."""
from chalice import Blueprint, Rate

from chalicelib import sweep, wiring
from chalicelib.clock import parse_instant
from chalicelib.db import queries
from chalicelib.wiring import services

bp = Blueprint(__name__)


def run_sweep(now):
    container = services()
    container.table()
    return sweep.run(now, container, queries.due_items, wiring.due_handlers())


@bp.schedule(Rate(1, unit=Rate.MINUTES), name="sweep_due")
def sweep_due(event):
    return run_sweep(parse_instant(event.time))
