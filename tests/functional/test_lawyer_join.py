"""A lawyer's self-registration (issue 11): signed in on the lawyers' account and following it, a
lawyer registers with a licence photo (the photo grant, consent first); staff of a bureau serving a
county of the request see it beside the roster line for that licence, approve it (the openid bound
to the roster lawyer, or a new lawyer created, in one transaction) or refuse it with a reason; the
lawyer hears either way from the lawyers' account. On moto through the routes."""
import pytest

from chalicelib import after_commit
from chalicelib.auth import Caller, sign_in
from chalicelib.db import followers, pools
from chalicelib.db.identity import LawyerOpenid
from chalicelib.db.joins import JoinRequest
from chalicelib.db.models import Lawyer, LawyerSlot
from tests.functional.consultation_support import COUNTY, api, notes, tune  # noqa: F401 (fixture)

BUCKET = "zst-test-uploads"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 500
LICENCE = "13607201510123456"  # first licensed in 2015
OPENID = "o-join-1"
FORM = {"name": "钟立", "licence_no": LICENCE, "firm": "信丰明理律师事务所", "counties": [COUNTY],
        "specialties": ["labor"], "consent": True}


@pytest.fixture
def s3(api):  # noqa: F811
    client = api.services.s3()
    client.create_bucket(Bucket=BUCKET)
    return client


def lawyer_citizen(api, openid=OPENID, follow=True, account="lawyers"):  # noqa: F811
    """A citizen session on the lawyers' account (following it unless told otherwise)."""
    if follow:
        followers.record_event("lawyers", openid, True, "2026-03-01T00:00:00Z")
    who = f"citizen:{openid}@{account}"
    body, _ = sign_in(Caller("citizen", openid, openid=openid, account=account),
                      settings=api.services.settings, clock=api.services.clock)
    api.tokens[who] = body["token"]
    return who


def photo(api, s3, who, consent=True):  # noqa: F811
    status, grant = api.post("/api/lawyer/join/photo", who, {
        "filename": "licence.jpg", "content_type": "image/jpeg", "size": len(JPEG), "consent": consent})
    if status != 201:
        return status, grant
    s3.put_object(Bucket=BUCKET, Key=grant["fields"]["key"], Body=JPEG, ContentType="image/jpeg")
    return status, grant["upload_id"]


def register(api, s3, who, **changes):  # noqa: F811
    status, upload = photo(api, s3, who)
    assert status == 201, upload
    return api.post("/api/lawyer/join", who, {**FORM, "photo": upload, **changes})


def test_a_following_lawyer_registers_and_sees_the_request_pending_on_return(api, s3):  # noqa: F811
    who = lawyer_citizen(api)
    # When they register with their licence photo
    status, body = register(api, s3, who)
    # Then the request is pending, and the page shows it on return
    assert status == 201 and body["status"] == "pending", body
    status, mine = api.get("/api/lawyer/join", who)
    assert (status, mine["status"], mine["licence_no"], mine["follows"]) == (200, "pending", LICENCE, True)
    # And the photo was copied under the request, the pending upload gone
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [f"lawyer-join/{body['request_id']}/licence.jpg"]
    # And a second request while this one is pending is refused, writing nothing
    status, again = register(api, s3, who)
    assert (status, again["error"]["code"]) == (409, "join_pending")
    assert len([r for r in JoinRequest.scan()]) == 1


def test_registration_needs_the_lawyers_account_following_and_consent(api, s3):  # noqa: F811
    # Given someone who does not follow the lawyers' account
    who = lawyer_citizen(api, "o-not-following", follow=False)
    status, answer = photo(api, s3, who)
    assert (status, answer["error"]["code"]) == (409, "follow_required")
    # And a citizen of a bureau's account (not the lawyers' one)
    bureau_citizen = lawyer_citizen(api, "o-bureau", account=None)
    assert photo(api, s3, bureau_citizen)[1]["error"]["code"] == "lawyers_account_required"
    # And a follower who has not consented gets no upload grant
    who = lawyer_citizen(api)
    status, answer = photo(api, s3, who, consent=False)
    assert (status, answer["error"]["code"]) == (403, "consent_required")
    assert not list(JoinRequest.scan())


@pytest.mark.parametrize("changes, words", [
    ({"licence_no": "1360720151012345"}, "17 位数字"),
    ({"licence_no": "13607209910123456"}, "首次执业年份"),
    ({"counties": ["999999"]}, "999999"),
    ({"specialties": ["astrology"]}, "不认识的专长"),
    ({"name": "=HYPERLINK(1)"}, "表格公式"),
])
def test_a_form_with_a_bad_field_is_refused_as_the_roster_importer_refuses_it(api, s3, changes, words):  # noqa: F811
    who = lawyer_citizen(api)
    status, answer = register(api, s3, who, **changes)
    assert status == 400 and words in answer["error"]["message"], answer
    assert api.get("/api/lawyer/join", who)[1]["status"] == "none"


def _pending(api):  # noqa: F811
    status, found = api.get("/api/staff/lawyers/join-requests", "staff:s1")
    assert status == 200, found
    return found


def test_staff_approve_a_new_lawyer_who_is_created_bound_and_told(api, s3):  # noqa: F811
    who = lawyer_citizen(api)
    request_id = register(api, s3, who)[1]["request_id"]
    # Staff of the county's bureau see it, with no roster line and a short-lived photo link
    (shown,) = _pending(api)
    assert (shown["request_id"], shown["roster"]) == (request_id, None)
    assert (shown["county_names"], shown["specialty_names"]) == ([COUNTY], ["劳动争议"])
    assert "X-Amz-Expires=300" in shown["photo_url"]
    # When they approve it
    status, body = api.post(f"/api/staff/lawyers/join-requests/{request_id}/approve", "staff:s1", {})
    assert status == 200 and body["created"], body
    # Then the lawyer exists, bound to the openid on the lawyers' account, following, in the pools
    lawyer = pools.profile("L" + LICENCE)
    assert (lawyer.openid, lawyer.openid_account, lawyer.follows, lawyer.firm) == (
        OPENID, "lawyers", True, "信丰明理律师事务所")
    assert lawyer.years_in_practice == 11
    assert LawyerSlot.get(f"LAWYER#L{LICENCE}", "SLOT#labor").GSI1PK == f"POOL#county#{COUNTY}#labor"
    assert LawyerOpenid.get(f"OPENIDCLAIM#{OPENID}", "LAWYER").lawyer_id == "L" + LICENCE
    # And the lawyer is told on the lawyers' account; the list is empty; approving again is refused
    (note,) = notes(template_key="lawyer_join_approved")
    assert (note.to_openid, note.account, note.audience) == (OPENID, "lawyers", "lawyer")
    # at once, not at the next sweep: the route hands it to the after-commit path (the stream on AWS)
    assert after_commit.soon.kicked == [note.notification_id]
    assert _pending(api) == []
    again = api.post(f"/api/staff/lawyers/join-requests/{request_id}/approve", "staff:s1", {})
    assert again[0] == 409


def test_approving_binds_the_roster_lawyer_with_that_licence(api, s3):  # noqa: F811
    # Given LX0 on the roster with this licence number (not bound yet)
    roster = pools.profile("LX0")
    Lawyer(**{**{k: getattr(roster, k) for k in ("name", "firm", "county", "city", "province")},
              "lawyer_id": "L" + LICENCE, "licence_no": LICENCE, "specialties": ["labor", "family"],
              "stars": 4.5}).save()
    who = lawyer_citizen(api)
    request_id = register(api, s3, who)[1]["request_id"]
    # Staff see the roster line beside the request
    (shown,) = _pending(api)
    assert shown["roster"]["lawyer_id"] == "L" + LICENCE and shown["roster"]["bound"] is False
    # When they approve, the roster profile is bound (its own data kept), not a new one made
    status, body = api.post(f"/api/staff/lawyers/join-requests/{request_id}/approve", "staff:s1", {})
    assert status == 200 and body["created"] is False
    lawyer = pools.profile("L" + LICENCE)
    assert (lawyer.openid, lawyer.stars, lawyer.specialties) == (OPENID, 4.5, ["labor", "family"])


def test_staff_refuse_with_a_reason_and_the_lawyer_is_told_and_may_register_again(api, s3):  # noqa: F811
    who = lawyer_citizen(api)
    request_id = register(api, s3, who)[1]["request_id"]
    url = f"/api/staff/lawyers/join-requests/{request_id}/refuse"
    assert api.post(url, "staff:s1", {"reason": "   "})[0] == 400
    status, body = api.post(url, "staff:s1", {"reason": "执业证照片不清晰"})
    assert status == 200 and body["status"] == "refused"
    mine = api.get("/api/lawyer/join", who)[1]
    assert (mine["status"], mine["reason"]) == ("refused", "执业证照片不清晰")
    (note,) = notes(template_key="lawyer_join_refused")
    assert "执业证照片不清晰" in note.payload["data"]["note"] and note.account == "lawyers"
    assert after_commit.soon.kicked == [note.notification_id]
    assert pools.profile("L" + LICENCE) is None
    # And they may send a corrected request
    status, again = register(api, s3, who)
    assert status == 201 and again["request_id"] != request_id


def test_the_join_page_opens_for_a_citizen_on_the_lawyers_account(api):  # noqa: F811
    who = lawyer_citizen(api)
    status, page = api.get("/h5/lawyer/join", who)
    assert status == 200 and "律师登记" in page and "lawyer_join.js" in page
    # And its footer is the lawyers' one, as on the workbench, not a bureau's
    footer = page[page.index('<footer class="zst-footer"'):page.index("</footer>")]
    assert "掌上通 · 律师服务" in footer and "主办" not in footer


def test_two_requests_racing_past_the_check_make_one_pending_request(api, s3, monkeypatch):  # noqa: F811
    # Given a pending request
    who = lawyer_citizen(api)
    register(api, s3, who)
    # When a second one gets past the read (as a racing request would) the write's condition refuses it
    from chalicelib.roster import join

    monkeypatch.setattr(join, "latest", lambda openid: None)
    status, answer = register(api, s3, who)
    assert (status, answer["error"]["code"]) == (409, "join_pending")
    assert len(list(JoinRequest.scan())) == 1
    # And its photo copy is not left behind
    assert len(s3.list_objects_v2(Bucket=BUCKET, Prefix="lawyer-join/")["Contents"]) == 1


def test_approving_a_licence_already_bound_to_another_wechat_is_refused_and_writes_nothing(api, s3):  # noqa: F811
    roster = pools.profile("LX0")
    Lawyer(**{k: getattr(roster, k) for k in ("name", "firm", "county", "city", "province")},
           lawyer_id="L" + LICENCE, licence_no=LICENCE, specialties=["labor"], openid="o-someone-else").save()
    request_id = register(api, s3, lawyer_citizen(api))[1]["request_id"]
    status, answer = api.post(f"/api/staff/lawyers/join-requests/{request_id}/approve", "staff:s1", {})
    assert (status, answer["error"]["code"]) == (409, "lawyer_already_bound")
    assert pools.profile("L" + LICENCE).openid == "o-someone-else"
    assert [r["request_id"] for r in _pending(api)] == [request_id]


@pytest.mark.parametrize("follows, asked", [(False, True), (True, False)])
def test_the_workbench_asks_a_lawyer_who_does_not_follow_to_follow(api, follows, asked):  # noqa: F811
    lawyer = pools.profile("LX0")
    lawyer.follows = follows
    lawyer.save()
    status, page = api.get("/h5/lawyer", "lawyer:LX0")
    assert status == 200 and ("请关注律师服务号" in page) is asked
