"""Isolation matrix (docs/decisions/many-bureaus.md §6), staff scoping of build step 8 (a), (b), (c),
(f): A's staff (信丰) never see, change or learn of B's (大余) consultations, duty roster, parked
notifications, staff or audit trail. By id, B's item answers exactly as an id never issued (same
status, same bytes) and nothing is written; lists hold no canary of B, and B sees its own."""
import json

import pytest

from chalicelib.clock import iso
from chalicelib.db import consultations as db, duty as duty_db, messaging
from chalicelib.db.applications import audit_of_day
from chalicelib.db.staff import staff_of, staff_openids
from tests.functional import consultation_support as support
from tests.functional.consultation_support import notes
from tests.functional.isolation_support import A, B, RANDOM_ID, ROSTER_LAWYER, ask_at
from tests.functional.isolation_support import world  # noqa: F401 (fixture)

api = support.api  # the fixture the world is built on

COVERED = {
    ("GET", "/api/consultations/{consultation_id}"),
    ("GET", "/h5/staff/consultations/{consultation_id}"),
    ("POST", "/api/staff/notifications/{notification_id}/retry"),
    ("PUT", "/api/staff/duty/{day}/{shift}"),
    ("GET", "/api/staff/stats"),
    ("GET", "/api/staff/duty"),
    ("GET", "/api/staff/lawyers"),
    ("GET", "/api/staff/notifications/failed"),
    ("GET", "/h5/staff/stats"),
    ("GET", "/h5/staff/duty"),
    ("GET", "/h5/staff/ops"),
}

BY_ID = [  # (method, path of B's item, path of an id never issued)
    ("GET", "/api/consultations/{consultation}", "consultation"),
    ("POST", "/api/staff/notifications/{notification}/retry", "notification"),
]


@pytest.mark.parametrize("method, template, kind", BY_ID)
def test_by_id_another_bureaus_item_answers_as_an_id_never_issued_and_nothing_is_written(
        world, method, template, kind):
    # Given B's consultation and parked notification, and an id that was never issued
    b = world.sides[B]
    theirs = template.format(consultation=b.consultation_id, notification=b.notification_id)
    random = template.format(consultation=RANDOM_ID["consultation"], notification=RANDOM_ID["notification"])
    before = world.snapshot()
    # When A's staff ask for B's item, and for the random id
    status, body = world.call(method, theirs, A, {} if method == "POST" else None)
    random_status, random_body = world.call(method, random, A, {} if method == "POST" else None)
    # Then both are the same 404, byte for byte, and the table is unchanged
    assert status == 404 and (status, body) == (random_status, random_body)
    assert world.snapshot() == before
    # And B's staff reach their own item
    assert world.call(method, theirs, B, {} if method == "POST" else None)[0] == 200


def test_the_staff_page_of_another_bureaus_consultation_is_the_page_of_an_unknown_id(world):
    # The page is a shell that loads the consultation through the JSON route above: for B's id it
    # shows A's staff nothing but the id they typed, exactly as for an id never issued.
    b = world.sides[B]
    status, theirs = world.call("GET", f"/h5/staff/consultations/{b.consultation_id}", A)
    _, random = world.call("GET", f"/h5/staff/consultations/{RANDOM_ID['consultation']}", A)
    assert status == 200
    assert theirs.replace(b.consultation_id, "ID") == random.replace(RANDOM_ID["consultation"], "ID")
    assert world.leaked(theirs.replace(b.consultation_id, "ID")) == []


def test_a_retried_notification_of_its_own_bureau_leaves_the_parked_list(world):
    a = world.sides[A]
    assert world.call("POST", f"/api/staff/notifications/{a.notification_id}/retry", A, {})[0] == 200
    assert messaging.notification(a.notification_id).status != "failed"
    assert messaging.notification(world.sides[B].notification_id).status == "failed"


LISTS = ["/api/staff/stats", "/api/staff/duty", "/api/staff/lawyers", "/api/staff/notifications/failed",
         "/h5/staff/stats", "/h5/staff/duty", "/h5/staff/ops"]
SHOWS_OWN = {"/api/staff/duty", "/api/staff/notifications/failed"}  # lists that name B's own items


@pytest.mark.parametrize("path", LISTS)
def test_lists_and_pages_of_a_bureau_hold_no_canary_of_another(world, path):
    # When A's staff open a list or a staff page
    status, body = world.call("GET", path, A)
    # Then it answers, and nothing of B is in it
    assert status == 200, body
    assert world.leaked(body) == []
    # While the same list shown to B's staff does name B's items (the canaries are live)
    if path in SHOWS_OWN:
        assert world.leaked(world.call("GET", path, B)[1])


def test_each_bureau_counts_its_own_consultations(world):
    for bureau in (A, B):
        figures = json.loads(world.call("GET", "/api/staff/stats", bureau)[1])
        assert (figures["consultations"], figures["answered"]) == (1, 1)
    day = world.sides[A].day
    assert [c.id for c in db.consultations_on(B, day)] == [world.sides[B].consultation_id]


def test_each_bureau_sees_and_sets_its_own_roster(world):
    a, b = world.sides[A], world.sides[B]
    for side in (a, b):
        roster = json.loads(world.call("GET", f"/api/staff/duty?date={side.day}", side.bureau)[1])
        shift = roster["shifts"][side.shift]
        assert [lawyer["id"] for lawyer in shift["lawyers"]] == [ROSTER_LAWYER[side.bureau]]
        assert shift["set_by"] == side.staff_id
    # When A's staff clear their shift, B's shift is untouched
    before = [i for i in world.snapshot() if i["PK"]["S"].startswith(f"DUTY#{B}#")]
    assert world.call("PUT", f"/api/staff/duty/{a.day}/{a.shift}", A, {"lawyer_ids": []})[0] == 200
    assert [i for i in world.snapshot() if i["PK"]["S"].startswith(f"DUTY#{B}#")] == before
    assert duty_db.shift(B, b.day, b.shift).lawyer_ids == [ROSTER_LAWYER[B]]
    assert duty_db.shift(A, a.day, a.shift).lawyer_ids == []


def test_a_roster_refuses_a_lawyer_who_serves_none_of_the_bureaus_counties(world):
    a, b = world.sides[A], world.sides[B]
    before = world.snapshot()
    # When A's staff put B's duty lawyer (home Beijing, serving only 大余) on A's shift, or an id
    # nobody holds
    theirs = world.call("PUT", f"/api/staff/duty/{a.day}/{a.shift}", A, {"lawyer_ids": [ROSTER_LAWYER[B]]})
    nobody = world.call("PUT", f"/api/staff/duty/{a.day}/{a.shift}", A, {"lawyer_ids": ["LQ404"]})
    # Then both are the contract's 400 for lawyers that do not exist, naming only the id sent
    assert theirs[0] == nobody[0] == 400
    assert json.loads(theirs[1])["error"]["code"] == json.loads(nobody[1])["error"]["code"] == "lawyer_not_found"
    assert theirs[1] == nobody[1].replace("LQ404", ROSTER_LAWYER[B])
    # And nothing is written, not even A's own lawyer when listed beside B's
    mixed = world.call("PUT", f"/api/staff/duty/{a.day}/{a.shift}", A,
                       {"lawyer_ids": [ROSTER_LAWYER[A], ROSTER_LAWYER[B]]})
    assert mixed[0] == 400 and ROSTER_LAWYER[A] not in json.loads(mixed[1])["error"]["message"]
    assert world.snapshot() == before
    # While B's staff may roster the lawyer who serves 大余
    assert world.call("PUT", f"/api/staff/duty/{b.day}/{b.shift}", B,
                      {"lawyer_ids": [ROSTER_LAWYER[B]]})[0] == 200


def test_each_bureau_sees_its_own_parked_notifications(world):
    for bureau, other in ((A, B), (B, A)):
        listed = json.loads(world.call("GET", "/api/staff/notifications/failed", bureau)[1])
        assert [n["notification_id"] for n in listed] == [world.sides[bureau].notification_id]
        assert world.sides[other].notification_id not in json.dumps(listed)


def test_staff_lists_and_the_audit_trail_are_per_bureau(world):
    assert {s.staff_id for s in staff_of(B)} == {"dayu-staff-1", "dayu-staff-2"}
    # The default bureau's list also holds its staff from before issue 10 (s1 has no bureau)
    assert {s.staff_id for s in staff_of(A)} == {"xinfeng-staff-1", "s1"}
    assert staff_openids(B) == ["o-dayu-staff-1"]  # on duty first
    day = iso(world.api.services.clock.now())[:10]  # the audit trail's day is the UTC date
    assert [e.audit_id for e in audit_of_day(day, B)] == ["audit-360723"]
    assert [e.audit_id for e in audit_of_day(day, A)] == ["audit-360722"]


def test_a_consultations_staff_alert_goes_to_its_own_bureaus_staff_only(world):
    # Given an unanswered question at each bureau
    asked = {bureau: ask_at(world.api, bureau, f"o-late-{bureau}", f"{name}：单位不给缴社保，"
                            "离职时也不出具离职证明，我现在找新工作受影响，想问怎么办才能维护权益？")
             for bureau, name in ((A, "信丰"), (B, "大余"))}
    # When the staff alert falls due
    world.api.sweep(world.api.services.settings.consultation.staff_alert_minutes + 1)
    # Then each alert goes to its own bureau's staff on duty, and to nobody else
    for bureau, consultation_id in asked.items():
        alerts = [n for n in notes(template_key="consultation_unanswered")
                  if n.payload.get("data", {}).get("consultation") == consultation_id]
        expected = {A: {"oStaff1", "o-xinfeng-staff-1"}, B: {"o-dayu-staff-1"}}[bureau]
        assert {n.to_openid for n in alerts} == expected
        assert {n.bureau for n in alerts} == {bureau}


def test_the_duty_tier_notifies_the_roster_of_the_consultations_bureau(world):
    # Given the duty roster in use: each bureau's shift holds its own lawyer
    support.tune(world.api.services, tiers=support.parse_tiers("duty@0x1"), duty_roster=True)
    # When a question is asked at B
    consultation_id = ask_at(world.api, B, "o-duty-b", "大余：房东不退押金还扣了我三个月房租，"
                             "合同里没有约定违约金，我应该怎样要回押金和多扣的房租？")
    # Then B's duty lawyer is the one dispatched, not A's
    dispatched = [i.lawyer_id for i in db.consultation_items(consultation_id) if isinstance(i, db.Dispatch)]
    assert dispatched == [ROSTER_LAWYER[B]]


def test_a_question_asked_on_another_bureaus_h5_page_is_that_bureaus(world):
    # Given a citizen signed in on B's account (the H5 pages of B), B's county in the regions
    from chalicelib.auth import Caller, sign_in
    from chalicelib.db.models import Region

    Region(code=B, name="大余县", level="county", parent=support.CITY, city=support.CITY,
           province=support.PROVINCE).save()
    services = world.api.services
    body, _ = sign_in(Caller("citizen", "o-h5-dayu", openid="o-h5-dayu", bureau=B),
                      settings=services.settings, clock=services.clock)
    world.api.tokens["citizen:o-h5-dayu"] = body["token"]
    # When they ask a question without naming a county
    asked = world.api.ask(citizen="o-h5-dayu", question="大余：我在工地摔伤了腿，老板不肯出医药费，"
                          "也不给签劳动合同，我应该怎么证明劳动关系并要求工伤赔偿？")
    # Then the question is B's, about B's county: B's staff open it, A's get the 404 of a random id
    stored = db.consultation(asked["id"])
    assert (stored.bureau, stored.county) == (B, B)
    assert world.call("GET", f"/api/consultations/{asked['id']}", B)[0] == 200
    assert world.call("GET", f"/api/consultations/{asked['id']}", A) == \
        world.call("GET", f"/api/consultations/{RANDOM_ID['consultation']}", A)
