"""Changing an item that was read: the update actions for some fields, with every index key
recomputed from the new state, so an item enters or leaves a sparse index (the DUE index, a
lawyer's inbox, a dispatch pool) in the same write that changes the fields it depends on."""
from chalicelib.db.base import KEY_ATTRIBUTES
from chalicelib.db.locking import locked


def changed(item, changes):
    """Apply `changes` (None removes a field) to `item` in memory; return the update actions."""
    cls = type(item)
    for name, value in changes.items():
        setattr(item, name, value)
    actions = [getattr(cls, name).set(value) if value is not None else getattr(cls, name).remove()
               for name, value in changes.items()]
    computed = item.keys()
    for name in KEY_ATTRIBUTES[2:]:  # PK and SK never change
        value = computed.get(name)
        actions.append(getattr(cls, name).set(value) if value else getattr(cls, name).remove())
        setattr(item, name, value)
    return actions


def revise(consultation, changes):
    """(actions, condition) changing a consultation read at revision `rev`: the write is refused if
    anyone changed it since, and the caller reads it again."""
    condition, moved = locked(consultation)
    return [*changed(consultation, changes), moved], condition
