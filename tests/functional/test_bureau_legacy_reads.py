"""The expand phase (docs/decisions/many-bureaus.md §8.1): items written before issue 10 sit under the
legacy, bureau-less keys until the migration moves them. They are the default bureau's: its staff
still see them, another bureau's never do, and where an item was re-saved under its new key that
copy wins. (moto; legacy items are put raw, with the keys the old code wrote.)"""
import pytest

from chalicelib.db import consultations as db, duty as duty_db, messaging
from chalicelib.db.applications import AuditEntry, audit_of_day
from chalicelib.db.duty import DutyShift
from chalicelib.db.messaging import Notification
from chalicelib.db.models import StaffAccount
from chalicelib.db.staff import staff_of, staff_openids

A, B = "360722", "360723"
DAY = "2026-03-02"


@pytest.fixture
def put_legacy(moto_table):
    client, table = moto_table.dynamodb(), moto_table.table()

    def put(item, **keys):
        raw = item.serialize()
        for name in ("GSI1PK", "GSI1SK", "GSI2PK", "GSI2SK"):
            raw.pop(name, None)
        raw.update({name: {"S": value} for name, value in keys.items()})
        client.put_item(TableName=table, Item=raw)
    return put


def test_staff_listed_before_issue_10_are_the_default_bureaus(put_legacy):
    # Given a staff member on duty from before issue 10 (GSI1 `STAFF`, no bureau)
    put_legacy(StaffAccount(staff_id="old", name="老科员", openid="o-old", on_duty=True),
               PK="STAFF#old", SK="PROFILE", GSI1PK="STAFF", GSI1SK="old")
    # And a staff member of 大余 listed under the new key
    StaffAccount(staff_id="dy", name="大余科员", openid="o-dy", bureau=B).save()
    # Then the default bureau's alerts reach the old one, and 大余's only its own
    assert [s.staff_id for s in staff_of(A)] == ["old"]
    assert staff_openids(A) == ["o-old"] and staff_openids(B) == ["o-dy"]


def _consultation(cid, bureau=None):
    return db.Consultation(id=cid, openid="o-c", category="labor", question="问题", source="h5",
                           county=A, status="closed", created_at=f"{DAY}T02:00:00Z", bureau=bureau)


def test_consultations_of_a_day_before_issue_10_count_for_the_default_bureau(put_legacy):
    # Given one consultation listed under the legacy day and one of 大余 under the new key
    put_legacy(_consultation("ZX-OLD"), PK="CONS#ZX-OLD", SK="META", GSI2PK=f"CONSDAY#{DAY}",
               GSI2SK=f"{DAY}T02:00:00Z#ZX-OLD")
    _consultation("ZX-DY", bureau=B).save()
    # And two under the new key: one saved so, one written under the legacy day and then re-saved
    _consultation("ZX-NEW").save()
    put_legacy(_consultation("ZX-NEW2"), PK="CONS#ZX-NEW2", SK="META", GSI2PK=f"CONSDAY#{DAY}",
               GSI2SK=f"{DAY}T02:00:00Z#ZX-NEW2")
    _consultation("ZX-NEW2").save()
    # Then the default bureau counts each of its own once, and 大余 only its own
    assert sorted(c.id for c in db.consultations_on(A, DAY)) == ["ZX-NEW", "ZX-NEW2", "ZX-OLD"]
    assert [c.id for c in db.consultations_on(B, DAY)] == ["ZX-DY"]


def test_a_roster_from_before_issue_10_is_the_default_bureaus_until_staff_set_it_again(put_legacy):
    put_legacy(DutyShift(day=DAY, shift=0, lawyer_ids=["L-old"]), PK=f"DUTY#{DAY}", SK="SHIFT#0")
    assert duty_db.shift(A, DAY, 0).lawyer_ids == ["L-old"]
    assert duty_db.shift(B, DAY, 0) is None and duty_db.shifts_of_day(B, DAY) == []
    # When staff set the shift again it is written under the new key, and that copy wins
    DutyShift(day=DAY, shift=0, lawyer_ids=["L-new"], bureau=A).save()
    assert duty_db.shift(A, DAY, 0).lawyer_ids == ["L-new"]
    assert [s.lawyer_ids for s in duty_db.shifts_of_day(A, DAY)] == [["L-new"]]


def test_an_audit_trail_and_parked_notices_from_before_issue_10_are_the_default_bureaus(put_legacy):
    at = f"{DAY}T02:00:00Z"
    put_legacy(AuditEntry(audit_id="a-old", at=at, actor="s1", action="view", subject="APP#1"),
               PK=f"AUDIT#{DAY}", SK=f"{at}#a-old")
    put_legacy(Notification(notification_id="n-old", idempotency_key="k", audience="staff",
                            to_openid="o", channel="template", template_key="t", created_at=at,
                            status="failed", failed_at=at),
               PK="OUTBOX#n-old", SK="OUTBOX", GSI2PK="OUTBOX_FAILED", GSI2SK=f"{at}#n-old")
    assert [e.audit_id for e in audit_of_day(DAY)] == ["a-old"] and audit_of_day(DAY, B) == []
    assert [n.notification_id for n in messaging.failed_notifications(A)] == ["n-old"]
    assert messaging.failed_notifications(B) == []
