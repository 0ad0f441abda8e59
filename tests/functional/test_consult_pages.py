"""The consultation pages through the HTTP routes: the question form, the consultation page and the
citizen's list, the lawyer's workbench, the staff figures and the staff view of a consultation —
each for its audience only, signing strangers in and back, running only this app's scripts. What the
pages do in a browser is tests/e2e/test_h5_consult_browser.py."""
import re

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db.models import Lawyer, Region
from chalicelib.routes import consult_pages
from chalicelib.web import pages_common, static_files

CITIZEN = Caller("citizen", "o-citizen-1", openid="o-citizen-1")
LAWYER = Caller("lawyer", "o-lawyer-1", openid="o-lawyer-1", lawyer_id="L1")
STAFF = Caller("staff", "s1", staff_id="s1")
SCRIPTS = ("js/consult.js", "js/consultation.js", "js/consult-common.js", "js/consult-mine.js",
           "js/lawyer.js", "js/lawyer_bind.js", "js/staff_stats.js", "css/consult.css")


def consult_app():
    """app.py's app, with the consultation pages registered into it when app.py does not yet (a
    blueprint joins only one app per process, and the static files come from the pages blueprint)."""
    import app as main

    if "/h5/consult" not in main.app.routes:
        main.app.register_blueprint(consult_pages.bp)
    return main.app


class Browser:
    def __init__(self, client, services):
        self.client, self.services, self.cookie = client, services, None

    def sign_in_as(self, identity):
        _, set_cookie = sign_in(identity, settings=self.services.settings, clock=self.services.clock)
        self.cookie = set_cookie.split(";")[0]
        return self

    def get(self, path):
        headers = {"cookie": self.cookie} if self.cookie else {}
        response = self.client.http.get(path, headers=headers)
        response.text = response.body.decode("utf-8") if response.body else ""
        response.headers = {name.lower(): value for name, value in response.headers.items()}
        return response


@pytest.fixture
def browser(moto_table):
    for code, name, parent in (("360700", "赣州市", "360000"), ("360702", "章贡区", "360700"),
                               ("360722", "信丰县", "360700"), ("360723", "大余县", "360700"),
                               ("360102", "东湖区", "360100")):
        Region(code=code, name=name, level="county", parent=parent, city=parent,
               province="360000").save()
    Lawyer(lawyer_id="L1", name="刘建华", licence_no="13607200310000001", firm="江西桃江律师事务所（信丰）",
           county="360722", city="360700", province="360000", specialties=["labor"],
           openid="o-lawyer-1").save()
    with Client(consult_app()) as client:
        yield Browser(client, moto_table)


def test_the_question_form_offers_the_categories_a_counted_question_and_the_bureaus_county(browser):
    # Given a signed-in citizen
    browser.sign_in_as(CITIZEN)
    # When they open the question form
    page = browser.get("/h5/consult")
    # Then it has the category picker, a question of at most 2,000 characters with a live count,
    # and the counties of the bureau's city with the bureau's own first and chosen
    assert page.status_code == 200, page.text
    assert 'id="consult-categories"' in page.text and 'role="radiogroup"' in page.text
    assert re.search(r'<textarea[^>]*id="consult-question"[^>]*maxlength="2000"', page.text)
    assert 'id="consult-count"' in page.text and "/2000" in page.text
    options = re.findall(r'<option value="(\d{6})"( selected)?>([^<]+)</option>', page.text)
    assert options[0] == ("360722", " selected", "信丰县")
    assert {code for code, _, _ in options} == {"360722", "360702", "360723"}  # not another city's
    # And the sharing notice has its place, shown by the script only until it has been accepted
    assert 'id="consult-notice"' in page.text and 'id="consult-notice-agree"' in page.text
    assert 'id="consult-limit"' in page.text  # where a 429 is said
    head = page.text.split("</head>")[0]
    assert "js/consult.js?v=" in page.text and "css/consult.css?v=" in head  # styled before the body


def test_a_stranger_is_signed_in_locally_and_brought_back_to_the_form(browser):
    # When someone without a session opens the form on the local stage
    page = browser.get("/h5/consult?category=labor")
    # Then they get the local sign-in form, which returns them to the same address
    assert page.status_code == 401
    assert 'id="zst-signin"' in page.text and 'data-next="/h5/consult?category=labor"' in page.text
    assert '<option value="citizen" selected>' in page.text


def test_the_consultation_page_and_my_list_are_shells_for_the_signed_in_citizen(browser):
    browser.sign_in_as(CITIZEN)
    # When the citizen opens a consultation, its id is embedded for the script, escaped
    page = browser.get("/h5/consultations/%3C%2Fscript%3E%3Cscript%3Ealert(1)")
    assert page.status_code == 200
    assert "</script><script>alert(1)" not in page.text
    assert '"consultation_id": "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)"' in page.text
    assert '"staff": false' in page.text
    # And it has the answers, the rating stars and the 中标 confirmation dialog
    assert 'id="cons-answers"' in page.text
    assert all(f'id="star-{n}"' in page.text for n in range(1, 6))
    dialog = page.text.split('id="award-dialog"')[1]
    assert 'class="weui-dialog"' in dialog and "确认中标" in dialog and "再看看" in dialog
    # And their own list links to both consultations and applications
    mine = browser.get("/h5/mine")
    assert mine.status_code == 200
    assert 'id="mine-consultations"' in mine.text and 'id="mine-applications"' in mine.text
    assert "js/consult-mine.js?v=" in mine.text


def test_the_workbench_greets_a_bound_lawyer_by_name_and_refuses_everyone_else(browser):
    # Given a citizen, they are refused the workbench with how to become a lawyer user
    browser.sign_in_as(CITIZEN)
    refused = browser.get("/h5/lawyer")
    assert refused.status_code == 403 and "绑定码" in refused.text
    assert re.search(r'<a href="/h5/lawyer/bind" [^>]*>输入绑定码</a>', refused.text)
    # When a bound lawyer opens it from a notification
    browser.sign_in_as(LAWYER)
    page = browser.get("/h5/lawyer?consultation=ZX20260302-ABC123")
    # Then it greets them and holds the inbox, the answer form and the thread
    assert page.status_code == 200
    assert "刘建华 律师 · 江西桃江律师事务所（信丰）" in page.text
    for part in ("lawyer-inbox", "lawyer-answers", "answer-form", "answer-error", "lawyer-thread", "reply-form"):
        assert f'id="{part}"' in page.text
    assert re.search(r'<textarea[^>]*id="answer-body"[^>]*maxlength="5000"', page.text)


@pytest.mark.parametrize("who, path", [(CITIZEN, "/h5/consultations/ZX20260302-ABC123"),
                                       (STAFF, "/h5/staff/consultations/ZX20260302-ABC123"),
                                       (LAWYER, "/h5/lawyer"),
                                       (STAFF, "/h5/staff/duty")])
def test_every_page_that_shows_stars_explains_the_published_formula(browser, who, path):
    # When a page that shows lawyers' stars is opened
    page = browser.sign_in_as(who).get(path)
    # Then it carries the 星级说明: ratings only, the prior as 3 ratings, a worked example, and that
    # answering and 中标 do not move stars
    assert page.status_code == 200
    note = page.text.split('id="stars-note"')[1].split("</details>")[0]
    assert "星级说明" in note and "3 次评分" in note
    assert "（市民评分之和 + 原有星级 × 3）÷（评分次数 + 3）" in note
    assert "4.0 星的律师得到一个 5 星评价，星级变为 4.25" in note
    assert "被选为中标都不改变星级" in note


def test_the_workbench_shows_the_lawyer_their_own_stars(browser):
    Lawyer.get("LAWYER#L1", "PROFILE").update(actions=[Lawyer.stars.set(4.38)])
    page = browser.sign_in_as(LAWYER).get("/h5/lawyer")
    assert '<span id="lawyer-stars">★ 4.4</span>' in page.text


def test_a_signed_in_citizen_can_enter_a_binding_code_that_the_bind_route_takes(browser):
    # Given a lawyer signed in through WeChat as a citizen (the only session they have before binding)
    browser.sign_in_as(CITIZEN)
    # When they open the binding page
    page = browser.get("/h5/lawyer/bind")
    # Then it has the code field (as long as the bind route accepts) and its script, which posts it
    assert page.status_code == 200, page.text
    form = page.text.split('id="lawyer-bind"')[1].split("</form>")[0]
    assert re.search(r'<input[^>]*id="bind-code"[^>]*name="code"[^>]*maxlength="32"', form)
    assert 'type="submit"' in form and "绑定码" in page.text
    assert re.search(r'src="/static/js/lawyer_bind\.js\?v=[0-9a-f]{12}"', page.text)
    assert "/api/auth/bind-lawyer" in static_files.load("js/lawyer_bind.js").body


def test_a_stranger_opening_the_binding_page_is_signed_in_as_a_citizen_and_returns(browser):
    page = browser.get("/h5/lawyer/bind")
    assert page.status_code == 401
    assert 'data-next="/h5/lawyer/bind"' in page.text and '<option value="citizen" selected>' in page.text


def test_a_stranger_opening_the_workbench_gets_the_lawyer_sign_in_and_returns(browser):
    page = browser.get("/h5/lawyer?consultation=ZX20260302-ABC123")
    assert page.status_code == 401
    assert '<input type="hidden" name="role" value="lawyer">' in page.text
    assert 'data-next="/h5/lawyer?consultation=ZX20260302-ABC123"' in page.text
    assert "js/signin.js" in page.text


@pytest.mark.parametrize("path", ["/h5/staff/stats", "/h5/staff/consultations/ZX20260302-ABC123"])
def test_the_staff_figures_and_the_staff_view_are_for_staff_only(browser, path):
    browser.sign_in_as(CITIZEN)
    refused = browser.get(path)
    assert refused.status_code == 403 and "仅供司法局工作人员使用" in refused.text
    browser.sign_in_as(STAFF)
    assert browser.get(path).status_code == 200


def test_the_staff_figures_page_has_the_range_the_figures_and_the_csv_ledger(browser):
    browser.sign_in_as(STAFF)
    page = browser.get("/h5/staff/stats")
    assert 'type="date" id="stats-from"' in page.text and 'type="date" id="stats-to"' in page.text
    assert 'type="month" id="ledger-month"' in page.text
    assert re.search(r'<a [^>]*id="ledger-csv" href="/api/staff/payouts\.csv" download>', page.text)
    # The alert about an unanswered question links to the staff view, which shows the dispatches
    view = browser.get("/h5/staff/consultations/ZX20260302-ABC123")
    assert '"staff": true' in view.text and 'id="cons-dispatches"' in view.text


@pytest.fixture
def dev_stage(env):
    env(STAGE="dev", PUBLIC_BASE_URL="https://zst.example.gov.cn/api")


def test_off_the_local_stage_a_stranger_goes_through_wechat_sign_in(dev_stage, browser):
    page = browser.get("/h5/lawyer?consultation=ZX20260302-ABC123")
    assert page.status_code == 302
    assert page.headers["location"] == ("/api/auth/wechat/start?next="
                                        "%2Fh5%2Flawyer%3Fconsultation%3DZX20260302-ABC123")


@pytest.mark.parametrize("path, who", [
    ("/h5/consult", CITIZEN), ("/h5/consultations/ZX1", CITIZEN), ("/h5/mine", CITIZEN),
    ("/h5/lawyer", LAWYER), ("/h5/lawyer/bind", CITIZEN), ("/h5/staff/stats", STAFF)])
def test_every_consultation_page_runs_only_this_apps_scripts_under_the_same_policy(browser, path, who):
    # When any consultation page is opened by its audience
    page = browser.sign_in_as(who).get(path)
    # Then it carries the very headers an application page (the other blueprint) sends: one policy
    assert page.status_code == 200
    other = browser.get("/h5/services")
    for name in ("content-security-policy", "x-content-type-options", "referrer-policy"):
        assert page.headers[name] == other.headers[name] == pages_common.SECURITY_HEADERS[name.title()]
    assert page.headers["cache-control"] == "no-store"
    # And no script is inline: each is a file of this app, or page data that is not run
    for attributes, body in re.findall(r"<script([^>]*)>(.*?)</script>", page.text, re.S):
        assert re.search(r'src="/static/js/[a-z0-9_-]+\.js\?v=[0-9a-f]{12}"', attributes) and not body.strip() \
            or 'type="application/json"' in attributes, attributes


@pytest.mark.parametrize("name", SCRIPTS)
def test_the_consultation_scripts_and_styles_are_on_the_static_allow_list(browser, name):
    response = browser.get(f"/static/{name}")
    assert response.status_code == 200 and response.headers["content-type"] == static_files.CONTENT_TYPES[
        "." + name.rsplit(".", 1)[1]]


def test_the_lawyer_sign_in_offers_the_county_lawyers_by_name(browser):
    from chalicelib.db.models import Category, LawyerSlot

    # Given the county's pool: 刘建华 (labour) and 王芳 (family), a lawyer with no WeChat account,
    # and a lawyer of another county
    Category(code="labor", name="劳动争议", order=10).save()
    Category(code="family", name="婚姻家庭", order=20).save()
    for lawyer_id, name, county, openid, category in (
            ("L2", "王芳", "360722", "o-lawyer-2", "family"), ("L3", "赵无号", "360722", None, "labor"),
            ("L4", "钱外县", "360702", "o-lawyer-4", "labor")):
        Lawyer(lawyer_id=lawyer_id, name=name, licence_no=f"1360720031000000{lawyer_id[1]}",
               firm="信丰律师事务所", county=county, city="360700", province="360000",
               specialties=[category], openid=openid).save()
    for lawyer_id, county, category in (("L1", "360722", "labor"), ("L2", "360722", "family"),
                                        ("L3", "360722", "labor"), ("L4", "360702", "labor")):
        LawyerSlot(lawyer_id=lawyer_id, category=category, county=county, city="360700",
                   province="360000", stars=4.0).save()
    # When a stranger opens the lawyer's workbench on the local stage
    page = browser.get("/h5/lawyer")
    # Then the sign-in offers the county's lawyers who can sign in, by name and firm, by openid
    assert page.status_code == 401
    options = re.findall(r'<option value="([^"]+)">([^<]+)</option>', page.text)
    assert options == [("o-lawyer-1", "刘建华 · 江西桃江律师事务所（信丰）"), ("o-lawyer-2", "王芳 · 信丰律师事务所")]
    assert "请选择本县的一位律师登录" in page.text


def test_a_citizen_who_does_not_follow_is_asked_to_follow_and_never_promised_a_notice(browser):
    from chalicelib.db.followers import record_follow

    # Given a citizen who has not followed the account
    browser.sign_in_as(CITIZEN)
    # When they open their consultation
    page = browser.get("/h5/consultations/ZX20260302-ABC123")
    # Then the page asks them to follow, and tells the script not to promise a WeChat notice
    assert 'id="zst-follow-ask"' in page.text and "关注" in page.text
    assert '"follows": false' in page.text
    # When they follow, the ask is gone and the notice can be promised
    record_follow("o-citizen-1", browser.services.clock.now())
    page = browser.get("/h5/consultations/ZX20260302-ABC123")
    assert 'id="zst-follow-ask"' not in page.text and '"follows": true' in page.text
    # And staff reading the same consultation are never asked
    browser.sign_in_as(STAFF)
    assert 'id="zst-follow-ask"' not in browser.get("/h5/staff/consultations/ZX20260302-ABC123").text
