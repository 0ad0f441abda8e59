"""One optimistic lock for every item whose read-then-write changes can race — a consultation and a
lawyer's statistics (`rev`), an application and a lawyer's profile (`version`); the stored names are
kept, so no item is migrated. A change is written on condition that the lock still holds the value it
was read with, and moves it on by one; a loser reads the item again. An item stored before it had
the attribute (absent) is read as never locked: its first locked write asks that it is still absent.

A write that changes nothing anyone decided (the sweep's bookkeeping, a chat attachment appended)
may ask only `unchanged(item)`, leaving the lock as it was, so it never fails a person's change.
"""
from pynamodb.attributes import NumberAttribute


class Lock(NumberAttribute):
    """The attribute a model is locked by (at most one per model). Absent until the first locked
    write, which makes it 1."""

    def __init__(self, **kwargs):
        kwargs.setdefault("null", True)
        super().__init__(**kwargs)


def lock_name(model):
    """The name of `model`'s Lock attribute, or None for a model that is not locked."""
    return next((name for name, attribute in model.get_attributes().items()
                 if isinstance(attribute, Lock)), None)


def unchanged(item):
    """The condition that nobody has written `item` under its lock since it was read."""
    name = lock_name(type(item))
    attribute, read = getattr(type(item), name), getattr(item, name)
    return attribute == read if read is not None else attribute.does_not_exist()


def locked(item):
    """(condition, action) for writing `item` under its lock: `unchanged(item)`, and the update
    action moving the lock on by one. The new value is set on `item` too, so a put of the item
    writes it as well (use the condition; the action is for updates)."""
    name = lock_name(type(item))
    condition = unchanged(item)
    moved = int(getattr(item, name) or 0) + 1
    setattr(item, name, moved)
    return condition, getattr(type(item), name).set(moved)


def with_lock(item, condition=None):
    """The condition of a write of `item`: `condition` and, for a locked model, `locked(item)`'s
    (the lock then moves on in memory, for a put of the item). Other items pass unchanged."""
    if lock_name(type(item)) is None:
        return condition
    held, _ = locked(item)
    return held if condition is None else condition & held
