"""m010 on a pre-issue-10 table (docs/decisions/many-bureaus.md §8): legacy items seeded raw, moved
under the default bureau's keys, the staff's pages unchanged, idempotent, resumable, reversible."""
import json
from datetime import date

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db import keys
from chalicelib.db.applications import audit_of_day
from chalicelib.db.consultations import consultations_on
from chalicelib.db.models import Lawyer
from chalicelib.db.staff import staff_of, staff_openids
from migrations import m010_bureaus
from migrations.m010_plan import PLAN
from migrations.m010_steps import Run
from tests.integration import m010_legacy as legacy

A = "360722"  # the default bureau
SINCE = date(2026, 2, 1)
VIEWS = ["/api/staff/stats?from=2026-02-27&to=2026-03-02", "/api/staff/payouts.csv?month=2026-02",
         "/api/staff/payouts.csv?month=2026-03", "/api/staff/payouts?month=2026-03",
         "/api/staff/duty?date=2026-03-02", "/api/staff/notifications/failed",
         "/api/staff/applications?status=submitted", "/api/staff/applications?status=scheduled",
         f"/api/staff/appointment-slots?office={legacy.OFFICE}&from=2026-03-02&to=2026-03-06",
         "/api/staff/calendar?year=2026", "/api/staff/offices", "/api/staff/dashboard?month=2026-03",
         "/api/staff/dashboard?month=2026-02"]


@pytest.fixture(params=[pytest.param("dynamodb_local", marks=pytest.mark.dynamodb_local)])
def table(request):
    """The legacy table on DynamoDB Local (real transaction limits and conditions). It ran on moto
    too until the suite's time counted: the moto half found nothing DynamoDB Local did not."""
    services = request.getfixturevalue("ddb_table")
    legacy.seed(services)
    from app import app
    with Client(app) as client:
        services.client = client
        yield services


class Counting:
    """The table's client, recording each transaction's size; it fails after `cut` transactions."""

    def __init__(self, db, cut=None):
        self.db, self.cut, self.transactions = db, cut, []

    def transact_write_items(self, **request):
        if self.cut is not None and len(self.transactions) >= self.cut:
            raise ConnectionError("the operator's laptop went to sleep")
        self.transactions.append(len(request["TransactItems"]))
        return self.db.transact_write_items(**request)

    def __getattr__(self, name):
        return getattr(self.db, name)


def staff_get(services, path):
    body, _ = sign_in(Caller("staff", "s-old-1", staff_id="s-old-1", bureau=A),
                      settings=services.settings, clock=services.clock)
    return services.client.http.get(path, headers={"authorization": f"Bearer {body['token']}"}).body.decode()


def views(services):
    """What the default bureau's staff see: the routes' bodies, and the readers without a route."""
    body, _ = sign_in(Caller("staff", "s-old-1", staff_id="s-old-1", bureau=A),
                      settings=services.settings, clock=services.clock)
    headers = {"authorization": f"Bearer {body['token']}"}
    seen = {}
    for path in VIEWS:
        response = services.client.http.get(path, headers=headers)
        assert response.status_code == 200, (path, response.body)
        seen[path] = response.body.decode("utf-8")
    seen["audit"] = [[e.audit_id for e in audit_of_day(day)] for day in legacy.DAYS]
    seen["staff"] = sorted(s.staff_id for s in staff_of(A))
    seen["alerts"] = staff_openids(A)
    seen["consday"] = [[c.id for c in consultations_on(A, day)] for day in legacy.DAYS]
    return seen


def snapshot(services, keep_progress=True):
    """Every item of the table, raw (tests may scan; the migration never does)."""
    pages = services.dynamodb().get_paginator("scan").paginate(TableName=services.table())
    items = [i for page in pages for i in page["Items"]
             if keep_progress or not i["PK"]["S"].startswith("MIGRATION#")]
    return sorted(items, key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


def migrate(services, **options):
    lines = []
    # The legacy slots are days away: a fortnight ahead keeps moto's queries few (default: a year)
    done = m010_bureaus.run(services, since=options.pop("since", SINCE), out=lines.append,
                            slots_ahead=14, **options)
    return done, lines


def legacy_left(services):
    db, table = services.dynamodb(), services.table()
    left = []
    for pk in legacy.LEGACY_PARTITIONS:
        left += db.query(TableName=table, KeyConditionExpression="PK = :pk",
                         ExpressionAttributeValues={":pk": {"S": pk}})["Items"]
    for index, pk in legacy.LEGACY_INDEX_PARTITIONS:
        left += db.query(TableName=table, IndexName=index, KeyConditionExpression=f"{index}PK = :pk",
                         ExpressionAttributeValues={":pk": {"S": pk}})["Items"]
    return left


def assert_migrated(services):
    assert legacy_left(services) == []
    items = {(i["PK"]["S"], i["SK"]["S"]): i for i in snapshot(services)}
    assert (f"DUTY#{A}#2026-03-02", "SHIFT#0") in items
    audit = sorted(pk for pk, sk in items if pk.startswith("AUDIT#"))
    assert audit == [f"AUDIT#{A}#{d}" for d in legacy.DAYS]
    lines = sorted((pk, sk) for pk, sk in items if pk.startswith("PAYOUT#"))
    assert {pk for pk, _ in lines} == {f"PAYOUT#{A}#2026-02", f"PAYOUT#{A}#2026-03"}
    assert all(sk.startswith("LINE#") and items[(pk, sk)]["GSI1PK"]["S"] == "EARN#LX0" for pk, sk in lines)
    staff = items[("STAFF#s-old-1", "PROFILE")]
    assert (staff["GSI1PK"]["S"], staff["GSI2PK"]["S"]) == (f"STAFF#{A}", f"DUTY#{A}")
    assert items[(f"BUREAU#{A}", "BUREAU")] and items[(f"ACCOUNT#{A}", "ACCOUNT")]
    assert items[(f"COUNTY#{A}", "BUREAU")]["bureau"]["S"] == A
    assert items[("LAWYER#LX0", "PROFILE")]["openid_account"]["S"] == A
    assert Lawyer.get("LAWYER#LX0", "PROFILE").openid_account == A  # the accounts' attribute
    assert "openid_account" not in items[("LAWYER#LX1", "PROFILE")]  # never bound: nothing to say
    assert {pk for pk, _ in items if pk.startswith("SLOT#")} == {
        f"SLOT#{A}#{legacy.OFFICE}#2026-03-03", f"SLOT#{A}#{legacy.OFFICE}#2026-03-04"}
    assert items[(f"CALENDAR#{A}#2026", "2026-03-06")]["bureau"]["S"] == A
    assert items[("APP#SQ20260228-OLD001", "META")]["GSI2PK"]["S"] == f"APPQ#{A}#submitted"
    assert (f"BUREAU#{A}", f"OFFICE#{legacy.OFFICE}") in items


def test_every_legacy_item_moves_under_the_default_bureaus_key_and_the_staff_see_the_same(table):
    # Given a pre-issue-10 table, and what the default bureau's staff see on it
    before = views(table)
    assert before["staff"] == ["s-old-1", "s-old-2"] and before["consday"][0]
    # When the migration runs
    done, lines = migrate(table)
    # Then every item is under its new key, the legacy partitions are empty …
    assert_migrated(table)
    assert done["payouts"].moved == 3 and done["staff"].moved == 2 and done["audit"].moved == 2
    assert done["slots"].moved == 2 and done["applications_queue"].moved == 2
    # … and the staff's pages and lists are the same, byte for byte
    assert views(table) == before


def test_a_second_run_changes_nothing_and_each_step_finds_nothing_left(table):
    migrate(table)
    after_first = snapshot(table)
    _, lines = migrate(table)
    assert snapshot(table) == after_first
    assert lines[:len(PLAN)] == [f"{step.name}: done earlier" for step in PLAN]
    # A dry run counts every step again, done or not: nothing is left to move
    done, _ = migrate(table, dry_run=True)
    assert [counts.moved for counts in done.values()] == [0] * len(PLAN)
    # Even with its progress ignored, no step finds anything to move
    run = Run(table.dynamodb(), table.table(), A, SINCE, date(2026, 3, 2), settings=table.settings,
              slots_ahead=14)
    assert [step.forward(run).moved for step in PLAN] == [0] * len(PLAN)
    assert snapshot(table) == after_first


def test_an_interrupted_run_resumes_where_it_stopped(table):
    before = views(table)
    # Given a run stopped after the consultations' days (and --since not given again)
    done, _ = migrate(table, stop_after="consday")
    assert list(done) == ["default_bureau", "offices", "staff", "consday"]
    assert legacy_left(table) and views(table) == before  # half-migrated: the expand reads cover it
    # When it runs again, the finished steps are skipped and the rest are done
    done, lines = migrate(table, since=None)
    assert list(done) == ["outbox_failed", "lawyer_openid_account", "duty", "audit", "payouts", "slots",
                          "calendar", "applications_queue"]
    assert lines[0] == "default_bureau: done earlier"
    assert_migrated(table)
    assert views(table) == before


def test_a_dry_run_counts_and_writes_nothing(table):
    before = snapshot(table)
    done, _ = migrate(table, dry_run=True)
    assert (done["payouts"].moved, done["consday"].moved, done["duty"].moved) == (3, 2, 1)
    assert snapshot(table) == before


def test_reverse_restores_the_legacy_table(table):
    # Given a migrated table
    seen = views(table)
    before = snapshot(table)
    migrate(table)
    # When the migration is reversed
    done, _ = migrate(table, reverse=True)
    assert done["payouts"].moved == 3 and done["duty"].moved == 1
    # Then every moved item is back as it was (lawyers' versions went up: a concurrent writer of the
    # profile must not miss the change), the progress is forgotten, and the staff see the same.
    def unversioned(items):
        return [{k: v for k, v in i.items() if k != "version"} for i in items]
    bureau_items = {f"BUREAU#{A}", f"ACCOUNT#{A}", f"COUNTY#{A}"}  # written once, kept (not its offices)
    after = [i for i in snapshot(table) if i["PK"]["S"] not in bureau_items]
    assert unversioned(after) == unversioned(before)
    assert legacy_left(table)
    assert views(table) == seen
    # And a forward run after that migrates again
    migrate(table)
    assert_migrated(table)


def test_an_item_the_app_wrote_under_the_new_key_wins_over_its_legacy_copy(table):
    # Given the app saved the legacy shift again since the expand deploy (new key, new lawyer)
    db, name = table.dynamodb(), table.table()
    newer = db.get_item(TableName=name, Key={"PK": {"S": "DUTY#2026-03-02"}, "SK": {"S": "SHIFT#0"}})["Item"]
    newer.update(PK={"S": keys.duty_roster_pk(A, "2026-03-02")}, lawyer_ids={"L": [{"S": "LX1"}]})
    db.put_item(TableName=name, Item=newer)
    before = json.loads(views(table)["/api/staff/duty?date=2026-03-02"])
    # When the migration runs, the legacy copy goes and the new item stays as it was
    done, _ = migrate(table)
    assert (done["duty"].moved, done["duty"].kept_newer) == (0, 1)
    assert json.loads(views(table)["/api/staff/duty?date=2026-03-02"]) == before
    assert [lawyer["id"] for lawyer in before["shifts"][0]["lawyers"]] == ["LX1"]


def test_a_big_month_moves_in_transactions_of_at_most_100_items(table, monkeypatch):
    # Given 120 more legacy lines in February
    db, name = table.dynamodb(), table.table()
    for raw in legacy.payout_lines("2026-02", 120):
        db.put_item(TableName=name, Item=raw)
    before = views(table)
    counting = Counting(db)
    monkeypatch.setattr(table, "dynamodb", lambda: counting)
    # When the migration runs
    done, _ = migrate(table)
    # Then February's 121 lines went in 3 transactions (50 + 50 + 21 pairs), March's 2 in one,
    # after the duty day's and the two audit days' own
    assert done["payouts"].moved == 123
    assert counting.transactions == [2, 2, 2, 100, 100, 42, 4, 2, 2, 2]  # + 2 slots, 1 calendar day
    assert views(table) == before
    assert_migrated(table)


def test_a_run_cut_inside_a_step_finishes_on_the_next_run(table, monkeypatch):
    db = table.dynamodb()
    for raw in legacy.payout_lines("2026-02", 60):
        db.put_item(TableName=table.table(), Item=raw)
    before = views(table)
    # Given a run that dies after February's first 50 lines moved
    monkeypatch.setattr(table, "dynamodb", lambda: Counting(db, cut=4))
    with pytest.raises(ConnectionError):
        migrate(table)
    assert not m010_bureaus.Progress(db, table.table()).done("payouts")
    assert views(table) == before  # half a month moved: the expand reads still show all of it
    # When it runs again, the payouts step finds only what is left
    monkeypatch.setattr(table, "dynamodb", lambda: db)
    done, _ = migrate(table, since=None)
    assert list(done) == ["payouts", "slots", "calendar", "applications_queue"]
    assert done["payouts"].moved == 61 - 50 + 2
    assert_migrated(table)
    assert views(table) == before


def contract(services):
    lines = []
    verified = m010_bureaus.contract(services, out=lines.append, slots_ahead=14)
    return verified, lines


def legacy_reads(monkeypatch, value):
    """The deployment's LEGACY_READS, as a function instance reads it at its start."""
    import dataclasses

    from chalicelib import settings as settings_module

    monkeypatch.setenv("LEGACY_READS", value)
    monkeypatch.setattr(settings_module, "_current",
                        dataclasses.replace(settings_module.get_settings(), legacy_reads=value))


def test_the_contract_step_is_verified_only_when_no_legacy_item_is_left_and_then_the_legacy_reads_can_go(
        table, monkeypatch):
    # Given a pre-issue-10 table and what the default bureau's staff see on it
    before = views(table)
    # (without the legacy reads the staff would miss their pre-issue-10 data: the switch matters)
    legacy_reads(monkeypatch, "off")
    assert "ZX-PAY-1" in before["/api/staff/payouts.csv?month=2026-03"]
    assert "ZX-PAY-1" not in staff_get(table, "/api/staff/payouts.csv?month=2026-03")
    assert staff_of(A) == [] and before["staff"] == ["s-old-1", "s-old-2"]
    legacy_reads(monkeypatch, "on")
    # When the contract is asked for before the migration, or after a run stopped half way
    untouched = snapshot(table)
    assert contract(table) == (False, ["contract: refused: m010 has not run on this table (run it first)"])
    assert snapshot(table) == untouched
    migrate(table, stop_after="consday")
    half = snapshot(table)
    verified, lines = contract(table)
    # Then it is refused, naming what is left, and nothing is written
    assert not verified and "steps not finished: outbox_failed" in lines[0]
    assert "duty: 1 legacy item(s) left" in lines[0] and "payouts: 3 legacy item(s) left" in lines[0]
    assert snapshot(table) == half
    # When the migration has finished, and a legacy copy the app wrote again meanwhile is found
    migrate(table, since=None)
    db, name = table.dynamodb(), table.table()
    stray = legacy.payout_line("2026-03", "2026-03-02T01:50:00Z", "ZX-STRAY")
    db.put_item(TableName=name, Item=stray)
    assert contract(table)[1] == ["contract: refused: payouts: 1 legacy item(s) left"]
    # (the step, run again, moves it)
    run = Run(db, name, A, SINCE, date(2026, 3, 2), settings=table.settings, slots_ahead=14)
    assert next(step for step in PLAN if step.name == "payouts").forward(run).moved == 1
    # Then the contract is verified and recorded
    verified, lines = contract(table)
    assert verified and lines == ["contract: verified: no legacy item left; deploy with LEGACY_READS=off"]
    assert m010_bureaus.Progress(db, name).get(m010_bureaus.CONTRACT_SK)["since"]["S"] == SINCE.isoformat()
    # And with the legacy reads off, every staff view is what it was before the migration, byte for
    # byte, but for the stray line the app added (it is in March's ledger, where it belongs)
    legacy_reads(monkeypatch, "off")
    after = views(table)
    changed = sorted(path for path in before if after[path] != before[path])
    assert all("2026-03" in path and ("payouts" in path or "dashboard" in path) for path in changed)
    assert "ZX-STRAY" in after["/api/staff/payouts.csv?month=2026-03"]
    assert {path: after[path] for path in before if path not in changed} == \
        {path: before[path] for path in before if path not in changed}
