"""Scheduled functions. `sweep_due` takes now from the event's `time`, never from the wall clock."""
from chalice import Blueprint, Rate

from chalicelib import delivery_triggers, sweep  # noqa: F401 (registers the outbox's sweep handler)
from chalicelib import media_copy  # noqa: F401 (registers the chat-media copy's sweep handler)
from chalicelib.reports import job as report_job  # noqa: F401 (registers the monthly reports' handler)
from chalicelib.clock import parse_instant
from chalicelib.db import queries
from chalicelib.wiring import services

bp = Blueprint(__name__)


def run_sweep(now):
    container = services()
    container.table()
    return sweep.run(now, container, queries.due_items)


@bp.schedule(Rate(1, unit=Rate.MINUTES), name="sweep_due")
def sweep_due(event):
    return run_sweep(parse_instant(event.time))
