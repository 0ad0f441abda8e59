"""Reading a bureau's partitions during the expand phase (docs/decisions/many-bureaus.md §8).

New writes use the bureau keys of `db/keys.py`. Items written before issue 10 still sit under the
legacy, bureau-less keys (`STAFF`, `CONSDAY#<date>`, `DUTY#<date>`, `AUDIT#<date>`, `OUTBOX_FAILED`)
until the migration (step 14) moves them; all of them are the default bureau's. So a reader of the
default bureau also reads the legacy partition, keeps only the default bureau's items there (an item
saved between the lead's step 3 and this change may carry another bureau under a legacy key), and
lets the new key win where both hold the same item. No flag: the contract step drops `LEGACY_READ`
together with the legacy shapes.
"""
from chalicelib.settings import get_settings

LEGACY_READ = True  # dropped at the contract step (design §8.3)


def default_bureau():
    return get_settings().default_bureau


def bureau_or_default(bureau):
    """A stored or requested bureau; absent means the default bureau."""
    return bureau or default_bureau()


def reads_legacy(bureau):
    """Whether a read of `bureau`'s partition also reads the legacy one."""
    return LEGACY_READ and bureau_or_default(bureau) == default_bureau()


def with_legacy(bureau, current, legacy_query, identity):
    """`current` (items under the bureau key) plus the default bureau's items found by `legacy_query()`
    that `current` does not already hold (by `identity(item)`); legacy items of another bureau are
    dropped. Only the default bureau runs the legacy query."""
    found = list(current)
    if not reads_legacy(bureau):
        return found
    seen = {identity(item) for item in found}
    for item in legacy_query():
        if identity(item) not in seen and bureau_or_default(getattr(item, "bureau", None)) == \
                bureau_or_default(bureau):
            seen.add(identity(item))
            found.append(item)
    return found
