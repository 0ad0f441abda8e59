"""Staff see only their own bureau's work (docs/decisions/many-bureaus.md §2, §6).

A route that reads an item by its global id passes it through `owned`: an item of another bureau is
answered exactly as an id that does not exist, with the route's own not-found error, so the answer
gives nothing away. List routes build their keys from `caller.bureau` alone and never need this.
An item without a `bureau` attribute was written before issue 10 and is the default bureau's.

Lawyers are platform-wide: a bureau's staff see and act on the lawyers who serve one of its
`regions` (home county or `serves`); `serving` answers any other lawyer as one that does not exist.
"""
import time

from chalicelib import bureaus
from chalicelib.db.reach import covers
from chalicelib.settings import get_settings


def bureau_of(item, default=None):
    """The bureau `item` belongs to: its `bureau`, or the default bureau when it has none."""
    return getattr(item, "bureau", None) or default or get_settings().default_bureau


def owned(item, caller, missing):
    """`item` when it exists and belongs to `caller`'s bureau; otherwise raise `missing` (the same
    error the route gives for an id that was never issued)."""
    if item is None or caller.bureau is None or bureau_of(item) != caller.bureau:
        raise missing
    return item


def regions_of(caller, settings=None):
    """The counties the caller's bureau serves (its `regions`, through the per-container bureau
    cache); none for a caller without a bureau. A bureau the cache holds as missing is read again:
    a staff member's bureau exists, so that only happens just after it was created."""
    if not caller.bureau:
        return []
    settings = settings or get_settings()
    found = (bureaus.cached_bureau(settings, caller.bureau, time.monotonic())
             or bureaus.known_bureau(settings, caller.bureau))
    return list(found.regions or []) if found else []


def serving(lawyer, regions, missing):
    """`lawyer` when they serve one of `regions` (their home county or one of `serves`); otherwise
    raise `missing`, the route's error for a lawyer id that does not exist."""
    if lawyer is None or not any(covers(lawyer, county) for county in regions):
        raise missing
    return lawyer


def citizen_bureau(caller):
    """The bureau a caller's citizen side acts in: the bureau of the account their session signed in
    on (an openid belongs to one account, design §4); a lawyer's questions as a citizen are the
    default bureau's, where they are filed."""
    return caller.bureau or get_settings().default_bureau


def citizens_own(item, caller):
    """Whether `item` (a consultation, an application) is the caller's own as a citizen: their
    openid, asked or applied at the bureau of the account they signed in on."""
    return (item is not None and bool(caller.openid) and item.openid == caller.openid
            and bureau_of(item) == citizen_bureau(caller))


def citizen_owned(item, caller, missing):
    """`item` when it is the caller's own as a citizen (`citizens_own`); otherwise raise `missing`,
    the route's error for an id that does not exist: a citizen session of one bureau's account opens
    nothing of another bureau's, even under the same openid."""
    if not citizens_own(item, caller):
        raise missing
    return item
