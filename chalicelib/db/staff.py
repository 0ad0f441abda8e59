"""A bureau's staff (AP-78) and who of them hears alerts (AP-79): staff on duty who follow the
bureau's account, else every staff member of the bureau who does. Never anyone of another bureau.

Staff items written before issue 10 sit in the legacy GSI1 partition `STAFF` (the default bureau's)
until the migration re-saves them (db/scoped.py)."""
from chalicelib.db import keys
from chalicelib.db.models import StaffAccount
from chalicelib.db.scoped import bureau_or_default, with_legacy

LEGACY_LIST = "STAFF"


def _id(item):
    return item.staff_id


def staff_of(bureau):
    """AP-78: the bureau's staff (a county office has a handful: one query, no paging)."""
    bureau = bureau_or_default(bureau)
    return with_legacy(bureau, StaffAccount.gsi1.query(keys.staff_list_key(bureau)),
                       lambda: StaffAccount.gsi1.query(LEGACY_LIST), _id)


def staff_on_duty(bureau):
    """AP-79: the bureau's staff on duty (legacy items: those of the legacy list with `on_duty`)."""
    bureau = bureau_or_default(bureau)
    return with_legacy(bureau, StaffAccount.gsi2.query(keys.staff_on_duty_key(bureau)),
                       lambda: (s for s in StaffAccount.gsi1.query(LEGACY_LIST) if s.on_duty), _id)


def staff_openids(bureau=None):
    """Who hears the bureau's staff alerts and reminders (default: the default bureau's)."""
    on_duty = [s.openid for s in staff_on_duty(bureau) if s.openid]
    return on_duty or [s.openid for s in staff_of(bureau) if s.openid]
