"""A Context for the capability from the composition root's services (routes and the sweep), for
one bureau: its calendar (the national one plus its additions), its offices, its staff."""
from chalicelib import scoping
from chalicelib.db import keys, queries
from chalicelib.db.models import StaffAccount

from . import offices, workcal
from .lifecycle import Context


def staff_openids(bureau):
    """Who hears a bureau's staff reminders: its staff on duty who follow the account, else every
    one of its staff who does (AP-14; a county office has a handful)."""
    listed = {s.staff_id: s for s in StaffAccount.gsi1.query("STAFF")}  # before issue 10 (AP-14)
    listed.update((s.staff_id, s) for s in StaffAccount.gsi1.query(keys.staff_list_key(bureau)))
    staff = [s for s in listed.values() if s.openid and scoping.bureau_of(s) == bureau]
    on_duty = [s.openid for s in staff if s.on_duty]
    return on_duty or [s.openid for s in staff]


def context(services, now=None, *, kick=None, bureau=None):
    """`bureau`: the bureau the work belongs to (an application's own, a staff member's, the
    bureau a citizen applies at); the default bureau when not given."""
    services.table()
    now = now or services.clock.now()
    bureau = bureau or services.settings.default_bureau
    return Context(now, calendar=lambda: workcal.load(now, bureau),
                   catalog=queries.service_types,
                   offices=lambda: offices.offices_of(bureau, queries.service_types),
                   public_base_url=services.settings.public_base_url,
                   kick=kick or (lambda ids: None), staff_openids=lambda: staff_openids(bureau),
                   bureau=bureau)
