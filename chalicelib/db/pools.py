"""The dispatch pools (AP-12) and what dispatching or releasing a lawyer writes on their profile
and slots. The lawyer's `version` serialises every such change, slots included."""
from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.locking import locked
from chalicelib.db.models import Lawyer, LawyerSlot, takes_questions
from chalicelib.db.reach import LawyerReach, covers

# Which index holds which pool level (see LawyerSlot.keys).
POOL_INDEX = {"county": "gsi1", "city": "gsi2", "province": "gsi3", "national": "gsi4"}


def lawyers_for_dispatch(level, region_code, category, limit, start_after=None):
    """AP-12: (available lawyers of one pool, least recently dispatched first, then more stars;
    where to go on from). Reads `limit` slots at most, whatever the size of the pool."""
    if limit <= 0 or not region_code:
        return [], None
    index = getattr(Item, POOL_INDEX[level])
    found = index.query(keys.pool_key(level, region_code, category), limit=limit,
                        last_evaluated_key=start_after)
    return list(found), found.last_evaluated_key


def profiles(lawyer_ids):
    """Lawyer profiles by id (one BatchGetItem, consistent: their versions guard the writes)."""
    wanted = list(dict.fromkeys(lawyer_ids))
    if not wanted:
        return {}
    found = Lawyer.batch_get([(f"LAWYER#{i}", "PROFILE") for i in wanted], consistent_read=True)
    return {lawyer.lawyer_id: lawyer for lawyer in found}


def profile(lawyer_id):
    try:
        return Lawyer.get(f"LAWYER#{lawyer_id}", "PROFILE", consistent_read=True)
    except Lawyer.DoesNotExist:
        return None


def lawyers_of_county(county):
    """AP-82 (was AP-10b): every lawyer of `county`, home or served, by name: one Query of GSI1
    `LAWYERS#<county>` (all pages: tens to a few hundred lawyers), which holds the county's own
    profiles and the directory entries of lawyers serving it, whose profiles come in one batch get
    (an entry the profile no longer calls for is left out)."""
    return lawyers_of_counties([county])


def lawyers_of_counties(counties):
    """Every lawyer of these counties (a bureau's regions), each once, by name: one directory Query
    per county and one BatchGetItem per 100 lawyers serving them from elsewhere."""
    wanted = list(dict.fromkeys(counties))
    home, reach = {}, []
    for county in wanted:
        for item in Item.gsi1.query(keys.county_lawyers_key(county)):
            if isinstance(item, Lawyer):
                home[item.lawyer_id] = item
            elif isinstance(item, LawyerReach):
                reach.append(item.lawyer_id)
    others = profiles([i for i in reach if i not in home])
    found = list(home.values()) + [p for i, p in others.items()
                                   if any(covers(p, county) for county in wanted)]
    return sorted(found, key=lambda p: (p.name, p.lawyer_id))


def in_pools(lawyer, open_questions=None):
    """Whether the lawyer's slots belong in the pools: active, and below their open-question limit."""
    count = lawyer.open_questions if open_questions is None else open_questions
    return (count or 0) < lawyer.max_open_questions and takes_questions(lawyer)


def slots_of(lawyer, *, available, last_dispatched_at):
    """The lawyer's slot items as they must now stand: one per specialty, in every pool if available."""
    return [LawyerSlot(lawyer_id=lawyer.lawyer_id, category=category, county=lawyer.county,
                       city=lawyer.city, province=lawyer.province, stars=lawyer.stars or 0,
                       last_dispatched_at=last_dispatched_at, available=available)
            for category in lawyer.specialties or []]


def load_change(tx, lawyer, delta, *, dispatched_at=None, stars=None):
    """Add `delta` to the lawyer's open questions inside `tx`. Dispatching (`dispatched_at` given)
    moves every slot to the back of its pools; reaching the limit takes the slots out of the pools,
    and going below it puts them back. Returns the number of transaction items used."""
    was_free = in_pools(lawyer)
    open_now = max((lawyer.open_questions or 0) + delta, 0)
    free = in_pools(lawyer, open_now)
    actions = [Lawyer.open_questions.set(open_now)]
    if dispatched_at:
        actions.append(Lawyer.last_dispatched_at.set(dispatched_at))
    if stars is not None:
        actions.append(Lawyer.stars.set(stars))
    held, moved = locked(lawyer)
    tx.update(lawyer, [*actions, moved], condition=Lawyer.PK.exists() & held)
    used = 1
    if dispatched_at or was_free != free or stars is not None:
        lawyer.stars = stars if stars is not None else lawyer.stars
        for slot in slots_of(lawyer, available=free,
                             last_dispatched_at=dispatched_at or lawyer.last_dispatched_at):
            tx.save(slot)
            used += 1
    return used


def items_for_load_change(lawyer):
    """How many transaction items `load_change` may use for this lawyer (for the 100-item limit)."""
    return 1 + len(lawyer.specialties or [])
