"""A Context for the capability from the composition root's services (routes and the sweep), for
one bureau: its calendar (the national one plus its additions), its offices, its staff; and the
sweep's handler for applications with time-driven work."""
import logging

from chalicelib import scoping
from chalicelib.context import shared
from chalicelib.db import queries
from chalicelib.db.applications import application
from chalicelib.logs import log

from . import offices, reminders, workcal
from .lifecycle import Context


def context(services, now=None, *, bureau=None):
    """`bureau`: the bureau the work belongs to (an application's own, a staff member's, the
    bureau a citizen applies at); the default bureau when not given. The shared part
    (chalicelib.context.shared: its store, its staff, the after-commit map) and the bureau's own
    calendar, catalogue and offices."""
    common = shared(services, now, bureau=bureau)
    now, bureau = common["now"], common["bureau"]
    return Context(calendar=lambda: workcal.load(now, bureau), catalog=queries.service_types,
                   offices=lambda: offices.offices_of(bureau, queries.service_types), **common)


def application_due(item, now, services):
    """The sweep's handler for Application (wiring.due_handlers): lapses, reminders and the next
    wake-up of one application, in its own bureau (its calendar; its staff hear the staff
    reminders)."""
    app = application(item.application_id)  # the DUE index lags: decide on a consistent read
    if app is None:
        return
    ctx = context(services, now, bureau=scoping.bureau_of(app))
    reminders.run(ctx, app)
    if ctx.sent:
        log("application_sweep", logging.INFO, application=item.application_id, queued=len(ctx.sent))
