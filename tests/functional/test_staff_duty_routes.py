"""The duty roster page and its routes through `chalice.test.Client` on moto: the county's lawyers
staff pick from (read from the county pools), a shift set through the PUT route and shown with this
hour's load, the refusals in Chinese, and the page for staff only. What the page does in a browser
is tests/e2e/test_h5_staff_duty_browser.py."""
from chalicelib.auth import Caller, sign_in
from chalicelib.db.duty import DutyLoad
from tests.functional import consultation_support as support
from tests.functional.consultation_support import COUNTY, CITY, PROVINCE, add_lawyer

api = support.api  # the fixture: 4 信丰 lawyers (LX0–LX3, labor), others elsewhere, staff s1
# The fixture's clock: 2026-03-02T02:00Z is 10:00 China time, shift 1 (08:00–16:00) of 2026-03-02.
TODAY, NOW_SHIFT, NOW_HOUR = "2026-03-02", 1, "2026-03-02T10"


def page(api, path, who=None):
    headers = {}
    if who:
        _, cookie = sign_in(who, settings=api.services.settings, clock=api.services.clock)
        headers["cookie"] = cookie.split(";")[0]
    response = api.client.http.get(path, headers=headers)
    return response.status_code, response.body.decode("utf-8")


def test_the_picker_lists_each_county_lawyer_with_wechat_once_best_rated_first(api):
    # Given a 信丰 lawyer in two pools and one without WeChat
    best = add_lawyer("LX8", COUNTY, CITY, PROVINCE, specialties=("labor", "contract"), stars=4.9)
    best.firm = "信丰某律所"
    best.save()
    no_wechat = add_lawyer("LX7", COUNTY, CITY, PROVINCE)
    no_wechat.openid = None
    no_wechat.save()
    # When staff list the county's lawyers (the bureau's county by default)
    status, body = api.get("/api/staff/lawyers", "staff:s1")
    # Then each lawyer with WeChat appears once, more stars first, with firm and specialties named
    assert status == 200, body
    assert body["counties"] == [COUNTY]
    assert [lawyer["id"] for lawyer in body["lawyers"]] == ["LX8", "LX0", "LX1", "LX2", "LX3"]
    top = body["lawyers"][0]
    assert top["firm"] == "信丰某律所" and top["stars"] == 4.9
    assert [s["name"] for s in top["specialties"]] == ["劳动争议", "合同纠纷"]
    # And a name narrows it; the lawyers of 章贡 (LC0, LC1), who do not serve 信丰, are not listed,
    # and naming their county is refused: staff pick from the lawyers of their bureau's counties
    assert [lawyer["id"] for lawyer in api.get("/api/staff/lawyers?q=LX2", "staff:s1")[1]["lawyers"]] == ["LX2"]
    status, refused = api.get("/api/staff/lawyers?county=360702", "staff:s1")
    assert status == 400 and refused["error"]["code"] == "county_not_served"


def test_the_picker_is_for_staff_only_and_refuses_a_malformed_county(api):
    assert api.get("/api/staff/lawyers", None)[0] == 401
    assert api.get("/api/staff/lawyers", "citizen:oC1")[0] == 403
    status, body = api.get("/api/staff/lawyers?county=xinfeng", "staff:s1")
    assert status == 400 and body["error"]["code"] == "invalid_parameter"


def test_two_county_lawyers_put_on_the_current_shift_are_shown_with_this_hours_load(api):
    # Given LX1 already took two questions this China hour
    DutyLoad(lawyer_id="LX1", hour=NOW_HOUR, count=2).save()
    # When staff put LX0 and LX1 on the shift that is on now
    status, roster = api.put(f"/api/staff/duty/{TODAY}/{NOW_SHIFT}", "staff:s1", {"lawyer_ids": ["LX0", "LX1"]})
    # Then the roster names them with firm, stars and what each took this hour
    assert status == 200, roster
    assert roster["now"] == {"date": TODAY, "shift": NOW_SHIFT} and roster["max_per_shift"] == 2
    current = roster["shifts"][NOW_SHIFT]
    assert current["current"] is True and current["set_by"] == "s1"
    assert current["lawyers"] == [
        {"id": "LX0", "name": "律师LX0", "firm": "测试律师事务所", "stars": 4.0, "taken_this_hour": 0},
        {"id": "LX1", "name": "律师LX1", "firm": "测试律师事务所", "stars": 4.0, "taken_this_hour": 2}]
    # And the other shifts have nobody, and no load figure (it means this hour only)
    assert [s["lawyers"] for s in roster["shifts"] if s["shift"] != NOW_SHIFT] == [[], []]
    # And tomorrow's same shift, set alike, is not the current one
    tomorrow = api.put(f"/api/staff/duty/2026-03-03/{NOW_SHIFT}", "staff:s1", {"lawyer_ids": ["LX0"]})[1]
    assert tomorrow["shifts"][NOW_SHIFT]["current"] is False
    assert "taken_this_hour" not in tomorrow["shifts"][NOW_SHIFT]["lawyers"][0]
    assert api.get(f"/api/staff/duty?date={TODAY}", "staff:s1")[1]["shifts"][NOW_SHIFT]["lawyers"][0]["id"] == "LX0"


def test_a_third_lawyer_or_an_unknown_one_is_refused_in_chinese_and_the_shift_is_kept(api):
    api.put(f"/api/staff/duty/{TODAY}/0", "staff:s1", {"lawyer_ids": ["LX0"]})
    status, body = api.put(f"/api/staff/duty/{TODAY}/0", "staff:s1", {"lawyer_ids": ["LX0", "LX1", "LX2"]})
    assert status == 400 and body["error"]["message"] == "每个班次最多安排 2 名值班律师"
    status, body = api.put(f"/api/staff/duty/{TODAY}/0", "staff:s1", {"lawyer_ids": ["LX0", "NOBODY"]})
    assert status == 400 and body["error"]["code"] == "lawyer_not_found" and "NOBODY" in body["error"]["message"]
    assert api.put(f"/api/staff/duty/{TODAY}/0", "citizen:oC1", {"lawyer_ids": []})[0] == 403
    roster = api.get(f"/api/staff/duty?date={TODAY}", "staff:s1")[1]
    assert [lawyer["id"] for lawyer in roster["shifts"][0]["lawyers"]] == ["LX0"]


def test_the_duty_page_is_a_shell_for_staff_only(api):
    # When a stranger opens it on the local stage, they get the sign-in form that brings them back
    status, text = page(api, "/h5/staff/duty")
    assert status == 401 and 'data-next="/h5/staff/duty"' in text
    # And a citizen is refused
    status, text = page(api, "/h5/staff/duty", Caller("citizen", "oC1", openid="oC1"))
    assert status == 403 and "仅供司法局工作人员使用" in text
    # Then staff get the page with its own script and style, and the shared editor
    status, text = page(api, "/h5/staff/duty", Caller("staff", "s1", staff_id="s1"))
    assert status == 200 and "值班律师排班" in text
    assert 'src="/static/js/staff_duty.js?v=' in text and 'href="/static/css/staff_duty.css?v=' in text
    assert 'id="duty-week"' in text and 'id="duty-editor"' in text
    for name in ("js/staff_duty.js", "css/staff_duty.css"):
        assert api.client.http.get(f"/static/{name}").status_code == 200
