"""The lawyer profiles a bureau's roster and the lawyers' lifecycle write (issue 11): a profile and
its home slots in one transaction, created only where no profile holds the licence, changed only at
the version read (the version dispatch writes under). A refusal raises `writes.Cancelled`."""
from chalicelib.db import pools
from chalicelib.db.base import transact_write
from chalicelib.db.locking import locked
from chalicelib.db.models import Lawyer, LawyerSlot
from chalicelib.db.writes import Cancelled, TransactWriteError, cancelled


def new_profile(**fields):
    """A Lawyer profile not yet written."""
    return Lawyer(**fields)


def changed(current, fields):
    """A copy of the stored profile `current` with `fields` set; it keeps the version it was read at,
    so writing it is refused if the profile changed meanwhile."""
    profile = Lawyer.from_raw_data(current.serialize())
    for name, value in fields.items():
        setattr(profile, name, value)
    return profile


def write_profile(profile, current):
    """The profile and its home slots in one transaction: created only if no profile holds the
    licence (`current` None), changed only at the version read; slots of dropped specialties
    deleted. A refusal raises `writes.Cancelled` naming "profile", "slot:<category>" or
    "dropped:<category>"."""
    slots = pools.slots_of(profile, available=pools.in_pools(profile),
                           last_dispatched_at=profile.last_dispatched_at)
    dropped = sorted(set(current.specialties or ()) - set(profile.specialties)) if current else []
    # As TransactWrite sends them: deletes, then puts.
    labels = [f"dropped:{c}" for c in dropped] + ["profile"] + [f"slot:{s.category}" for s in slots]
    try:
        with transact_write() as tx:
            held, _ = locked(profile)
            tx.save(profile, condition=(held & Lawyer.PK.does_not_exist()) if current is None else held)
            for slot in slots:
                tx.save(slot)
            for category in dropped:
                tx.delete(LawyerSlot(lawyer_id=profile.lawyer_id, category=category,
                                     county=current.county, city=current.city,
                                     province=current.province))
    except TransactWriteError as exc:
        raise cancelled(exc, labels) from exc


def write_status(profile):
    """A lifecycle change: the profile (at the version read) and its home slots, in or out of the
    pools as the new status says, in one transaction. Any refusal raises `writes.Cancelled` (the
    caller reads the profile again)."""
    slots = pools.slots_of(profile, available=pools.in_pools(profile),
                           last_dispatched_at=profile.last_dispatched_at)
    try:
        with transact_write() as tx:
            tx.save(profile, condition=locked(profile)[0])
            for slot in slots:
                tx.save(slot)
    except TransactWriteError as exc:
        found = cancelled(exc, ["profile"] + [f"slot:{s.category}" for s in slots])
        raise (found if isinstance(found, Cancelled) else Cancelled({})) from exc
