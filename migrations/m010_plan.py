"""What m010 moves, in order (docs/decisions/many-bureaus.md §8.2). Each legacy partition below is
the default bureau's, and each is enumerable: days from `--since`, months, the staff and parked
lists, and the counties of the region catalogue.

Not moved: `WECHAT`/`ACCESS_TOKEN` (refetched once under `WECHAT#<account>`), `DEDUPE#…` (lives an
hour), and the keys that never carried a bureau.
"""
from datetime import timedelta

from pynamodb.exceptions import PutError

from chalicelib.db import keys
from chalicelib.db import applications, consultations, duty, messaging, models, payouts  # noqa: F401
from migrations import moves
from migrations.m010_applications import STEPS  # offices, slots, calendar, applications_queue
from migrations.m010_steps import (
    DUTY_AHEAD_DAYS, Step, days, index_move, index_restore, months, pk_move, pk_restore, query)


def _of(*types):
    return lambda raw: raw.get("type", {}).get("S") in types


def _days_to(run, ahead):
    return days(run.since, run.today + timedelta(days=ahead))


def write_default_bureau(run):
    """The default Bureau, its Account and its county claims, unless they are already written."""
    from chalicelib.bureaus import default_items

    counts = moves.Counts()
    for item in default_items(run.settings):
        model = type(item)
        if run.dry_run:
            held = model.count(item.PK, model.SK == item.SK, consistent_read=True)
            counts.add(moves.Counts(kept_newer=1) if held else moves.Counts(moved=1))
            continue
        try:
            item.save(condition=model.PK.does_not_exist())
            counts.moved += 1
        except PutError as error:
            if error.cause_response_code != "ConditionalCheckFailedException":
                raise
            counts.kept_newer += 1
    return counts


def _nothing(run):
    """The default Bureau, Account and claims stay: the expand-phase code reads them too."""
    return moves.Counts()


def counties(run):
    """Every county of the region catalogue (GSI1 `REGION_CHILDREN#<parent>`, level by level)."""
    todo, found = ["CN"], []
    while todo:
        parent = todo.pop()
        for raw in query(run, f"REGION_CHILDREN#{parent}", "GSI1"):
            if raw.get("type", {}).get("S") != "Region":
                continue
            code, level = raw["code"]["S"], raw["level"]["S"]
            (found.append if level == "county" else todo.append)(code)
    return sorted(found)


def _lawyer_partitions(run):
    return [keys.county_lawyers_key(county) for county in counties(run)]


def _bound_before_accounts(raw):
    return raw.get("type", {}).get("S") == "Lawyer" and "openid" in raw and "openid_account" not in raw


BUREAU_KEYS = [
    Step("default_bureau", "the default Bureau, its Account and its COUNTY# claims",
         write_default_bureau, _nothing),
    Step("staff", "StaffAccount: GSI1 STAFF -> STAFF#<bureau> (+ GSI2 DUTY#<bureau> when on duty)",
         index_move("GSI1", lambda run: ["STAFF"], _of("StaffAccount")),
         index_restore("GSI1", lambda run: [keys.staff_list_key(run.bureau)])),
    Step("consday", "Consultation: GSI2 CONSDAY#<date> -> CONSDAY#<bureau>#<date>",
         index_move("GSI2", lambda run: [f"CONSDAY#{d}" for d in _days_to(run, 1)], _of("Consultation")),
         index_restore("GSI2", lambda run: [keys.consday_key(run.bureau, d) for d in _days_to(run, 1)])),
    Step("outbox_failed", "parked Notification: GSI2 OUTBOX_FAILED -> OUTBOX_FAILED#<bureau>",
         index_move("GSI2", lambda run: ["OUTBOX_FAILED"], _of("Notification")),
         index_restore("GSI2", lambda run: [keys.failed_notifications_key(run.bureau)])),
    Step("lawyer_openid_account", "Lawyer with an openid: openid_account = the default bureau",
         index_move("GSI1", _lawyer_partitions, _bound_before_accounts,
                    added=lambda run: {"openid_account": {"S": run.bureau}}),
         index_restore("GSI1", _lawyer_partitions)),
    Step("duty", "DutyShift: DUTY#<date> -> DUTY#<bureau>#<date> (to 3 weeks ahead)",
         pk_move(lambda run: [f"DUTY#{d}" for d in _days_to(run, DUTY_AHEAD_DAYS)]),
         pk_restore(lambda run: [keys.duty_roster_pk(run.bureau, d)
                                 for d in _days_to(run, DUTY_AHEAD_DAYS)])),
    Step("audit", "AuditEntry: AUDIT#<date> -> AUDIT#<bureau>#<date>",
         pk_move(lambda run: [f"AUDIT#{d}" for d in _days_to(run, 1)]),
         pk_restore(lambda run: [keys.audit_pk(run.bureau, d) for d in _days_to(run, 1)])),
    Step("payouts", "PayoutLine: PAYOUT#<month>/<at>#<cons> -> PAYOUT#<bureau>#<month>/LINE#…, EARN",
         pk_move(lambda run: [f"PAYOUT#{m}" for m in months(run.since, run.today + timedelta(days=31))],
                 added=lambda run: {"bureau": {"S": run.bureau}}),
         pk_restore(lambda run: [keys.payout_pk(run.bureau, m)
                                 for m in months(run.since, run.today + timedelta(days=31))])),
]

# The bureau and its offices first (the slots step reads the offices), the applications' keys last.
PLAN = BUREAU_KEYS[:1] + STEPS[:1] + BUREAU_KEYS[1:] + STEPS[1:]
