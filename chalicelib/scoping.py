"""Staff see only their own bureau's work (docs/decisions/many-bureaus.md §2, §6).

A route that reads an item by its global id passes it through `owned`: an item of another bureau is
answered exactly as an id that does not exist, with the route's own not-found error, so the answer
gives nothing away. List routes build their keys from `caller.bureau` alone and never need this.
An item without a `bureau` attribute was written before issue 10 and is the default bureau's.
"""
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
