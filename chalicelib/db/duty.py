"""The duty roster (值班律师): who is on duty per China day and shift, and how many questions each
duty lawyer took per China hour (the hourly cap is a condition on that counter). Each bureau has its
own roster (`DUTY#<bureau>#<date>`); the hourly load stays per lawyer across bureaus (design §5)."""
from datetime import timedelta

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.scoped import bureau_or_default, reads_legacy, with_legacy

LOAD_TTL = timedelta(days=2)


class DutyShift(Item, discriminator="DutyShift"):
    day = UnicodeAttribute()  # China date
    shift = NumberAttribute()  # 0, 1, 2 … in the order of settings' shift hours
    lawyer_ids = ListAttribute(of=UnicodeAttribute, default=list)
    set_by = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)
    bureau = UnicodeAttribute(null=True)  # whose roster; absent means the default bureau

    def keys(self):
        return {"PK": keys.duty_roster_pk(bureau_or_default(self.bureau), self.day),
                "SK": keys.shift_sk(self.shift)}


class DutyLoad(Item, discriminator="DutyLoad"):
    lawyer_id = UnicodeAttribute()
    hour = UnicodeAttribute()  # China time, yyyy-mm-ddTHH
    count = NumberAttribute(default=0)

    def keys(self):
        return {"PK": f"DUTYLOAD#{self.lawyer_id}", "SK": self.hour}


def new_shift(**fields):
    """One shift of a bureau's roster, to put whole (it replaces who was there)."""
    return DutyShift(**fields)


def _legacy_pk(day):
    return f"DUTY#{day}"  # before issue 10: the default bureau's roster (db/scoped.py)


def shifts_of_day(bureau, day):
    """AP-81: a bureau's roster of a day (the default bureau's also reads the legacy day)."""
    return with_legacy(bureau, DutyShift.query(keys.duty_roster_pk(bureau_or_default(bureau), day)),
                       lambda: DutyShift.query(_legacy_pk(day)), lambda s: int(s.shift))


def shift(bureau, day, number):
    """AP-81: one shift of a bureau's roster, or None (the legacy item when only it exists)."""
    pks = [keys.duty_roster_pk(bureau_or_default(bureau), day)]
    if reads_legacy(bureau):
        pks.append(_legacy_pk(day))
    for pk in pks:
        try:
            return DutyShift.get(pk, keys.shift_sk(number), consistent_read=True)
        except DutyShift.DoesNotExist:
            continue
    return None


def loads(lawyer_ids, hour):
    """{lawyer_id: questions taken this hour} (one BatchGetItem)."""
    if not lawyer_ids:
        return {}
    found = DutyLoad.batch_get([(f"DUTYLOAD#{i}", hour) for i in lawyer_ids], consistent_read=True)
    return {load.lawyer_id: load.count for load in found}


def take(tx, lawyer_id, hour, limit, now):
    """Count one question against the lawyer's hour in `tx`, refused at `limit`."""
    tx.update(DutyLoad(lawyer_id=lawyer_id, hour=hour),
              [DutyLoad.type.set(DutyLoad), DutyLoad.lawyer_id.set(lawyer_id),
               DutyLoad.hour.set(hour), DutyLoad.count.add(1),
               DutyLoad.expires_at.set(now + LOAD_TTL)],
              condition=DutyLoad.count.does_not_exist() | (DutyLoad.count < limit))
