"""A lawyer serving counties besides their home (issue 10, step 10), on moto through the routes:
dispatched from either county's pool, notified once when both pools hold them, their reach slots
rewritten after the dispatch commits, found in both counties' directories (staff search, duty
picker), and every row of their workbench labelled with the bureau it was asked at."""
import pytest

from chalicelib import after_commit
from chalicelib.db import consultations as db, reach
from chalicelib.auth import Caller, sign_in
from chalicelib.db.base import Item
from chalicelib.db.bureaus import Bureau
from chalicelib.db.locking import locked
from chalicelib.db.models import Lawyer
from tests.functional import consultation_support as support
from tests.functional.consultation_support import CITY, COUNTY, PROVINCE, QUESTION, add_lawyer, notes

api = support.api  # the fixture: the app, a small lawyer pool, a staff member on duty
ZHANGGONG = "360702"  # 章贡区, the home of LC0/LC1 in the pool, next to 信丰 in 赣州


@pytest.fixture
def reaching(api):
    """LR1 practises in 章贡区 and also serves 信丰县, five stars: first in both county pools."""
    lawyer = add_lawyer("LR1", ZHANGGONG, CITY, PROVINCE, stars=5.0)
    lawyer.serves = [COUNTY]
    lawyer.save()
    reach.refresh("LR1")  # what the after-commit path does for a profile written with `serves`
    return api


def staff_of(api, code, name):
    """A staff member of the county bureau `code` (created), as api's `who`."""
    Bureau(code=code, name=f"{name}司法局", short_name=name, level="county", regions=[code],
           account=code, status="live").save()
    who = f"staff:s-{code}"
    body, _ = sign_in(Caller("staff", f"s-{code}", staff_id=f"s-{code}", bureau=code),
                      settings=api.services.settings, clock=api.services.clock)
    api.tokens[who] = body["token"]
    return who


def dispatch_of(consultation_id, lawyer_id):
    return {d.lawyer_id: d for d in db.dispatches(consultation_id)}.get(lawyer_id)


def reach_slot(lawyer_id, category, county):
    return Item.get(f"LAWYER#{lawyer_id}", f"SLOT#{category}#AT#{county}", consistent_read=True)


def test_a_question_of_a_served_county_reaches_the_lawyer_unmasked_from_its_county_pool(reaching):
    # When a 信丰 citizen asks, giving a phone number
    body = reaching.ask()
    # Then LR1 is among the county tier, through the reach slot, and sees the question whole
    d = dispatch_of(body["id"], "LR1")
    assert d.source == "county" and d.masked is False and "13800138000" in d.question
    # And the dispatch carries the bureau it was asked at, for the workbench label
    assert (d.bureau, d.bureau_name) == ("360722", "信丰")


def test_a_lawyer_in_two_pools_of_one_question_is_notified_once(reaching):
    # Given a 信丰 question that reached LR1 through 信丰's county pool
    body = reaching.ask()
    assert dispatch_of(body["id"], "LR1").source == "county"
    # When the city tier runs, whose pool holds LR1 again through the home slot
    reaching.sweep(3)
    # Then the city tier went to the others; LR1 holds one dispatch and got one notice
    city = [d.lawyer_id for d in db.dispatches(body["id"]) if d.source == "city"]
    assert city and "LR1" not in city
    assert len(notes(template_key="consultation_dispatched", to_openid="oLR1")) == 1


def test_the_lawyer_is_dispatched_from_both_counties_pools_once_each(reaching):
    # When a 信丰 citizen and a 章贡 citizen each ask
    xinfeng = reaching.ask(citizen="oXinfeng")
    status, zhanggong = reaching.post("/api/consultations", "citizen:oZhanggong",
                                      {"category": "labor", "question": QUESTION,
                                       "county": ZHANGGONG})
    assert status == 201, zhanggong
    after_commit.wait_idle()
    # Then LR1 holds both, each from that county's pool, and only the home one unmasked
    assert dispatch_of(xinfeng["id"], "LR1").source == "county"
    assert dispatch_of(zhanggong["id"], "LR1").source == "county"
    assert Lawyer.get("LAWYER#LR1", "PROFILE", consistent_read=True).open_questions == 2
    assert len(notes(template_key="consultation_dispatched", to_openid="oLR1")) == 2


def test_the_reach_slot_moves_to_the_back_of_the_pool_after_the_dispatch_commits(reaching):
    # Given LR1's reach slot at the head of 信丰's labour pool (never dispatched)
    assert reach_slot("LR1", "labor", COUNTY).GSI1SK.startswith("0#")
    # When a 信丰 question is dispatched to LR1 and the after-commit work has run
    reaching.ask()
    after_commit.wait_idle()
    # Then the reach slot carries the profile's new fairness key and version
    profile = Lawyer.get("LAWYER#LR1", "PROFILE", consistent_read=True)
    slot = reach_slot("LR1", "labor", COUNTY)
    assert slot.last_dispatched_at == profile.last_dispatched_at
    assert slot.GSI1SK.startswith(profile.last_dispatched_at)
    assert slot.profile_version == profile.version


def test_a_reach_slot_of_a_county_no_longer_served_is_skipped_then_removed(reaching):
    # Given LR1 no longer serves 信丰, but the refresh has not run yet (the entry lags)
    profile = Lawyer.get("LAWYER#LR1", "PROFILE", consistent_read=True)
    profile.serves = []
    profile.save()
    # When a 信丰 question is dispatched
    body = reaching.ask()
    # Then LR1 is skipped although first in the pool
    assert dispatch_of(body["id"], "LR1") is None
    # And the refresh removes the reach slot and the directory entry
    assert reach.refresh("LR1") == {"written": 0, "deleted": 2}
    assert reach.refresh("LR1") == {"written": 0, "deleted": 0}


def test_staff_find_the_lawyer_in_both_counties_directories(reaching):
    # When 信丰's staff search their lawyers and open the duty picker, and so do 章贡's staff
    found = reaching.get("/api/staff/lawyer-search?q=LR1", "staff:s1")[1]["lawyers"]
    xinfeng = reaching.get("/api/staff/lawyers", "staff:s1")[1]["lawyers"]
    zhanggong = reaching.get("/api/staff/lawyers", staff_of(reaching, ZHANGGONG, "章贡"))[1]["lawyers"]
    # Then LR1 is found in each, beside the county's own lawyers, once
    assert [x["lawyer_id"] for x in found] == ["LR1"] and found[0]["county"] == ZHANGGONG
    assert [x["id"] for x in xinfeng].count("LR1") == 1
    assert {"LX0", "LX1", "LX2", "LX3"} <= {x["id"] for x in xinfeng}
    assert {"LR1", "LC0", "LC1"} == {x["id"] for x in zhanggong}


def test_each_row_of_the_workbench_shows_the_bureau_it_was_asked_at(reaching):
    # Given a question dispatched to LR1 and one from before bureaus were recorded
    body = reaching.ask()
    old = reaching.ask(citizen="oOld", question=QUESTION + "（旧）")
    d = dispatch_of(old["id"], "LR1")
    d.bureau = d.bureau_name = None
    d.save()
    # When LR1 opens the workbench
    status, rows = reaching.get("/api/lawyer/inbox", "lawyer:LR1")
    # Then both rows are labelled 信丰, the old one as the default bureau
    assert status == 200
    assert {r["id"]: (r["bureau"], r["bureau_name"]) for r in rows} == {
        body["id"]: ("360722", "信丰"), old["id"]: ("360722", "信丰")}


def stream_record(event_name, image):
    from chalicelib.routes import outbox_stream

    return {"eventID": "1", "eventName": event_name, "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1", "eventSourceARN": outbox_stream.STREAM_ARN,
            "dynamodb": {"ApproximateCreationDateTime": 1772416800, "Keys": {
                "PK": image["PK"], "SK": image["SK"]}, "NewImage": image, "SequenceNumber": "1",
                "SizeBytes": 100, "StreamViewType": "NEW_IMAGE"}}


def test_on_aws_the_table_stream_rewrites_the_reach_slots_of_a_profile_just_written(reaching):
    # Given LR1 dispatched and moved back in its home pools, its reach slot not yet rewritten
    # (the AWS path: no worker thread; the stream sees the profile's MODIFY)
    profile = Lawyer.get("LAWYER#LR1", "PROFILE", consistent_read=True)
    profile.last_dispatched_at, profile.serves = "2026-03-02T02:00:00Z", [COUNTY, "360723"]
    profile.save(condition=locked(profile)[0])  # as every profile write: under its lock
    # When the stream function runs with that record, and again (a replayed batch)
    event = {"Records": [stream_record("MODIFY", profile.serialize())]}
    for _ in range(2):
        reaching.client.lambda_.invoke("outbox_stream", event)
    # Then the reach slot follows the profile, and the newly served county has its entries
    assert reach_slot("LR1", "labor", COUNTY).GSI1SK.startswith("2026-03-02T02:00:00Z#")
    assert reach_slot("LR1", "labor", "360723").profile_version == profile.version
    directory = reaching.get("/api/staff/lawyers", staff_of(reaching, "360723", "大余"))[1]["lawyers"]
    assert [x["id"] for x in directory] == ["LR1"]
