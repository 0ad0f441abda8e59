"""The search's content generations (issue 13; AP-265, AP-266 in docs/data-model.md): one small
item per scope, `SEARCHGEN#<scope>` / `GEN` {count}, scope `PLATFORM` (imported law versions) or a
bureau's code (its 热点普法 and templates). Every write that changes what search may find adds 1 to
its scope's count in the same transaction; a container reads the count (one GetItem, at most once a
minute a scope: chalicelib/library/live.py) and rebuilds that part of its index when it moved."""
from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.db import effects
from chalicelib.db.base import Item

PLATFORM = "PLATFORM"


class SearchGeneration(Item, discriminator="SearchGeneration"):
    scope = UnicodeAttribute()
    count = NumberAttribute(default=0)

    def keys(self):
        return {"PK": f"SEARCHGEN#{self.scope}", "SK": "GEN"}


def _actions(scope):
    return [SearchGeneration.type.set(SearchGeneration), SearchGeneration.scope.set(scope),
            SearchGeneration.count.add(1)]


def bump(scope):
    """AP-266: the effect that moves `scope`'s generation on (an item created at its first bump)."""
    return effects.Update(SearchGeneration(scope=scope), _actions(scope), label="search_generation")


def bump_with(tx, scope):
    """AP-266: the same, added to an open TransactWrite (or an Effects list)."""
    tx.update(SearchGeneration(scope=scope), actions=_actions(scope))


def read(scope):
    """AP-265: `scope`'s generation (0 before any publishing): one eventually consistent GetItem."""
    try:
        return int(SearchGeneration.get(f"SEARCHGEN#{scope}", "GEN").count or 0)
    except SearchGeneration.DoesNotExist:
        return 0
