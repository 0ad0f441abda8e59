"""Queries named after the access patterns in docs/data-model.md. No Scan anywhere."""
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


def due_items(until, limit=200):
    """AP-20: items whose time-driven work is due at or before `until`, oldest first.

    The DUE index is sparse: an item leaves it when its work is done, so this reads only due work,
    whatever the size of the table.
    """
    return Item.due.query(keys.DUE_PARTITION, Item.DUEAT <= iso(until) + "~", limit=limit)
