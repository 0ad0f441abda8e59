"""/h5/staff/ops through the HTTP routes: only staff open it, it carries the link a lawyer binds on,
and the lawyer look-up it makes before issuing a binding code names the lawyer, says whether
they are bound, hides their openid and refuses an unknown id in Chinese."""
import json

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db.models import Lawyer

PUBLIC_BASE = "https://zst.example.gov.cn"
STAFF = Caller("staff", "s1", staff_id="s1")
CITIZEN = Caller("citizen", "o-citizen-1", openid="o-citizen-1")
LAWYER = Caller("lawyer", "o-lawyer-1", openid="o-lawyer-1", lawyer_id="L1")


@pytest.fixture
def public_base(env):
    env(PUBLIC_BASE_URL=PUBLIC_BASE)


@pytest.fixture
def site(public_base, moto_table):
    from app import app

    with Client(app) as client:
        yield client, moto_table


def _cookie(services, caller):
    _, set_cookie = sign_in(caller, settings=services.settings, clock=services.clock)
    return {"cookie": set_cookie.split(";")[0]}


def _get(site, path, caller=None):
    client, services = site
    response = client.http.get(path, headers=_cookie(services, caller) if caller else {})
    response.text = response.body.decode("utf-8") if response.body else ""
    return response


def _post(site, path, body, caller):
    client, services = site
    headers = {"content-type": "application/json", **_cookie(services, caller)}
    return client.http.post(path, body=json.dumps(body), headers=headers)


def _lawyer(lawyer_id, openid=None):
    Lawyer(lawyer_id=lawyer_id, name="刘明远", licence_no="13607201010000001", firm="江西正阳律师事务所（信丰）",
           county="360722", city="360700", province="360000", openid=openid).save()


def test_the_ops_page_is_for_staff_only(site):
    # Given no session, a citizen and a lawyer
    # When each opens the page
    stranger = _get(site, "/h5/staff/ops")
    citizen = _get(site, "/h5/staff/ops", CITIZEN)
    lawyer = _get(site, "/h5/staff/ops", LAWYER)
    # Then the stranger gets the (local) staff sign-in form, the others are refused
    assert stranger.status_code == 401
    assert 'id="zst-signin"' in stranger.text and 'data-next="/h5/staff/ops"' in stranger.text
    assert '<option value="staff" selected>' in stranger.text
    for refused in (citizen, lawyer):
        assert refused.status_code == 403 and "仅供司法局工作人员使用" in refused.text
        assert "ops-issue" not in refused.text


def test_staff_see_both_sections_and_the_link_a_lawyer_binds_on(site):
    # When a staff member opens the page
    page = _get(site, "/h5/staff/ops", STAFF)
    # Then it renders both sections, its own script and style, and the public bind link for the message
    assert page.status_code == 200
    assert "律师绑定" in page.text and "发送失败的消息" in page.text
    for node in ('id="ops-lookup"', 'id="ops-issue"', 'id="ops-code-value"', 'id="ops-failed"'):
        assert node in page.text
    assert "/static/js/staff_ops.js?v=" in page.text and "/static/css/staff_ops.css?v=" in page.text
    assert f'"bind_url": "{PUBLIC_BASE}/h5/lawyer/bind"' in page.text
    assert page.headers["Cache-Control"] == "no-store"


def test_staff_look_up_a_lawyer_by_id_and_learn_whether_they_are_bound(site):
    # Given an unbound and a bound 信丰 lawyer
    _lawyer("L1")
    _lawyer("L2", openid="o-secret")
    # When staff look each up
    unbound = _get(site, "/api/staff/lawyers/L1", STAFF)
    bound = _get(site, "/api/staff/lawyers/L2", STAFF)
    # Then they see name, firm and whether a WeChat account is bound, never the openid itself
    assert unbound.status_code == 200
    assert json.loads(unbound.body) == {"lawyer_id": "L1", "name": "刘明远",
                                        "firm": "江西正阳律师事务所（信丰）", "county": "360722",
                                        "bound": False}
    assert json.loads(bound.body)["bound"] is True and "o-secret" not in bound.text


def test_an_unknown_lawyer_is_refused_in_chinese_by_the_look_up_and_by_the_code(site):
    # When staff look up, and issue a code for, a lawyer id nobody holds
    looked_up = _get(site, "/api/staff/lawyers/L404", STAFF)
    issued = _post(site, "/api/staff/binding-codes", {"lawyer_id": "L404"}, STAFF)
    # Then both answer 404 lawyer_not_found with a Chinese message
    for response in (looked_up, issued):
        assert response.status_code == 404
        error = json.loads(response.body)["error"]
        assert error["code"] == "lawyer_not_found" and error["message"] == "没有这位律师"


def test_only_staff_may_look_a_lawyer_up(site):
    _lawyer("L1")
    assert _get(site, "/api/staff/lawyers/L1").status_code == 401
    refused = _get(site, "/api/staff/lawyers/L1", CITIZEN)
    assert refused.status_code == 403 and json.loads(refused.body)["error"]["code"] == "forbidden"


def _directory():
    """Three 信丰 lawyers (two named 刘, one bound) and one lawyer of another county."""
    for lawyer_id, name, licence, firm, county, openid in (
            ("L13607201010000001", "刘明远", "13607201010000001", "江西正阳律师事务所（信丰）", "360722", None),
            ("L13607201510100234", "刘芳", "13607201510100234", "江西桃江律师事务所（信丰）", "360722", "o-liu"),
            ("L13607200811030068", "黄志强", "13607200811030068", "江西正阳律师事务所（信丰）", "360722", None),
            ("L13607021999000777", "刘强", "13607021999000777", "江西章贡律师事务所", "360702", None)):
        Lawyer(lawyer_id=lawyer_id, name=name, licence_no=licence, firm=firm, county=county,
               city="360700", province="360000", openid=openid).save()


def _found(site, query):
    response = _get(site, "/api/staff/lawyer-search?q=" + query, STAFF)
    assert response.status_code == 200, response.text
    return [lawyer["name"] for lawyer in json.loads(response.text)["lawyers"]]


def test_staff_find_a_county_lawyer_by_name_firm_or_licence_fragment(site):
    # Given lawyers in the bureau's county and one elsewhere
    _directory()
    # When staff search by a surname, a firm, or part of a licence number
    # Then they get the bureau county's lawyers that match, names starting with it first
    assert _found(site, "刘") == ["刘明远", "刘芳"]
    assert _found(site, "芳") == ["刘芳"]
    assert _found(site, "正阳") == ["刘明远", "黄志强"]
    assert _found(site, "0100234") == ["刘芳"]
    assert _found(site, "L136072008") == ["黄志强"]
    assert _found(site, "王") == []
    # And each result says whether the lawyer is bound, never the openid
    response = _get(site, "/api/staff/lawyer-search?q=刘芳", STAFF)
    (lawyer,) = json.loads(response.text)["lawyers"]
    assert lawyer["bound"] is True and "o-liu" not in response.text
    # And a whole lawyer id finds a lawyer of the bureau's county at once
    assert _found(site, "L13607201510100234") == ["刘芳"]
    # But a lawyer of another county, who does not serve 信丰, is not found by name nor by id, and
    # naming their county is refused: staff see the lawyers who serve their bureau's counties only
    assert _found(site, "刘强") == [] and _found(site, "L13607021999000777") == []
    response = _get(site, "/api/staff/lawyer-search?county=360702&q=刘", STAFF)
    assert response.status_code == 400
    assert json.loads(response.text)["error"]["code"] == "county_not_served"
    # And naming the bureau's own county is the same search as naming none
    response = _get(site, "/api/staff/lawyer-search?county=360722&q=刘", STAFF)
    assert json.loads(response.text)["counties"] == ["360722"]
    assert [lawyer["name"] for lawyer in json.loads(response.text)["lawyers"]] == ["刘明远", "刘芳"]


def test_a_lawyer_of_another_county_is_refused_as_unknown_by_the_look_up_and_by_the_code(site):
    # Given a lawyer of 章贡区, who does not serve 信丰
    _directory()
    # When 信丰's staff look them up and issue a code for them, and for an id nobody holds
    answers = [(_get(site, f"/api/staff/lawyers/{lawyer_id}", STAFF),
                _post(site, "/api/staff/binding-codes", {"lawyer_id": lawyer_id}, STAFF))
               for lawyer_id in ("L13607021999000777", "L13607021999000999")]
    # Then both answer as for an unknown lawyer, byte for byte
    for looked_up, issued in answers:
        assert looked_up.status_code == issued.status_code == 404
    assert [(a.body, b.body) for a, b in answers[:1]] == [(a.body, b.body) for a, b in answers[1:]]


def test_the_lawyer_search_is_for_staff_and_refuses_an_empty_or_long_query_in_chinese(site):
    _directory()
    assert _get(site, "/api/staff/lawyer-search?q=刘").status_code == 401
    assert _get(site, "/api/staff/lawyer-search?q=刘", CITIZEN).status_code == 403
    # (an empty query is absent to the edge and refused by the search in its own words; a long one
    # breaks the declared maxLength, which the edge checks from the same declaration as /openapi.json)
    for query, code in (("", "query_required"), ("刘" * 21, "invalid_parameter")):
        response = _get(site, "/api/staff/lawyer-search?q=" + query, STAFF)
        assert response.status_code == 400 and json.loads(response.text)["error"]["code"] == code
