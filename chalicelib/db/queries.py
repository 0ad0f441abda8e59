"""Queries named after the access patterns in docs/data-model.md. No Scan anywhere."""
from typing import NamedTuple

from pynamodb.pagination import ResultIterator

from chalicelib.clock import iso
from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.models import Category, Region, ServiceType


def categories():
    """AP-01: the legal matter categories, in display order."""
    return list(Category.query("CATEGORY"))


def service_types():
    """AP-02: the service catalog, in display order."""
    return list(ServiceType.query("SERVICE_TYPE"))


def child_regions(parent):
    """AP-04: the regions directly under `parent` (a GB/T 2260 code), in code order."""
    return [r for r in Region.gsi1.query(f"REGION_CHILDREN#{parent}") if isinstance(r, Region)]


def region(code):
    """AP-03: the region of a GB/T 2260 code, or None."""
    try:
        return Region.get(f"REGION#{code}", "REGION")
    except Region.DoesNotExist:
        return None


def due_items(until, limit=200):
    """AP-20: items whose time-driven work is due at or before `until`, oldest first.

    The DUE index is sparse: an item leaves it when its work is done, so this reads only due work,
    whatever the size of the table. Unlike `Item.due.query` (which filters on the entities this
    code knows), it also returns an item of an entity this code does not know — written by a later
    release, then rolled back — as a `Stranded` record, so the sweep reports it instead of never
    seeing it.
    """
    query = dict(range_key_condition=Item.DUEAT <= iso(until) + "~", index_name="DUE", limit=limit)
    return ResultIterator(Item._get_connection().query, (keys.DUE_PARTITION,), query,
                          map_fn=_due_item, limit=limit)


class Stranded(NamedTuple):
    """A due item whose entity this code has no model for: enough to name it in a log."""
    entity: str
    PK: str
    SK: str
    DUEAT: str


def _due_item(raw):
    try:
        return Item.from_raw_data(raw)
    except ValueError:  # an unknown discriminator
        text = {name: (raw.get(name) or {}).get("S", "") for name in ("type", "PK", "SK", "DUEAT")}
        return Stranded(text["type"] or "?", text["PK"], text["SK"], text["DUEAT"])
