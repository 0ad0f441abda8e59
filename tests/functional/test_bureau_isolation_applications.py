"""Isolation of applications, their queue, offices, appointment slots and the calendar between two
bureaus (issue 10, design §6 items 2-4; build step 8 (e)).

Given two bureaus, A = 信丰 (360722, the default) and B = 大余 (360723), each with its staff, an
application in each queue status, its offices, slots and a calendar addition; every id and name of
B is a canary. A's staff asking for B's things by id get the 404 a random id gets, byte for byte,
and nothing is written; A's lists never show a canary; B's staff see their own.
"""
import json
from datetime import date

import pytest
from chalice.test import Client

from chalicelib.applications import runtime, workcal
from chalicelib.db.applications import Application, AppointmentSlot, CalendarDay
from chalicelib.db.base import Item
from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import StaffAccount
from tests.functional.applications_support import load_catalog

A, B = "360722", "360723"
STATUSES = ("submitted", "resubmitted", "supplement_requested", "accepted", "scheduled",
            "completed", "rejected", "withdrawn")
SLOT_DAY, B_HOLIDAY = "2026-03-04", "2026-03-10"  # a Wednesday; a Tuesday only 大余 closes
RANDOM_ID = "SQ20260302-ZZZZZZ"
RANDOM_OFFICE = "no-such-office"

# The staff routes and pages this module covers (the completeness test reads every
# test_bureau_isolation*.py module's COVERED).
COVERED = {
    ("GET", "/api/staff/applications"),
    ("GET", "/api/staff/applications/{application_id}"),
    ("POST", "/api/staff/applications/{application_id}/decision"),
    ("GET", "/api/applications/{application_id}"),
    ("GET", "/api/staff/calendar"),
    ("POST", "/api/staff/calendar"),
    ("GET", "/api/staff/appointment-slots"),
    ("POST", "/api/staff/appointment-slots"),
    ("GET", "/api/staff/offices"),
    ("GET", "/h5/staff"),
    ("GET", "/h5/staff/applications/{application_id}"),
}


class Site:
    def __init__(self, client):
        self.client = client
        self.tokens = {}

    def login(self, role, subject, bureau):
        response = self.client.http.post("/dev/login", headers={"content-type": "application/json"},
                                         body=json.dumps({"role": role, "id": subject,
                                                          "bureau": bureau}))
        assert response.status_code == 200, response.body
        self.tokens[subject] = json.loads(response.body)["token"]

    def call(self, method, path, who, body=None):
        headers = {"authorization": f"Bearer {self.tokens[who]}"}
        if body is not None:
            headers["content-type"] = "application/json"
        response = getattr(self.client.http, method.lower())(
            path, headers=headers, **({"body": json.dumps(body)} if body is not None else {}))
        return response.status_code, response.body


def _application(number, bureau, status, applicant, openid):
    return Application(application_id=number, service_type="legal_aid", openid=openid,
                       status=status, fields={"applicant_name": applicant},
                       created_at="2026-03-01T02:00:00Z", updated_at="2026-03-01T02:00:00Z",
                       submitted_at="2026-03-01T02:00:00Z", queue_due="2026-03-11",
                       bureau=bureau)


def _everything():
    """Every item of the table, as stored (the tests' only Scan: to prove nothing was written)."""
    return sorted((json.dumps(i.serialize(), sort_keys=True) for i in Item.scan()))


@pytest.fixture
def world(moto_table):
    from app import app
    from seeds.datasets import office_items

    load_catalog()
    Bureau(code=B, name="大余县司法局", short_name="大余", level="county", regions=[B],
           account=B, status="live").save()
    for office in office_items(B):
        office.save()
    canaries = {"大余", "dayu-", "dy-staff", "o-dayu", B}
    ids = {A: {}, B: {}}
    for n, status in enumerate(STATUSES):
        for bureau, tag, name in ((A, "AAAAA", "信丰申请人"), (B, "BBBBB", "大余申请人")):
            number = f"SQ20260301-{tag}{n}"
            _application(number, bureau, status, f"{name}{n}", f"o-{tag}").save()
            ids[bureau][status] = number
    canaries |= set(ids[B].values())
    with Client(app) as client:
        site = Site(client)
        site.login("staff", "xf-staff-1", A)
        site.login("staff", "dy-staff-1", B)
        # B's staff open a slot at their office and add a local closure to their calendar
        assert site.call("POST", "/api/staff/appointment-slots", "dy-staff-1", {
            "office": "dayu-legal-aid", "date": SLOT_DAY, "times": ["09:30"]})[0] == 201
        assert site.call("POST", "/api/staff/calendar", "dy-staff-1", {
            "date": B_HOLIDAY, "kind": "holiday", "name": "停电检修"})[0] == 200
        canaries.add("停电检修")
        yield site, ids, canaries


def _readable(body):
    """A response as a person reads it: a page's embedded data (JSON, \\u-escaped) decoded too."""
    text = body.decode()
    if 'id="zst-page-data">' in text:
        data = text.split('id="zst-page-data">')[1].split("</script>")[0]
        text += json.dumps(json.loads(data), ensure_ascii=False)
    return text


def _no_canary(text, canaries):
    leaked = sorted(c for c in canaries if c in text)
    assert not leaked, leaked


def test_by_id_another_bureaus_application_is_a_random_id_and_nothing_is_written(world):
    site, ids, _ = world
    decisions = [{"action": "accept"}, {"action": "reject", "reason": "不符合条件"},
                 {"action": "request_supplement", "message": "请补充材料",
                  "items": [{"material": "id_card"}]},
                 {"action": "schedule", "slot": {"office": "dayu-legal-aid", "date": SLOT_DAY,
                                                 "time": "09:30"}},
                 {"action": "complete"}]
    for status, b_id in ids[B].items():
        for method, template, body in (
                [("GET", "/api/staff/applications/{}", None), ("GET", "/api/applications/{}", None)]
                + [("POST", "/api/staff/applications/{}/decision", d) for d in decisions]):
            # Given the table as it is
            before = _everything()
            # When A's staff ask for B's application by id, and for an id never issued
            theirs = site.call(method, template.format(b_id), "xf-staff-1", body)
            random = site.call(method, template.format(RANDOM_ID), "xf-staff-1", body)
            # Then both are the same 404, byte for byte, and nothing was written (no audit entry)
            assert theirs[0] == 404 and theirs == random, (status, template, theirs)
            assert _everything() == before, (status, template)


def test_the_application_page_shell_for_another_bureaus_id_is_the_random_ids_page(world):
    site, ids, canaries = world
    b_id = ids[B]["submitted"]
    theirs = site.call("GET", f"/h5/staff/applications/{b_id}", "xf-staff-1")
    random = site.call("GET", f"/h5/staff/applications/{RANDOM_ID}", "xf-staff-1")
    assert theirs[0] == random[0] == 200
    # The shell only echoes the id asked for: nothing of B's is in it
    assert theirs[1].decode().replace(b_id, RANDOM_ID) == random[1].decode()
    _no_canary(_readable(random[1]), canaries)


def test_another_bureaus_office_code_is_a_random_code_for_slots_and_nothing_is_opened(world):
    site, _, _ = world
    before = _everything()
    for method, path, body in (
            ("POST", "/api/staff/appointment-slots", {"office": "{}", "date": SLOT_DAY,
                                                      "times": ["10:00"]}),
            ("GET", f"/api/staff/appointment-slots?office={{}}&from={SLOT_DAY}", None)):
        def ask(office):
            filled = json.loads(json.dumps(body).replace("{}", office)) if body else None
            return site.call(method, path.replace("{}", office), "xf-staff-1", filled)
        theirs, random = ask("dayu-legal-aid"), ask(RANDOM_OFFICE)
        assert theirs[0] == 404 and theirs == random, (method, theirs)
    assert _everything() == before


def test_lists_and_pages_of_a_bureau_show_none_of_another_bureaus_things(world):
    site, ids, canaries = world
    a_id = ids[A]["submitted"]
    for path in ([f"/api/staff/applications?status={s}" for s in STATUSES]
                 + ["/api/staff/calendar?year=2026", "/api/staff/offices",
                    f"/api/staff/appointment-slots?office=xinfeng-legal-aid&from={SLOT_DAY}",
                    "/h5/staff", f"/h5/staff/applications/{a_id}"]):
        status, body = site.call("GET", path, "xf-staff-1")
        assert status == 200, (path, body)
        _no_canary(_readable(body), canaries)
    # And A's queue holds A's applications, each in its status
    for status in STATUSES:
        listed = json.loads(site.call("GET", f"/api/staff/applications?status={status}",
                                      "xf-staff-1")[1])
        assert [e["id"] for e in listed] == [ids[A][status]], listed


def test_a_bureaus_staff_see_their_own_queue_offices_slots_calendar_and_name(world):
    site, ids, _ = world
    for status in STATUSES:
        listed = json.loads(site.call("GET", f"/api/staff/applications?status={status}",
                                      "dy-staff-1")[1])
        assert [e["id"] for e in listed] == [ids[B][status]]
    offices = json.loads(site.call("GET", "/api/staff/offices", "dy-staff-1")[1])
    assert [o["name"] for o in offices][:1] == ["大余县法律援助中心"]
    assert all(o["code"].startswith("dayu-") for o in offices)
    slots = json.loads(site.call("GET", f"/api/staff/appointment-slots?office=dayu-legal-aid"
                                        f"&from={SLOT_DAY}", "dy-staff-1")[1])
    assert [(s["office"], s["time"]) for s in slots] == [("dayu-legal-aid", "09:30")]
    calendar = json.loads(site.call("GET", "/api/staff/calendar?year=2026", "dy-staff-1")[1])
    assert [(o["date"], o["name"]) for o in calendar["overrides"]] == [(B_HOLIDAY, "停电检修")]
    page = _readable(site.call("GET", f"/h5/staff/applications/{ids[B]['submitted']}",
                               "dy-staff-1")[1])
    assert "大余县司法局" in page and "大余县法律援助中心" in page
    assert "信丰县司法局" not in page and "xinfeng-" not in page  # none of A's offices
    # B's slot is written under B's key
    assert AppointmentSlot.get(f"SLOT#{B}#dayu-legal-aid#{SLOT_DAY}", "09:30").bureau == B


def test_a_deadline_counts_the_national_calendar_plus_its_own_bureaus_additions(world, moto_table):
    # Given B closed on a Tuesday A works
    closed = date.fromisoformat(B_HOLIDAY)
    # Then B's calendar skips it and A's does not
    assert workcal.load(moto_table.clock.now(), B).is_workday(closed) is False
    assert workcal.load(moto_table.clock.now(), A).is_workday(closed) is True
    # And A clearing that date in its own calendar leaves B's addition as it was
    site, _, _ = world
    assert site.call("POST", "/api/staff/calendar", "xf-staff-1",
                     {"date": B_HOLIDAY, "kind": "default"})[0] == 200
    assert CalendarDay.get(f"CALENDAR#{B}#2026", B_HOLIDAY).name == "停电检修"


def test_staff_reminders_of_an_application_go_to_its_own_bureaus_staff(world, moto_table):
    # Given staff of both bureaus who follow their account
    StaffAccount(staff_id="xf-9", name="信丰值班", openid="o-xf-staff", on_duty=True).save()
    StaffAccount(staff_id="dy-9", name="大余值班", openid="o-dy-staff", on_duty=True,
                 bureau=B).save()
    # Then a B application's context tells B's staff only, and A's tells A's
    assert runtime.context(moto_table, bureau=B).staff_openids() == ["o-dy-staff"]
    assert runtime.context(moto_table, bureau=A).staff_openids() == ["o-xf-staff"]


def test_a_citizen_applies_at_the_bureau_of_their_session(world):
    site, _, _ = world
    site.login("citizen", "o-dayu-citizen", B)
    status, body = site.call("POST", "/api/applications", "o-dayu-citizen", {"type": "legal_aid"})
    assert status == 201, body
    assert Application.get(f"APP#{json.loads(body)['id']}", "META").bureau == B


def test_the_default_bureau_still_reads_what_was_written_before_issue_10(world, moto_table):
    # Given a queued application, a slot and a calendar day under the legacy keys (no bureau)
    legacy = _application("SQ20260228-LEGACY", None, "submitted", "旧申请人", "o-old")
    item = {k: v for k, v in legacy.serialize().items()}
    item.update(GSI2PK={"S": "APPQ#submitted"})
    moto_table.dynamodb().put_item(TableName=moto_table.table(), Item=item)
    AppointmentSlot(office="xinfeng-legal-aid", date=SLOT_DAY, time="08:30").save()
    CalendarDay(date="2026-03-11", kind="holiday", name="旧假日").save()
    site, _, canaries = world
    # Then A's staff see them, and B's staff do not
    queue = json.loads(site.call("GET", "/api/staff/applications?status=submitted", "xf-staff-1")[1])
    assert "SQ20260228-LEGACY" in [e["id"] for e in queue]
    slots = json.loads(site.call("GET", f"/api/staff/appointment-slots?office=xinfeng-legal-aid"
                                        f"&from={SLOT_DAY}", "xf-staff-1")[1])
    assert "08:30" in [s["time"] for s in slots]
    assert workcal.load(moto_table.clock.now(), A).is_workday(date(2026, 3, 11)) is False
    assert workcal.load(moto_table.clock.now(), B).is_workday(date(2026, 3, 11)) is True
    b_queue = site.call("GET", "/api/staff/applications?status=submitted", "dy-staff-1")[1]
    assert b"SQ20260228-LEGACY" not in b_queue


def test_the_queue_of_one_bureau_and_status_can_stop_at_a_due_date(world):
    # Given each bureau's submitted application is due on 2026-03-11
    from chalicelib.db.applications import review_queue
    _, ids, _ = world
    # Then its bureau's queue up to that day holds it, up to the day before does not
    assert [a.application_id for a in review_queue(B, "submitted", due_by="2026-03-11")] == [
        ids[B]["submitted"]]
    assert review_queue(B, "submitted", due_by="2026-03-10") == []
    assert [a.application_id for a in review_queue(A, "submitted")] == [ids[A]["submitted"]]


def test_the_sweep_works_on_an_application_in_its_own_bureau(world, moto_table, monkeypatch):
    # Given B's submitted application comes due
    from types import SimpleNamespace
    _, ids, _ = world
    real, seen = runtime.context, []

    def recording(services, now=None, *, bureau=None):
        seen.append(bureau)
        return real(services, now, bureau=bureau)
    monkeypatch.setattr(runtime, "context", recording)
    # When the sweep handles it
    runtime.application_due(SimpleNamespace(application_id=ids[B]["submitted"]),
                            moto_table.clock.now(), moto_table)
    # Then it works in B: B's calendar, B's staff hear its staff reminders
    assert seen == [B]
