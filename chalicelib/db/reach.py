"""A lawyer's reach beyond their home county (issue 10, docs/decisions/many-bureaus.md §2; AP-82..84).

`Lawyer.serves` lists other counties the lawyer takes questions from (at most MAX_SERVES). Each gets:
- a reach slot per specialty, `LAWYER#<id>` / `SLOT#<cat>#AT#<county>`, in that county's pool only
  (GSI1 `POOL#county#<county>#<cat>`, the home slots' fairness key);
- a directory entry, `LAWYER#<id>` / `SERVES#<county>`, in GSI1 `LAWYERS#<county>` by name.

Both are index entries derived from the profile, never the truth: the dispatch transaction writes
the profile and its home slots only, and `refresh` makes them match the profile after the commit
(the table's stream on AWS, a worker thread locally). Dispatch re-reads the profile, so an entry
that lags costs one skipped read, never a wrong dispatch.
"""
from pynamodb.attributes import BooleanAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.models import Lawyer, takes_questions

MAX_SERVES = 8


class LawyerReachSlot(Item, discriminator="LawyerReachSlot"):
    """One specialty of a lawyer in the county pool of a county they serve (not their home).
    `profile_version` is the profile version it was derived from: an older refresh never
    overwrites a newer one's entry."""
    lawyer_id = UnicodeAttribute()
    category = UnicodeAttribute()
    county = UnicodeAttribute()  # the served county
    stars = NumberAttribute(default=0)
    last_dispatched_at = UnicodeAttribute(null=True)
    available = BooleanAttribute(default=True)
    profile_version = NumberAttribute(null=True)

    def keys(self):
        computed = {"PK": keys.lawyer_pk(self.lawyer_id),
                    "SK": keys.reach_slot_sk(self.category, self.county)}
        if self.available:
            computed.update(GSI1PK=keys.pool_key("county", self.county, self.category),
                            GSI1SK=keys.fairness_key(self.last_dispatched_at, self.stars,
                                                     self.lawyer_id))
        return computed


class LawyerReach(Item, discriminator="LawyerReach"):
    """A lawyer in the directory of a county they serve, beside the county's own lawyers."""
    lawyer_id = UnicodeAttribute()
    county = UnicodeAttribute()
    name = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.lawyer_pk(self.lawyer_id), "SK": keys.serves_sk(self.county),
                "GSI1PK": keys.county_lawyers_key(self.county),
                "GSI1SK": keys.lawyer_directory_sort(self.name, self.lawyer_id)}


def served(lawyer):
    """The counties `lawyer` serves besides their home, in order, without repeats, at most 8."""
    home = getattr(lawyer, "county", None)
    counties = [c for c in dict.fromkeys(getattr(lawyer, "serves", None) or []) if c and c != home]
    return counties[:MAX_SERVES]


def covers(lawyer, county):
    """Whether `county` is the lawyer's home or one they serve."""
    return county == lawyer.county or county in served(lawyer)


def reach_items(lawyer):
    """The reach slots and directory entries the profile calls for, as they must now stand."""
    free = (lawyer.open_questions or 0) < lawyer.max_open_questions and takes_questions(lawyer)
    version = int(lawyer.version or 0)
    items = []
    for county in served(lawyer):
        items.append(LawyerReach(lawyer_id=lawyer.lawyer_id, county=county, name=lawyer.name))
        items += [LawyerReachSlot(lawyer_id=lawyer.lawyer_id, category=category, county=county,
                                  stars=lawyer.stars or 0, available=free,
                                  last_dispatched_at=lawyer.last_dispatched_at,
                                  profile_version=version)
                  for category in lawyer.specialties or []]
    return items


def _shape(item):
    shown = item.serialize()
    shown.pop("profile_version", None)
    return shown


def refresh(lawyer_id):
    """Make the lawyer's reach slots and directory entries match their profile: one consistent
    Query of the lawyer's partition, then a Put for each entry that differs and a Delete for each
    entry no longer called for. Idempotent. Returns {"written": n, "deleted": n}."""
    found = list(Item.query(keys.lawyer_pk(lawyer_id), consistent_read=True))
    profile = next((i for i in found if isinstance(i, Lawyer)), None)
    have = {i.SK: i for i in found if isinstance(i, (LawyerReachSlot, LawyerReach))}
    want = {i.SK: i for i in reach_items(profile)} if profile else {}
    written = deleted = 0
    for sk, item in want.items():
        if sk in have and _shape(have[sk]) == _shape(item):
            continue
        if _put(item):
            written += 1
    for sk in have.keys() - want.keys():
        have[sk].delete()
        deleted += 1
    return {"written": written, "deleted": deleted}


def _put(item):
    if not isinstance(item, LawyerReachSlot):
        item.save()
        return True
    version = LawyerReachSlot.profile_version
    try:  # a refresh that read an older profile (out of order) must not undo a newer one
        item.save(condition=version.does_not_exist() | (version <= item.profile_version))
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True
