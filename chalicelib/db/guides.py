"""Where a bureau's cases are filed, for its 诉讼指引 (issue 13, AP-240, AP-241).

`BUREAU#<code>` / `VENUES` {venues: [{kind, name, address, phone, hours, verified}], version,
updated_at, updated_by}. Absent until the bureau's staff first save theirs: the guides then show the
seed (seeds/guide_venues.json). Saved with a version check, so two clerks editing at once cannot
silently overwrite each other.
"""
from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from chalicelib.db import keys
from chalicelib.db.base import Item

VENUES_SK = "VENUES"


class BureauVenues(Item, discriminator="BureauVenues"):
    bureau = UnicodeAttribute()
    venues = JSONAttribute(default=list)
    version = NumberAttribute(default=1)
    updated_at = UnicodeAttribute()
    updated_by = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.bureau_pk(self.bureau), "SK": VENUES_SK}


def venues_of(bureau):
    """AP-240: the bureau's saved venues, or None (GetItem, consistent)."""
    try:
        return BureauVenues.get(keys.bureau_pk(bureau), VENUES_SK, consistent_read=True)
    except BureauVenues.DoesNotExist:
        return None


def save_venues(bureau, venues, seen_version, at, by):
    """AP-241: write `venues` as version `seen_version + 1`, only if the stored version is still
    `seen_version` (0: none stored yet). The new item, or None when someone saved first."""
    item = BureauVenues(bureau=bureau, venues=venues, version=seen_version + 1, updated_at=at,
                        updated_by=by)
    condition = (BureauVenues.PK.does_not_exist() if seen_version == 0
                 else BureauVenues.version == seen_version)
    try:
        item.save(condition=condition)
    except PutError:
        return None
    return item
