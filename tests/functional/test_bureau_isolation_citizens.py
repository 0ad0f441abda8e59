"""Citizens are per account (issue 10, design §4 and §6 item 7; AP-95): an openid belongs to one
Official Account, so a citizen session signed in on one bureau's account reads and acts on nothing
of another bureau's — not its consultations, not its applications, not its pages — even under the
same openid (which WeChat never gives, but a local sign-in or a forged session might). Another
bureau's item answers exactly as a missing one; another bureau's page asks for that bureau's sign-in.
And the profile an openid gets on its first follow or message is its account's, never merged."""
import json

import pytest
from chalice.test import Client

from chalicelib.db import effects, inbound
from chalicelib.db.applications import Application
from chalicelib.db.base import Item
from chalicelib.db.bureaus import Bureau
from chalicelib.db.consultations import Answer, Consultation
from chalicelib.db.models import Citizen

A, B = "360722", "360723"
OPENID = "o-same-person"
CONS = {A: "ZX20260302-AAAAAA", B: "ZX20260302-BBBBBB"}
APPS = {A: "SQ20260302-AAAAAA", B: "SQ20260302-BBBBBB"}
QUESTION = {A: "信丰：单位拖欠工资怎么办？", B: "大余：邻居占用我家宅基地怎么办？"}
# Citizen routes, not staff ones: the staff matrix (test_isolation_routes_complete.py) has none here.
COVERED = set()
MISSING = {"consultation": "ZX20260302-QQQQQQ", "application": "SQ20260302-QQQQQQ"}


@pytest.fixture
def site(moto_table):
    from app import app

    Bureau(code=B, name="大余县司法局", short_name="大余", level="county", regions=[B],
           account=B, status="live").save()
    for bureau in (A, B):
        Consultation(id=CONS[bureau], openid=OPENID, category="labor", question=QUESTION[bureau],
                     source="h5", county=bureau, status="answering",
                     created_at="2026-03-02T02:00:00Z", bureau=bureau).save()
        Answer(consultation_id=CONS[bureau], answer_id=f"ans-{bureau}", lawyer_id="L1",
               lawyer_name="张律师", firm="某律所", body="依法可以申请劳动仲裁。",
               created_at="2026-03-02T02:05:00Z").save()
        Application(application_id=APPS[bureau], service_type="legal_aid", openid=OPENID,
                    status="draft", fields={"name": QUESTION[bureau]}, created_at="2026-03-02T02:00:00Z",
                    updated_at="2026-03-02T02:00:00Z", bureau=bureau).save()
    with Client(app) as client:
        yield client


def _login(site, bureau, openid=OPENID, **extra):
    response = site.http.post("/dev/login", headers={"content-type": "application/json"},
                              body=json.dumps({"role": "citizen", "id": openid, "bureau": bureau,
                                               **extra}))
    return response


def _token(site, bureau):
    response = _login(site, bureau)
    assert response.status_code == 200, response.body
    return json.loads(response.body)["token"]


def _call(site, token, method, path, body=None):
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    return getattr(site.http, method)(path, headers=headers,
                                      **({"body": json.dumps(body)} if body is not None else {}))


def _table():
    return sorted(json.dumps(item.attribute_values, sort_keys=True, default=str)
                  for item in Item.scan())


@pytest.mark.parametrize("mine,theirs", [(A, B), (B, A)])
def test_a_citizen_session_reads_only_its_own_bureaus_consultations(site, mine, theirs):
    # Given the same openid signed in on `mine`'s account, with a consultation at each bureau
    token = _token(site, mine)
    # When it opens the other bureau's consultation, and a consultation that does not exist
    other = _call(site, token, "get", f"/api/consultations/{CONS[theirs]}")
    missing = _call(site, token, "get", f"/api/consultations/{MISSING['consultation']}")
    # Then the other bureau's is answered exactly as the missing one
    assert other.status_code == missing.status_code == 404
    assert other.body == missing.body
    # And its own opens, and its list holds only its own bureau's
    assert _call(site, token, "get", f"/api/consultations/{CONS[mine]}").status_code == 200
    listed = json.loads(_call(site, token, "get", "/api/consultations").body)
    assert [c["id"] for c in listed] == [CONS[mine]]
    assert QUESTION[theirs] not in _call(site, token, "get", "/api/consultations").body.decode()


@pytest.mark.parametrize("mine,theirs", [(A, B), (B, A)])
def test_a_citizen_session_cannot_act_on_another_bureaus_consultation(site, mine, theirs):
    token = _token(site, mine)
    before = _table()
    cid = CONS[theirs]
    # When it awards, rates and follows up on the other bureau's consultation
    calls = [("post", f"/api/consultations/{cid}/award", {"answer_id": f"ans-{theirs}"}),
             ("post", f"/api/consultations/{cid}/rating", {"stars": 5, "answer_id": f"ans-{theirs}"}),
             ("post", f"/api/consultations/{cid}/answers/ans-{theirs}/followups", {"body": "还在吗？"})]
    for method, path, body in calls:
        response = _call(site, token, method, path, body)
        missing = _call(site, token, method, path.replace(cid, MISSING["consultation"]), body)
        # Then each is the 404 of a consultation that does not exist, and nothing is written
        assert response.status_code == 404, path
        assert response.body == missing.body, path
    assert _table() == before


@pytest.mark.parametrize("mine,theirs", [(A, B), (B, A)])
def test_a_citizen_session_reads_and_edits_only_its_own_bureaus_applications(site, mine, theirs):
    token = _token(site, mine)
    before = _table()
    app_id = APPS[theirs]
    calls = [("get", f"/api/applications/{app_id}", None),
             ("put", f"/api/applications/{app_id}", {"fields": {"name": "改"}}),
             ("patch", f"/api/applications/{app_id}", {"fields": {"name": "改"}}),
             ("post", f"/api/applications/{app_id}/consent", {"sensitive_data": True}),
             ("post", f"/api/applications/{app_id}/submit", {}),
             ("post", f"/api/applications/{app_id}/withdraw", {}),
             ("post", f"/api/applications/{app_id}/uploads",
              {"material": "id_card", "filename": "a.jpg", "content_type": "image/jpeg", "size": 10})]
    for method, path, body in calls:
        response = _call(site, token, method, path, body)
        missing = _call(site, token, method, path.replace(app_id, MISSING["application"]), body)
        # Then every call is the 404 of a missing application, and nothing is written
        assert response.status_code == 404, path
        assert response.body == missing.body, path
    assert _table() == before
    # And its own opens; its list holds only its own bureau's
    assert _call(site, token, "get", f"/api/applications/{APPS[mine]}").status_code == 200
    listed = _call(site, token, "get", "/api/applications")
    assert [a["id"] for a in json.loads(listed.body)] == [APPS[mine]]


@pytest.mark.parametrize("mine,theirs", [(A, B), (B, A)])
def test_another_bureaus_citizen_page_asks_for_that_bureaus_sign_in(site, mine, theirs):
    token = _token(site, mine)
    for page in ("/h5/consult", "/h5/mine", f"/h5/consultations/{CONS[theirs]}",
                 f"/h5/applications/{APPS[theirs]}"):
        # When the session opens the page as the other bureau's menu links it
        other = _call(site, token, "get", f"{page}?bureau={theirs}")
        # Then it is the local sign-in (WeChat's, elsewhere) on the other bureau's account
        assert other.status_code == 401, page
        assert f'data-bureau="{theirs}"' in other.body.decode(), page
        # And the same page of its own bureau opens
        assert _call(site, token, "get", f"{page}?bureau={mine}").status_code == 200, page


def test_a_page_naming_a_bureau_not_yet_live_keeps_the_session_it_has(site):
    # (its account cannot sign anyone in yet: sending the citizen there would never come back)
    Bureau(code="360724", name="上犹县司法局", short_name="上犹", level="county", regions=["360724"],
           account="360724", status="onboarding").save()
    token = _token(site, A)
    assert _call(site, token, "get", "/h5/consult?bureau=360724").status_code == 200


@pytest.fixture
def dev_stage(env):
    env(STAGE="dev", PUBLIC_BASE_URL="https://zst.example.gov.cn/api", SESSION_SECRET="s" * 40)


def test_off_the_local_stage_another_bureaus_page_goes_to_that_accounts_wechat_sign_in(
        dev_stage, site, moto_table):
    from chalicelib.auth import Caller, sign_in

    body, _ = sign_in(Caller("citizen", OPENID, openid=OPENID, bureau=A, account=A),
                      settings=moto_table.settings, clock=moto_table.clock)
    # When A's citizen opens B's consultation form
    response = _call(site, body["token"], "get", f"/h5/consult?bureau={B}")
    # Then WeChat's sign-in starts with the page, which names B (its account signs the citizen in)
    assert response.status_code == 302
    assert response.headers["Location"] == ("/api/auth/wechat/start?next="
                                            "%2Fh5%2Fconsult%3Fbureau%3D360723")
    assert _call(site, body["token"], "get", f"/h5/consult?bureau={A}").status_code == 200


def test_a_profile_belongs_to_the_account_it_was_first_seen_on(site):
    # Given an openid that follows bureau A's account
    assert _login(site, A, "o-follower", follow=True).status_code == 200
    assert Citizen.get("CITIZEN#o-follower", "PROFILE").account == A
    # When the same openid is recorded following bureau B's account
    response = _login(site, B, "o-follower", follow=True)
    # Then it is refused and the profile stays A's
    assert response.status_code == 409
    assert json.loads(response.body)["error"]["code"] == "openid_other_account"
    assert Citizen.get("CITIZEN#o-follower", "PROFILE").account == A


def _apply(*changes):
    effects.commit(effects.Effects().add(*changes))


def test_a_message_or_unfollow_on_another_account_never_touches_the_profile(site):
    _apply(inbound.FollowCitizen("o-x", "2026-03-02T02:00:00Z", account=A))
    profile = Citizen.get("CITIZEN#o-x", "PROFILE").attribute_values
    # When a message on B's account records the same openid
    with pytest.raises(inbound.OtherAccount):
        inbound.record("msg-1", "ok", [inbound.TouchCitizen("o-x", "2026-03-02T03:00:00Z", B)],
                       now=site_now(), ttl_seconds=3600, account=B)
    # Then nothing was written (not even the dedupe record)
    assert Citizen.get("CITIZEN#o-x", "PROFILE").attribute_values == profile
    assert inbound.stored_reply("msg-1", site_now(), B) is None
    # And an unfollow on B's account does not delete A's profile
    with pytest.raises(inbound.OtherAccount):
        inbound.record("msg-2", "success", [inbound.ForgetCitizen("o-x", B)], now=site_now(),
                       ttl_seconds=3600, account=B)
    assert Citizen.count("CITIZEN#o-x") == 1
    # While A's own message and unfollow go through
    inbound.record("msg-3", "ok", [inbound.TouchCitizen("o-x", "2026-03-02T03:00:00Z", A)],
                   now=site_now(), ttl_seconds=3600, account=A)
    assert Citizen.get("CITIZEN#o-x", "PROFILE").last_inbound_at == "2026-03-02T03:00:00Z"
    inbound.record("msg-4", "success", [inbound.ForgetCitizen("o-x", A)], now=site_now(),
                   ttl_seconds=3600, account=A)
    assert Citizen.count("CITIZEN#o-x") == 0


def test_a_profile_from_before_accounts_is_claimed_by_its_first_account(site):
    # Given a profile written before issue 10 (no account)
    Citizen(openid="o-old", subscribed=True).save()
    # When the default bureau's account hears from it
    inbound.record("msg-5", "ok", [inbound.TouchCitizen("o-old", "2026-03-02T03:00:00Z", A)],
                   now=site_now(), ttl_seconds=3600, account=A)
    # Then the profile is that account's from now on
    assert Citizen.get("CITIZEN#o-old", "PROFILE").account == A


def site_now():
    from chalicelib.wiring import services

    return services().clock.now()
