"""A Context for the capability from the composition root's services (routes and the sweep)."""
from chalicelib.db import queries
from chalicelib.db.models import StaffAccount

from . import workcal
from .lifecycle import Context


def staff_openids():
    """Who hears staff reminders: staff on duty who follow the account, else every staff member
    who does (AP-14; a county office has a handful)."""
    staff = [s for s in StaffAccount.gsi1.query("STAFF") if s.openid]
    on_duty = [s.openid for s in staff if s.on_duty]
    return on_duty or [s.openid for s in staff]


def context(services, now=None, *, kick=None):
    services.table()
    now = now or services.clock.now()
    return Context(now, calendar=lambda: workcal.load(now), catalog=queries.service_types,
                   public_base_url=services.settings.public_base_url,
                   kick=kick or (lambda ids: None), staff_openids=staff_openids,
                   bureau=services.settings.default_bureau)
