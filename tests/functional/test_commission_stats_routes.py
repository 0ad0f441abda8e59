"""Staff figures of commissions through the routes (issue 12, "Staff"): `GET /api/staff/commissions/
stats?month=` and the desk page `/h5/staff/commissions` count the month's commissions of the
caller's bureau per county — accepted within an hour or a day, confirmed, completed, why others
got no service — and list the open ones nobody has taken; a bad month is a 400."""
from tests.functional.commission_support import COUNTY, api, stored  # noqa: F401 (fixture)

STATS = "/api/staff/commissions/stats"


def test_a_months_figures_follow_what_happened_to_its_commissions(api):
    # Given four commissions opened on 2 March at 信丰 (10:00 China time):
    quick = api.commission(contact={"name": "张三", "phone": "13800138000"})["id"]
    slow = api.commission(other_party="乙公司")["id"]
    withdrawn = api.commission(other_party="丙公司")["id"]
    waiting = api.commission(other_party="丁公司")["id"]
    # one accepted after 30 minutes, confirmed, served and completed
    api.at(minutes=30)
    api.accept(quick, "C00")
    api.post(f"/api/commissions/{quick}/confirm", "citizen:oCitizen")
    api.post(f"/api/commissions/{quick}/start", "lawyer:C00")
    api.post(f"/api/commissions/{quick}/complete", "lawyer:C00")
    assert api.post(f"/api/commissions/{quick}/rating", "citizen:oCitizen", {"stars": 4})[0] == 201
    # one accepted after 5 hours, its quote declined, then withdrawn
    api.at(hours=5)
    api.accept(slow, "C00")
    api.post(f"/api/commissions/{slow}/decline", "citizen:oCitizen")
    api.post(f"/api/commissions/{slow}/cancel", "citizen:oCitizen")
    # one withdrawn before anyone took it, and one nobody has taken yet
    api.post(f"/api/commissions/{withdrawn}/cancel", "citizen:oCitizen")
    # When 信丰's staff read March's figures
    status, figures = api.get(f"{STATS}?month=2026-03", "staff:xf")
    # Then the county's row counts them
    assert status == 200 and figures["month"] == "2026-03"
    row = next(r for r in figures["counties"] if r["county"] == COUNTY)
    assert (row["offered"], row["accepted"], row["accepted_1h"], row["accepted_1d"]) == (4, 2, 1, 2)
    assert (row["confirmed"], row["completed"]) == (1, 1)
    assert row["why"] == {"quote_declined": 1, "cancelled": 2, "expired": 0, "lapsed": 0}
    assert (row["median_rating"], row["ratings"]) == (4.0, 1)  # the citizen's 4 stars
    assert figures["total"]["offered"] == 4
    # And the open list holds only the one nobody has taken, without who asked
    assert [c["id"] for c in figures["open"]] == [waiting]
    assert figures["open"][0]["round"] == 3 and "oCitizen" not in str(figures)
    assert "13800138000" not in str(figures)
    # And a month before has none of them
    assert api.get(f"{STATS}?month=2026-02", "staff:xf")[1]["total"]["offered"] == 0
    assert stored(quick).first_accepted_at == stored(quick).accepted_at


def test_without_a_month_the_current_china_month_is_shown(api):
    api.commission()
    status, figures = api.get(STATS, "staff:xf")
    assert status == 200 and figures["month"] == "2026-03" and figures["total"]["offered"] == 1


def test_a_bad_or_future_month_is_a_400_in_the_house_shape(api):
    for month in ("2026-13", "2026-3", "26-03", "2026-03-01", "x" * 300, "2026-04", "9999-12",
                  "1999-12' OR 1=1"):
        status, answer = api.get(f"{STATS}?month={month}", "staff:xf")
        assert status == 400 and answer["error"]["message"], (month, answer)


def test_only_staff_read_the_figures(api):
    assert api.get(STATS, "citizen:oCitizen")[0] == 403
    assert api.get(STATS, "lawyer:C00")[0] == 403
    assert api.call("get", STATS)[0] == 401


def test_the_desk_page_shows_the_counties_and_the_open_list(api):
    # Given an open commission at 信丰
    cid = api.commission()["id"]
    # When staff open the page for March
    status, page = api.get("/h5/staff/commissions?month=2026-03", "staff:xf")
    # Then it shows the month, the county's row and the open commission
    assert status == 200 and "委托律师统计" in page and "2026年3月" in page
    assert f'data-county="{COUNTY}"' in page and f'data-id="{cid}"' in page
    # each open one linking to its staff page
    assert f'href="/h5/staff/commissions/{cid}"' in page
    # And the staff home links to it
    assert "/h5/staff/commissions" in api.get("/h5/staff", "staff:xf")[1]


def test_a_citizen_may_say_why_they_declined_a_quote_and_staff_count_the_reasons(api):
    # Given three commissions each accepted by a lawyer at 信丰
    made = [api.commission(other_party=f"{n}号公司")["id"] for n in range(3)]
    # When the citizen declines the first quote as too dear, then the next lawyer's too, saying
    # they want to compare; the second without a reason; the third as outside what they need
    for cid, reasons in zip(made, (["price", "compare"], [None], ["scope"])):
        for n, reason in enumerate(reasons):
            lawyer = ("C00", "C04")[n]  # the next round's lawyer after a decline
            assert api.accept(cid, lawyer)[0] == 200, (cid, lawyer)
            status, body = api.post(f"/api/commissions/{cid}/decline", "citizen:oCitizen",
                                    {"reason": reason} if reason else {})
            assert status == 200 and body["status"] == "offered", body
    # Then each reason is kept on the commission
    assert stored(made[0]).decline_reasons == {"price": 1, "compare": 1} and stored(made[0]).declines == 2
    assert stored(made[1]).decline_reasons is None and stored(made[1]).declines == 1
    # And March's figures count declines and why: four declines, one without a reason
    figures = api.get(f"{STATS}?month=2026-03", "staff:xf")[1]
    row = next(r for r in figures["counties"] if r["county"] == COUNTY)
    assert row["why"]["quote_declined"] == 4
    assert row["declined_why"] == {"price": 1, "scope": 1, "compare": 1, "other": 0, "unspecified": 1}
    assert figures["total"]["declined_why"] == row["declined_why"]
    assert figures["declined_why_labels"]["price"] == "价格太高"
    # And the desk page says them in Chinese
    page = api.get("/h5/staff/commissions?month=2026-03", "staff:xf")[1]
    assert "价格太高 1 次" in page and "未说明原因 1 次" in page and "服务范围不合适 1 次" in page


def test_a_decline_with_an_unknown_reason_is_refused_and_the_quote_stands(api):
    cid = api.commission()["id"]
    api.accept(cid, "C00")
    for body in ({"reason": "太贵了"}, {"reason": ""}, {"reason": ["price"]}, {"reason": "price", "x": 1},
                 {"reason": "<script>"}, {"reason": None}):
        status, answer = api.post(f"/api/commissions/{cid}/decline", "citizen:oCitizen", body)
        assert status == 400 and answer["error"]["message"], (body, answer)
    c = stored(cid)
    assert (c.status, c.lawyer_id, int(c.declines or 0), c.decline_reasons) == ("accepted", "C00", 0, None)
