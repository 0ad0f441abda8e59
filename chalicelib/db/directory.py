"""The lawyers' directory on the single table (issue 12, docs/data-model.md "The lawyers' directory",
AP-210..AP-216): a bureau's service catalogue (点单), each lawyer's published service items, and the
reads of a county listing — the county's profiles (AP-82) plus one batch get of their published
items and counters. Writes are effects (db/effects.py) under the items' locks."""
from pynamodb.attributes import JSONAttribute, UnicodeAttribute

from chalicelib.db import keys, pools
from chalicelib.db.base import Item
from chalicelib.db.effects import Put
from chalicelib.db.locking import Lock, locked
from chalicelib.db.payouts import LawyerStats

CATALOGUE_SK = "SVCCATALOGUE"
SERVICES_SK = "SERVICES"
BATCH = 100  # BatchGetItem's limit of keys


class ServiceCatalogue(Item, discriminator="ServiceCatalogue"):
    """A bureau's catalogue: [{code, name, cap_yuan (null: no cap), active}]. Absent until its
    staff first save it; until then the bureau offers the default catalogue."""
    bureau = UnicodeAttribute()
    items = JSONAttribute()
    updated_at = UnicodeAttribute(null=True)
    updated_by = UnicodeAttribute(null=True)
    rev = Lock()

    def keys(self):
        return {"PK": keys.bureau_pk(self.bureau), "SK": CATALOGUE_SK}


class LawyerServices(Item, discriminator="LawyerServices"):
    """The service items a lawyer publishes: [{code, min_yuan, max_yuan, negotiable, includes}]
    (prices null when 面议), from the catalogue of `bureau` (their home county's)."""
    lawyer_id = UnicodeAttribute()
    bureau = UnicodeAttribute()
    items = JSONAttribute()
    updated_at = UnicodeAttribute(null=True)
    rev = Lock()

    def keys(self):
        return {"PK": keys.lawyer_pk(self.lawyer_id), "SK": SERVICES_SK}


def catalogue(bureau):
    """AP-210: the bureau's stored catalogue, or None (consistent: a save is conditioned on it)."""
    try:
        return ServiceCatalogue.get(keys.bureau_pk(bureau), CATALOGUE_SK, consistent_read=True)
    except ServiceCatalogue.DoesNotExist:
        return None


def lawyer_services(lawyer_id):
    """AP-212: the lawyer's published items, or None."""
    try:
        return LawyerServices.get(keys.lawyer_pk(lawyer_id), SERVICES_SK, consistent_read=True)
    except LawyerServices.DoesNotExist:
        return None


def _put(item, read):
    """The Put of `item`, on condition nobody saved it since `read` (None: nobody has yet)."""
    if read is not None:
        item.rev = read.rev
    condition, _ = locked(item)
    return Put(item, condition, label="directory")


def catalogue_put(bureau, items, at, by, read):
    """AP-211: the Put replacing the bureau's catalogue, at the revision `read` had."""
    return _put(ServiceCatalogue(bureau=bureau, items=items, updated_at=at, updated_by=by), read)


def services_put(lawyer_id, bureau, items, at, read):
    """AP-212: the Put replacing a lawyer's published items, at the revision `read` had."""
    return _put(LawyerServices(lawyer_id=lawyer_id, bureau=bureau, items=items, updated_at=at), read)


def county_profiles(counties):
    """AP-213 (read-only use of AP-82): every lawyer of these counties, home or served."""
    return pools.lawyers_of_counties(counties)


def extras(lawyer_ids):
    """AP-214: ({lawyer_id: LawyerStats}, {lawyer_id: LawyerServices}) of these lawyers: one
    BatchGetItem per 50 lawyers (two keys each). Eventually consistent: a listing may lag a write
    by a moment."""
    wanted = list(dict.fromkeys(lawyer_ids))
    stats, services = {}, {}
    for start in range(0, len(wanted), BATCH // 2):
        chunk = wanted[start:start + BATCH // 2]
        pairs = [(keys.lawyer_pk(i), sk) for i in chunk for sk in ("STATS", SERVICES_SK)]
        for item in Item.batch_get(pairs):
            if isinstance(item, LawyerStats):
                stats[item.lawyer_id] = item
            elif isinstance(item, LawyerServices):
                services[item.lawyer_id] = item
    return stats, services
