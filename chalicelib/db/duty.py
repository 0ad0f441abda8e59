"""The duty roster (值班律师): who is on duty per China day and shift, and how many questions each
duty lawyer took per China hour (the hourly cap is a condition on that counter)."""
from datetime import timedelta

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.db.base import Item
from chalicelib.db.keys import duty_roster_pk

LOAD_TTL = timedelta(days=2)


class DutyShift(Item, discriminator="DutyShift"):
    """One shift of one bureau's roster. The default bureau keeps the key it had before there were
    bureaus (`DUTY#<date>`, `bureau` absent) until the migration moves it (many-bureaus.md §8);
    every other bureau's roster is `DUTY#<bureau>#<date>`."""
    bureau = UnicodeAttribute(null=True)
    day = UnicodeAttribute()  # China date
    shift = NumberAttribute()  # 0, 1, 2 … in the order of settings' shift hours
    lawyer_ids = ListAttribute(of=UnicodeAttribute, default=list)
    set_by = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": roster_pk(self.bureau, self.day), "SK": f"SHIFT#{int(self.shift)}"}


def roster_pk(bureau, day):
    return duty_roster_pk(bureau, day) if bureau else f"DUTY#{day}"


class DutyLoad(Item, discriminator="DutyLoad"):
    lawyer_id = UnicodeAttribute()
    hour = UnicodeAttribute()  # China time, yyyy-mm-ddTHH
    count = NumberAttribute(default=0)

    def keys(self):
        return {"PK": f"DUTYLOAD#{self.lawyer_id}", "SK": self.hour}


def shifts_of_day(day, bureau=None):
    """The shifts of `bureau`'s roster on a China day (None: the default bureau's)."""
    return list(DutyShift.query(roster_pk(bureau, day)))


def shift(day, number, bureau=None):
    try:
        return DutyShift.get(roster_pk(bureau, day), f"SHIFT#{int(number)}", consistent_read=True)
    except DutyShift.DoesNotExist:
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
