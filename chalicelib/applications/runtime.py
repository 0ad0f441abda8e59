"""A Context for the capability from the composition root's services (routes and the sweep), and
the sweep's handler for applications with time-driven work."""
import logging

from chalicelib import after_commit
from chalicelib.db import queries
from chalicelib.db.applications import application
from chalicelib.db.staff import staff_openids  # the default bureau's, until applications carry theirs
from chalicelib.logs import log

from . import reminders, workcal
from .lifecycle import Context


def context(services, now=None):
    """Its notifications, once committed, go to the after-commit map (delivered at once on the
    local stage; by the table's stream on AWS)."""
    services.table()
    now = now or services.clock.now()
    return Context(now, calendar=lambda: workcal.load(now), catalog=queries.service_types,
                   public_base_url=services.settings.public_base_url,
                   on_commit=lambda ids: after_commit.soon("Notification", ids, services),
                   staff_openids=staff_openids,
                   bureau=services.settings.default_bureau)


def application_due(item, now, services):
    """The sweep's handler for Application (wiring.due_handlers): lapses, reminders and the next
    wake-up of one application."""
    app = application(item.application_id)  # the DUE index lags: decide on a consistent read
    if app is None:
        return
    ctx = context(services, now)
    reminders.run(ctx, app)
    if ctx.sent:
        log("application_sweep", logging.INFO, application=item.application_id, queued=len(ctx.sent))
