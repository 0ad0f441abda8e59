"""The duty roster (值班律师): who is on duty per China day and shift, and how many questions each
duty lawyer took per China hour (the hourly cap is a condition on that counter)."""
from datetime import timedelta

from pynamodb.attributes import ListAttribute, NumberAttribute, UnicodeAttribute

from chalicelib.db.base import Item

LOAD_TTL = timedelta(days=2)


class DutyShift(Item, discriminator="DutyShift"):
    day = UnicodeAttribute()  # China date
    shift = NumberAttribute()  # 0, 1, 2 … in the order of settings' shift hours
    lawyer_ids = ListAttribute(of=UnicodeAttribute, default=list)
    set_by = UnicodeAttribute(null=True)
    updated_at = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"DUTY#{self.day}", "SK": f"SHIFT#{int(self.shift)}"}


class DutyLoad(Item, discriminator="DutyLoad"):
    lawyer_id = UnicodeAttribute()
    hour = UnicodeAttribute()  # China time, yyyy-mm-ddTHH
    count = NumberAttribute(default=0)

    def keys(self):
        return {"PK": f"DUTYLOAD#{self.lawyer_id}", "SK": self.hour}


def shifts_of_day(day):
    return list(DutyShift.query(f"DUTY#{day}"))


def shift(day, number):
    try:
        return DutyShift.get(f"DUTY#{day}", f"SHIFT#{int(number)}", consistent_read=True)
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
