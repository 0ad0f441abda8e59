"""Reading a bureau's partitions during the expand phase (docs/decisions/many-bureaus.md §8).

New writes use the bureau keys of `db/keys.py`. Items written before issue 10 still sit under the
legacy, bureau-less keys (`STAFF`, `CONSDAY#<date>`, `DUTY#<date>`, `AUDIT#<date>`, `OUTBOX_FAILED`)
until the migration (step 14) moves them; all of them are the default bureau's. So a reader of the
default bureau also reads the legacy partition, keeps only the default bureau's items there (an item
saved between the lead's step 3 and this change may carry another bureau under a legacy key), and
lets the new key win where both hold the same item. `LEGACY_READS=off` (a deploy setting) turns the
legacy reads off once `python -m migrations.m010_bureaus --contract` has verified that the table
holds no legacy item; the code paths themselves go with the legacy shapes later (design §8.3).
"""
from chalicelib.settings import get_settings

LEGACY_READ = True  # dropped with the legacy shapes (design §8.3); LEGACY_READS=off turns it off


def legacy_read():
    """Whether readers still read the legacy partitions (LEGACY_READS is not `off`)."""
    return LEGACY_READ and get_settings().legacy_reads != "off"


def default_bureau():
    return get_settings().default_bureau


def bureau_or_default(bureau):
    """A stored or requested bureau; absent means the default bureau."""
    return bureau or default_bureau()


def reads_legacy(bureau):
    """Whether a read of `bureau`'s partition also reads the legacy one."""
    return legacy_read() and bureau_or_default(bureau) == default_bureau()


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
