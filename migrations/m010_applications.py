"""m010's steps for applications, offices, slots and the calendar (design §8.2): the offices of the
service catalogue (`ServiceType.offices`) become the default bureau's Office items; then its slots
(`SLOT#<office>#<date>`, each catalogue or stored office, each date from `--since` to
`--slots-ahead` days after today, a year by default: the app sets no limit on how far ahead staff
open slots), its calendar additions (`CALENDAR#<year>`)
and its review queues (`APPQ#<status>`, each status but draft, which has no queue key) move.
"""
from datetime import timedelta

from chalicelib.applications.states import LABELS
from chalicelib.db import keys
from chalicelib.db.models import ServiceType
from chalicelib.db.offices import catalog_offices, stored_offices
from migrations import moves
from migrations.m010_steps import Step, days, index_move, index_restore, pk_move, pk_restore, query

QUEUED = [status for status in LABELS if status != "draft"]


def _catalogue_offices(run):
    return catalog_offices(run.bureau, list(ServiceType.query("SERVICE_TYPE")))


def write_offices(run):
    """Each catalogue office as an Office item of the default bureau, unless it already has one."""
    counts = moves.Counts()
    for office in _catalogue_offices(run):
        raw = moves.marked(office.serialize(), {"keys": {}, "added": [], "created": True})
        if run.dry_run:
            held = moves.existing(run.db, run.table, [raw])
            counts.add(moves.Counts(kept_newer=1) if held else moves.Counts(moved=1))
            continue
        try:
            run.db.put_item(TableName=run.table, Item=raw, ConditionExpression="attribute_not_exists(PK)")
            counts.moved += 1
        except run.db.exceptions.ConditionalCheckFailedException:
            counts.kept_newer += 1
    return counts


def remove_offices(run):
    """The reverse: the Office items m010 wrote (and nobody re-saved) go; the catalogue still has them."""
    counts = moves.Counts()
    for raw in query(run, keys.bureau_pk(run.bureau)):
        if raw["SK"]["S"].startswith("OFFICE#") and moves.MARK in raw:
            counts.moved += 1
            if not run.dry_run:
                run.db.delete_item(TableName=run.table, Key=moves.key_of(raw),
                                   ConditionExpression="attribute_exists(#m)",
                                   ExpressionAttributeNames={"#m": moves.MARK})
    return counts


def _offices(run):
    codes = {o.office for o in _catalogue_offices(run)} | {o.office for o in stored_offices(run.bureau)}
    return sorted(codes)


def _slot_days(run):
    return list(days(run.since, run.today + timedelta(days=run.slots_ahead)))


def _years(run):
    return range(run.since.year, run.today.year + 2)


def _bureau(run):
    return {"bureau": {"S": run.bureau}}


STEPS = [
    Step("offices", "ServiceType.offices -> Office items BUREAU#<bureau>/OFFICE#<office>",
         write_offices, remove_offices),
    Step("slots", "AppointmentSlot: SLOT#<office>#<date> -> SLOT#<bureau>#<office>#<date>",
         pk_move(lambda run: [f"SLOT#{o}#{d}" for o in _offices(run) for d in _slot_days(run)], _bureau),
         pk_restore(lambda run: [keys.appointment_slot_pk(run.bureau, o, d)
                                 for o in _offices(run) for d in _slot_days(run)])),
    Step("calendar", "CalendarDay: CALENDAR#<year> -> CALENDAR#<bureau>#<year>",
         pk_move(lambda run: [f"CALENDAR#{y}" for y in _years(run)], _bureau),
         pk_restore(lambda run: [keys.calendar_pk(run.bureau, y) for y in _years(run)])),
    Step("applications_queue", "Application: GSI2 APPQ#<status> -> APPQ#<bureau>#<status>",
         index_move("GSI2", lambda run: [f"APPQ#{s}" for s in QUEUED],
                    lambda raw: raw.get("type", {}).get("S") == "Application"),
         index_restore("GSI2", lambda run: [keys.application_queue_key(run.bureau, s) for s in QUEUED])),
]
