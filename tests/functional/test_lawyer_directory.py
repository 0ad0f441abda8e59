"""The lawyers' directory (社区律师) and their services (点单), issue 12, through the whole app: who is
listed (verified, active, following, bound, serving the bureau), filters and sorting, the profile,
the lawyer publishing items within the bureau's caps, the staff catalogue — and no phone number
or openid on any public answer."""
import json
from urllib.parse import quote

import pytest

from chalicelib.db.directory import LawyerServices, ServiceCatalogue
from chalicelib.db.payouts import LawyerStats
from tests.functional.commission_support import COUNTY_LAWYERS, add_lawyer, api  # noqa: F401
from tests.functional.isolation_support import table_snapshot

MOBILE = "13912345678"
LISTED = ["FAM", *COUNTY_LAWYERS]  # FAM has 5.0 stars; C00 4.9 … C08 4.1
ITEM = {"code": "labor_arbitration", "min_yuan": 800, "max_yuan": 3000,
        "includes": "起草仲裁申请书、整理证据、出庭一次"}


@pytest.fixture
def world(api):
    # Given the commission world's lawyers, each with a mobile from the roster, plus a lawyer
    # waiting for verification and one who unfollowed the account
    for lawyer_id in ("C00", "C01", "FAM"):
        LawyerStats(lawyer_id=lawyer_id, answers=0).save()
    add_lawyer("PENDING", "360722", 5.0, status="pending_verification")
    add_lawyer("GONE", "360722", 5.0, follows=False)
    from chalicelib.db.models import Lawyer

    for lawyer in Lawyer.scan():  # tests may scan
        lawyer.mobile = MOBILE
        lawyer.save()
    return api


def ids(body):
    return [i["id"] for i in body]


def publish(api, lawyer_id, *items):
    return api.call("put", "/api/lawyer/services", f"lawyer:{lawyer_id}", {"items": list(items)})


def test_the_directory_lists_only_verified_active_following_bound_lawyers_of_the_bureau(world):
    # When anyone opens the directory
    status, body = world.get("/api/lawyers", None)
    # Then it holds the bureau's county lawyers by stars — not the paused, unverified, unfollowing
    # or unbound ones, nor the neighbour county's (not this bureau's)
    assert status == 200, body
    assert ids(body) == LISTED
    first = body[0]
    assert first["verified"] is True and first["stars"] == first["figures"]["stars"] == 5.0
    # and the page's place is in the headers (the contract's answer is the list itself)
    headers = world.client.http.get("/api/lawyers").headers
    assert (headers["X-Total-Count"], headers["X-Page"], headers["X-Pages"]) == (str(len(LISTED)), "1", "1")
    assert first["specialties"] == [{"code": "family", "name": "婚姻家庭"}]


def test_filters_by_specialty_and_service_and_sorts_by_answers_and_response(world):
    # Given C05 publishes labor arbitration, and C01 and C00 have answered (C01 more, C00 faster)
    assert publish(world, "C05", ITEM)[0] == 200
    LawyerStats(lawyer_id="C01", answers=9, awards=3, recent_responses=[600, 900, 1200]).save()
    LawyerStats(lawyer_id="C00", answers=2, awards=1, recent_responses=[60, 120]).save()
    # Then a specialty keeps its lawyers, a service keeps those who publish it
    assert ids(world.get("/api/lawyers?specialty=family", None)[1]) == ["FAM"]
    by_service = world.get("/api/lawyers?service=labor_arbitration", None)[1]
    assert ids(by_service) == ["C05"]
    assert by_service[0]["services"][0]["price"] == "800–3000 元"
    # and the other sorts rank by the platform's figures, ties by stars
    assert ids(world.get("/api/lawyers?sort=answers", None)[1])[:3] == ["C01", "C00", "FAM"]
    fastest = world.get("/api/lawyers?sort=response", None)[1]
    assert [i["id"] for i in fastest[:3]] == ["C00", "C01", "FAM"]
    assert fastest[0]["figures"] == {"answers": 2, "awards": 1, "award_rate": 0.5, "stars": 4.9,
                                     "ratings": 0, "median_response_seconds": 90}


def test_a_profile_shows_the_lawyer_and_their_services_and_links_to_a_directed_commission(world):
    publish(world, "C02", {"code": "document", "negotiable": True, "includes": "代写起诉状、答辩状"})
    status, body = world.get("/api/lawyers/C02", None)
    assert status == 200, body
    assert (body["name"], body["firm"], body["services"][0]["price"]) == ("律师C02", "测试律师事务所", "面议")
    page = world.client.http.get("/h5/lawyers/C02").body.decode()
    assert "委托此律师" in page and "/h5/commissions/new?lawyer=C02" in page
    assert "代写起诉状、答辩状" in page and "面议" in page


@pytest.mark.parametrize("lawyer_id", ["NOBODY", "PAUSED", "PENDING", "GONE", "UNBOUND", "N0"])
def test_unlisted_or_other_bureaus_lawyers_are_the_same_404_as_an_unknown_id(world, lawyer_id):
    nobody = world.get("/api/lawyers/NOBODY", None)
    assert world.get(f"/api/lawyers/{lawyer_id}", None) == nobody
    assert nobody[0] == 404 and nobody[1]["error"]["code"] == "lawyer_not_found"
    assert world.client.http.get(f"/h5/lawyers/{lawyer_id}").status_code == 404


def test_no_public_answer_carries_a_phone_number_or_an_openid(world):
    publish(world, "C00", ITEM)
    bodies = [world.client.http.get(path).body.decode() for path in (
        "/api/lawyers", "/api/lawyers?sort=response", "/api/lawyers/C00", "/api/lawyers/FAM",
        "/h5/lawyers", "/h5/lawyers?service=labor_arbitration", "/h5/lawyers/C00")]
    for text in bodies:
        assert "律师C00" in text or "律师FAM" in text  # the scan reads real answers
        for secret in (MOBILE, "oC00", "oFAM", "oC01", "openid", "mobile"):
            assert secret not in text


@pytest.mark.parametrize("query, code", [
    ("county=360702", "county_not_served"), ("county=abc", "invalid_parameter"),
    ("specialty=nothing", "unknown_specialty"), ("specialty=%3Cscript%3E", "invalid_parameter"),
    ("service=nothing", "unknown_service"), ("sort=stars;drop", "invalid_parameter"),
    ("page=0", "invalid_parameter"), ("page=1e9", "invalid_parameter"),
    ("bureau=999999", "bureau_not_found")])
def test_hostile_query_strings_are_a_clear_400_or_404_in_the_house_shape(world, query, code):
    status, body = world.get(f"/api/lawyers?{query}", None)
    assert status in (400, 404), body
    assert body["error"]["code"] == code and body["error"]["message"]
    assert "<script>" not in json.dumps(body, ensure_ascii=False)


@pytest.mark.parametrize("query", ["county=360702", "specialty=%3Cscript%3Ealert(1)%3C/script%3E",
                                   "page=abc", "sort=%00"])
def test_the_directory_page_answers_bad_filters_with_a_readable_page_reflecting_nothing(world, query):
    response = world.client.http.get(f"/h5/lawyers?{query}")
    text = response.body.decode()
    assert response.status_code == 400 and "<script>alert" not in text and "无法打开" in text


def test_a_lawyer_publishes_items_within_the_bureaus_cap_and_bad_items_write_nothing(world):
    # Given the bureau caps document drafting at 500 yuan
    staff = world.call("get", "/api/staff/services", "staff:xf")[1]
    items = [{**i, "cap_yuan": 500} if i["code"] == "document" else i for i in staff["items"]]
    items = [{k: v for k, v in i.items() if v is not None} for i in items]
    assert world.call("put", "/api/staff/services", "staff:xf", {"items": items, "rev": 0})[0] == 200
    before = table_snapshot(sessions=False)
    # When a lawyer asks more than the cap, names an item not in the catalogue, or says nothing
    over = publish(world, "C03", {"code": "document", "min_yuan": 300, "max_yuan": 800,
                                  "includes": "代写起诉状一份"})
    unknown = publish(world, "C03", {"code": "massage", "negotiable": True, "includes": "四个字以上"})
    empty = publish(world, "C03", {"code": "document", "negotiable": True, "includes": "  "})
    backwards = publish(world, "C03", {"code": "counsel", "min_yuan": 900, "max_yuan": 100,
                                       "includes": "常年法律顾问"})
    # Then each is a 400 naming what is wrong, and nothing was written
    assert over[0] == 400 and over[1]["error"]["code"] == "over_cap" and "500" in over[1]["error"]["message"]
    assert [r[1]["error"]["code"] for r in (unknown, empty, backwards)] == [
        "unknown_service", "invalid_includes", "invalid_price"]
    assert table_snapshot(sessions=False) == before
    # And within the cap it is published and shown with the cap
    ok = publish(world, "C03", {"code": "document", "min_yuan": 300, "max_yuan": 500,
                                "includes": "代写起诉状一份"})
    assert ok[0] == 200 and ok[1]["items"][0]["shown"] is True
    shown = world.get("/api/lawyers/C03", None)[1]["services"]
    assert shown == [{"code": "document", "name": "文书代写", "price": "300–500 元", "negotiable": False,
                      "min_yuan": 300, "max_yuan": 500, "includes": "代写起诉状一份", "cap_yuan": 500}]


def test_an_item_the_bureau_later_caps_lower_or_stops_leaves_the_public_pages_and_the_lawyer_is_told(world):
    assert publish(world, "C04", ITEM)[0] == 200
    staff = world.call("get", "/api/staff/services", "staff:xf")[1]
    items = [{"code": i["code"], "name": i["name"], "active": True,
              **({"cap_yuan": 1000} if i["code"] == "labor_arbitration" else {})} for i in staff["items"]]
    assert world.call("put", "/api/staff/services", "staff:xf", {"items": items})[0] == 200
    assert world.get("/api/lawyers/C04", None)[1]["services"] == []
    assert world.get("/api/lawyers?service=labor_arbitration", None)[1] == []
    mine = world.get("/api/lawyer/services", "lawyer:C04")[1]
    assert mine["items"][0]["shown"] is False
    page = world.client.http.get("/h5/lawyer/services", headers={
        "authorization": f"Bearer {world.token('lawyer:C04')}"}).body.decode()
    assert "目前未公开显示" in page


def test_staff_keep_the_catalogue_items_may_be_stopped_or_added_never_deleted(world):
    # Given the default catalogue
    status, body = world.call("get", "/api/staff/services", "staff:xf")
    assert status == 200 and [i["name"] for i in body["items"]][:2] == ["文书代写", "劳动仲裁代理"]
    items = [{"code": i["code"], "name": i["name"]} for i in body["items"]]
    # When an item is left out, it is refused; stopping it and adding one is saved
    dropped = world.call("put", "/api/staff/services", "staff:xf", {"items": items[1:], "rev": 0})
    assert dropped[0] == 400 and dropped[1]["error"]["code"] == "service_removed"
    items[0]["active"] = False
    saved = world.call("put", "/api/staff/services", "staff:xf",
                       {"items": items + [{"name": "合同审查", "cap_yuan": 300}], "rev": 0})
    assert saved[0] == 200, saved
    assert saved[1]["rev"] == 1 and saved[1]["items"][-1]["name"] == "合同审查"
    # And a save at the old revision is a 409 that writes nothing
    stale = world.call("put", "/api/staff/services", "staff:xf", {"items": items, "rev": 0})
    assert stale[0] == 409 and stale[1]["error"]["code"] == "catalogue_changed"
    # The directory offers the new item and no longer the stopped one
    page = world.client.http.get("/h5/lawyers").body.decode()
    assert "合同审查" in page and ">文书代写<" not in page
    assert ServiceCatalogue.get("BUREAU#360722", "SVCCATALOGUE").rev == 1


@pytest.mark.parametrize("body", [
    {"items": []}, {"items": [{"name": "   "}]}, {"items": [{"name": "甲"}, {"name": "甲"}]},
    {"items": [{"name": "甲", "cap_yuan": 0}]}, {"items": [{"name": "甲", "code": "BAD CODE"}]},
    {"items": [{"name": "甲", "code": "not_ours"}]}, {"items": [{"name": "甲"}], "extra": 1}])
def test_a_bad_catalogue_is_a_400_that_writes_nothing(world, body):
    before = table_snapshot(sessions=False)
    status, answer = world.call("put", "/api/staff/services", "staff:xf", body)
    assert status == 400 and answer["error"]["message"]
    assert table_snapshot(sessions=False) == before


def test_a_lawyer_id_with_hostile_text_is_refused_before_any_read(world):
    for raw in ("..%2F..%2Fetc", quote("律师"), "a" * 65, "%3Cscript%3E"):
        status, body = world.get(f"/api/lawyers/{raw}", None)
        assert status in (400, 404) and "error" in body
    assert not [i for i in LawyerServices.scan()]  # tests may scan


def test_a_lawyer_chosen_in_the_directory_can_be_sent_a_directed_commission(world):
    # Given a citizen who picked C02 from the directory (the profile's 委托此律师 names the id)
    chosen = world.get("/api/lawyers?specialty=labor", None)[1][2]["id"]
    # When they open a commission directed to that lawyer
    made = world.commission(lawyer_id=chosen)
    # Then it waits for that lawyer alone
    status, body = world.get(f"/api/commissions/{made['id']}", f"lawyer:{chosen}")
    assert status == 200, body
    assert world.get(f"/api/commissions/{made['id']}", "lawyer:C00")[0] == 404
