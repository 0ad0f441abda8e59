"""A Context for the capability from the composition root's services (routes and the sweep)."""
from chalicelib.db import queries
from chalicelib.db.staff import staff_openids  # the default bureau's, until applications carry theirs

from . import workcal
from .lifecycle import Context


def context(services, now=None, *, kick=None):
    services.table()
    now = now or services.clock.now()
    return Context(now, calendar=lambda: workcal.load(now), catalog=queries.service_types,
                   public_base_url=services.settings.public_base_url,
                   kick=kick or (lambda ids: None), staff_openids=staff_openids,
                   bureau=services.settings.default_bureau)
