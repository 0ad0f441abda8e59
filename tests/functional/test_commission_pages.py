"""The citizen's commission pages through the HTTP routes (issue 12): the form carries a consultation's
summary (masked), category and county, or the lawyer chosen on a profile; the status page shows each
step with what the citizen may do, the consent before confirming, the rating once completed; other
people's ids and odd ids are the 404 page of a random id; staff read it without the buttons and
without the contact. What the pages do in a browser: tests/e2e/test_h5_commissions_browser.py."""
import pytest

from tests.functional.commission_support import api, notes, stored  # noqa: F401 (fixture)

RANDOM = "WT20260302-DEADBEEF"


def page(api, path, who):
    status, body = api.call("get", path, who)
    return status, body if isinstance(body, str) else str(body)


def made(api, **body):
    return api.commission(contact={"name": "张三", "phone": "138 0013 8000"}, **body)["id"]


def test_the_form_from_a_consultation_carries_its_summary_masked_its_category_and_county(api):
    # Given the citizen's answered consultation, whose question holds their phone number
    status, html = page(api, "/h5/commissions/new?consultation=ZX20260302-AAAAAA", "citizen:oCitizen")
    # Then the form opens with what the lawyer will read, the number hidden, editable
    assert status == 200
    assert "公司拖欠工资" in html and "13800138000" not in html
    assert 'id="new-summary"' in html and "律师将看到这段文字" in html
    # the category and county carried over, and a service, the other party and the consent asked
    assert "劳动争议" in html and 'id="new-category-carried"' in html
    assert 'id="new-county-carried"' in html and 'id="new-category"' not in html
    for asked in ("文书代写", "劳动仲裁代理", 'id="new-other-party"', 'id="new-budget"',
                  'id="new-phone"', 'id="new-consent"', "仅该律师"):
        assert asked in html, asked


def test_the_form_directed_to_a_lawyer_names_them_and_asks_the_category(api):
    status, html = page(api, "/h5/commissions/new?lawyer=C03", "citizen:oCitizen")
    assert status == 200
    assert "律师C03 律师" in html and "测试律师事务所" in html and "★ 4.6" in html
    assert 'id="new-category"' in html and "劳动争议" in html and "婚姻家庭" in html


@pytest.mark.parametrize("query", ["consultation=ZX20260302-AAAAAA", "consultation=ZX-NOPE",
                                   "lawyer=PAUSED", "lawyer=UNBOUND", "lawyer=NOBODY",
                                   "consultation=" + "x" * 3000, "lawyer=" + "y" * 3000,
                                   "lawyer=%3Cscript%3E"])
def test_the_form_for_someone_elses_consultation_or_a_lawyer_who_takes_none_is_a_404(api, query):
    who = "citizen:oStranger" if query.startswith("consultation=ZX2026") else "citizen:oCitizen"
    status, html = page(api, f"/h5/commissions/new?{query}", who)
    assert status == 404 and "没有找到" in html
    assert "公司拖欠工资" not in html


def test_the_status_page_walks_the_citizen_through_offered_accepted_and_confirmed(api):
    cid = made(api)
    # Offered: the first step, no lawyer yet, cancel possible
    status, html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")
    assert status == 200 and "等待律师承接" in html and 'aria-current="step"' in html
    assert 'id="comm-cancel"' in html and 'id="comm-confirm"' not in html
    # Accepted: the lawyer, firm, stars and quote, the consent shown before confirming
    assert api.accept(cid, "C01", fee="3000元（含仲裁阶段）")[0] == 200
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    for seen in ("律师C01 律师", "测试律师事务所", "★ 4.8", "3000元（含仲裁阶段）", "代理劳动仲裁至裁决",
                 "60 天", 'id="comm-confirm"', 'id="comm-decline"', 'id="comm-cancel"',
                 "星级说明"):
        assert seen in html, seen
    assert "仅这一位律师" in html and "张三" in html and "138****8000" in html
    assert "13800138000" not in html
    # Confirmed: no more buttons; the citizen is told the contact went to that lawyer
    assert api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")[0] == 200
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert "已确认委托" in html and 'id="comm-actions"' not in html
    assert 'id="comm-shared"' in html


def test_a_completed_commission_asks_for_a_rating_and_then_shows_it(api):
    cid = made(api)
    api.accept(cid, "C00")
    api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")
    c = stored(cid)
    c.status = "completed"
    c.save()
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert "服务已完成" in html and 'id="rating-form"' in html
    assert api.post(f"/api/commissions/{cid}/rating", "citizen:oCitizen",
                    {"stars": 4, "comment": "<b>及时</b>"})[0] == 201
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert 'id="rating-form"' not in html and "★★★★☆" in html
    assert "&lt;b&gt;及时&lt;/b&gt;" in html and "<b>及时" not in html  # escaped, never markup


def test_other_peoples_and_odd_ids_are_the_404_page_of_a_random_id(api):
    cid = made(api, other_party="赣州某某物流有限公司")
    theirs = page(api, f"/h5/commissions/{cid}", "citizen:oStranger")
    random = page(api, f"/h5/commissions/{RANDOM}", "citizen:oStranger")
    assert theirs[0] == random[0] == 404
    assert theirs[1].replace(cid, "") == random[1].replace(RANDOM, "")
    assert "物流" not in theirs[1]
    for odd in ("%3Cscript%3E", "x" * 300, "x" * 3000, "%F0%9F%98%80", "..%2F..%2Fetc", "%ED%A0%80"):
        status, html = page(api, f"/h5/commissions/{odd}", "citizen:oStranger")
        assert status in (400, 404) and "<script>" not in html, odd


def test_a_stranger_is_signed_in_and_a_lawyer_is_sent_to_the_lawyers_page(api):
    cid = made(api)
    status, _ = page(api, f"/h5/commissions/{cid}", None)
    assert status in (302, 401)
    response = api.client.http.get(f"/h5/commissions/{cid}", headers={
        "authorization": f"Bearer {api.token('lawyer:C00')}"})
    assert response.status_code == 302
    headers = {k.lower(): v for k, v in response.headers.items()}
    assert headers["location"].endswith(f"/h5/lawyer/commissions?commission={cid}")


def test_staff_read_their_bureaus_commission_without_buttons_or_contact(api):
    cid = made(api)
    api.accept(cid, "C01")
    status, html = page(api, f"/h5/staff/commissions/{cid}", "staff:xf")
    assert status == 200 and "律师C01 律师" in html and "3000元" in html
    assert 'id="comm-actions"' not in html and "138" not in html.replace(cid, "")
    # (another bureau's staff: tests/functional/test_bureau_isolation_commissions.py)


def test_the_citizens_list_and_the_consultation_page_lead_to_commissions(api):
    html = page(api, "/h5/mine", "citizen:oCitizen")[1]
    assert 'id="mine-commissions"' in html
    html = page(api, "/h5/consultations/ZX20260302-AAAAAA", "citizen:oCitizen")[1]
    assert "/h5/commissions/new?consultation=ZX20260302-AAAAAA" in html


def test_the_notice_that_asks_the_citizen_to_confirm_opens_this_page(api):
    # Given a lawyer accepted the citizen's commission
    cid = made(api)
    assert api.accept(cid, "C01")[0] == 200
    # Then the citizen is told, with a link to this page that names the bureau
    told = notes(template_key="commission_accepted", to_openid="oCitizen")
    assert len(told) == 1 and "请查看报价并确认或拒绝" in told[0].payload["text"]
    url = told[0].payload["url"]
    path = url[url.index("/h5/"):]
    assert path == f"/h5/commissions/{cid}?bureau=360722"
    # and the link opens the page with the quote and the confirm button
    status, html = page(api, path, "citizen:oCitizen")
    assert status == 200 and "律师C01 律师" in html and 'id="comm-confirm"' in html


def test_a_declined_quote_a_lapsed_directed_commission_an_expired_and_a_cancelled_one(api):
    # Given a quote the citizen declined: back to the lawyers, and the page says so
    cid = made(api)
    api.accept(cid, "C00")
    assert api.post(f"/api/commissions/{cid}/decline", "citizen:oCitizen")[0] == 200
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert "您已拒绝 1 位律师的报价" in html and 'id="comm-confirm"' not in html
    # Given a commission directed to C05 that nobody took in 24 hours: push or cancel
    directed = made(api, lawyer_id="C05")
    api.at(hours=24)
    html = page(api, f"/h5/commissions/{directed}", "citizen:oCitizen")[1]
    assert "指定律师未接受" in html and 'id="comm-push"' in html and 'id="comm-cancel"' in html
    # Given a pushed commission nobody accepted in three days: the apology, nothing to press
    api.at(hours=24 + 72)
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert "很抱歉" in html and "12348" in html and 'id="comm-actions"' not in html
    # Given one the citizen withdrew
    assert api.post(f"/api/commissions/{directed}/cancel", "citizen:oCitizen")[0] == 200
    html = page(api, f"/h5/commissions/{directed}", "citizen:oCitizen")[1]
    assert "您已撤回这项委托" in html and 'id="comm-actions"' not in html


def test_a_following_citizen_is_asked_to_allow_the_next_steps_notice_on_the_status_page(api):
    from chalicelib.db.models import Citizen

    cid = made(api)
    # Given a citizen who does not follow the account: nothing can reach them, nothing is asked
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert 'id="zst-subscribe-ask"' not in html
    # Given they follow it: while it waits for a lawyer, the page asks for the accept's notice
    Citizen(openid="oCitizen", subscribed=True).save()
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert 'data-moment="commission"' in html and "律师接受后通知我" in html and "subscribe.js" in html
    # Accepted: the citizen acts on the page now, nothing to ask
    api.accept(cid, "C01")
    assert 'id="zst-subscribe-ask"' not in page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    # Confirmed: the service's start and end
    api.post(f"/api/commissions/{cid}/confirm", "citizen:oCitizen")
    html = page(api, f"/h5/commissions/{cid}", "citizen:oCitizen")[1]
    assert 'data-moment="commission_service"' in html and "律师开始办理和办结时通知我" in html
    # And staff reading it are never asked
    assert 'id="zst-subscribe-ask"' not in page(api, f"/h5/staff/commissions/{cid}", "staff:xf")[1]
