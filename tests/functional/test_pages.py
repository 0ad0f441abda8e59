"""The H5 pages and /static/, through the HTTP routes: pages render from the service catalog, sign-in
sends strangers to WeChat (or the local form) and back, staff pages are for staff, and /static/
serves only its allow-list — our CSS/JS and WeUI's stylesheet from npm."""
import json
import re

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.routes import pages
from chalicelib.web import static_files
from tests.functional.applications_support import load_catalog

_test_app = None


def pages_app():
    """app.py's app once it registers the pages; until then one test app (a blueprint joins only
    one app per process)."""
    global _test_app
    import app as main

    if "/h5" in main.app.routes:
        return main.app
    if _test_app is None:
        _test_app = Chalice(app_name="pages-test")
        _test_app.register_blueprint(pages.bp)
    return _test_app


class Browser:
    def __init__(self, client, services):
        self.client, self.services, self.cookie = client, services, None

    def sign_in_as(self, identity):
        _, set_cookie = sign_in(identity, settings=self.services.settings, clock=self.services.clock)
        self.cookie = set_cookie.split(";")[0]
        return self

    def get(self, path, headers=None):
        sent = dict(headers or {})
        if self.cookie:
            sent["cookie"] = self.cookie
        response = self.client.http.get(path, headers=sent)
        response.text = response.body.decode("utf-8") if response.body else ""
        response.headers = {name.lower(): value for name, value in response.headers.items()}
        return response


CITIZEN = Caller("citizen", "o-citizen-1", openid="o-citizen-1")
STAFF = Caller("staff", "s1", staff_id="s1")


@pytest.fixture
def browser(moto_table):
    load_catalog()
    with Client(pages_app()) as client:
        yield Browser(client, moto_table)


def test_home_offers_a_question_every_service_the_law_library_consultations_and_my_items(browser):
    # When anyone opens the H5 home
    page = browser.get("/h5/")
    # Then it renders, phone-sized, with WeUI and our own files served by this app (no CDN)
    assert page.status_code == 200 and page.headers["content-type"] == "text/html; charset=utf-8"
    assert 'name="viewport" content="width=device-width,initial-scale=1' in page.text
    assert re.search(r'href="/static/vendor/weui\.min\.css(\?v=[0-9a-f]{12})?"', page.text)
    assert re.search(r'src="/static/js/api\.js\?v=[0-9a-f]{12}"', page.text)
    assert "//cdn" not in page.text and "https://" not in page.text
    # And it holds the ask form, each service, the law library and the citizen's items
    assert 'id="zst-ask"' in page.text and "/api/" not in page.text.split("<script")[0]
    for service_type, name in (("legal_aid", "法律援助"), ("notarization", "公证"),
                               ("mediation", "调解"), ("reconsideration", "行政复议")):
        assert f'href="/h5/apply/{service_type}"' in page.text and name in page.text
    for link in ("/h5/services", "/h5/laws", "/h5/cases", "/h5/templates"):
        assert f'href="{link}"' in page.text
    assert 'id="zst-mine"' in page.text
    # And the way to the full question form and to my consultations; the lawyer's workbench link is
    # there hidden, for home.js to show once /api/auth/me says the caller is a lawyer
    assert re.search(r'href="/h5/consult">\s*<div class="weui-cell__bd">我要咨询</div>', page.text)
    assert re.search(r'href="/h5/mine">\s*<div class="weui-cell__bd">我的咨询</div>', page.text)
    assert re.search(r'class="[^"]*zst-hidden[^"]*" id="zst-lawyer" href="/h5/lawyer"', page.text)


def test_the_services_page_says_what_each_type_needs(browser):
    # When anyone opens the list of services
    page = browser.get("/h5/services")
    # Then each type shows its required fields and every material, required ones marked 必交
    assert page.status_code == 200
    legal_aid = page.text.split('id="service-legal_aid"')[1].split("<section")[0]
    for label in ("申请人姓名", "公民身份号码", "联系电话", "经济困难状况"):
        assert label in legal_aid
    assert "家庭月收入" not in legal_aid  # optional fields are not demanded
    assert re.search(r"必交</span>\s*申请人身份证件", legal_aid)
    assert re.search(r"视情况</span>\s*免予核查经济困难的证明", legal_aid)
    assert 'href="/h5/apply/legal_aid"' in legal_aid


def test_the_application_form_has_a_control_for_each_field_of_the_type(browser):
    # Given a signed-in citizen
    browser.sign_in_as(CITIZEN)
    # When they open the legal-aid form
    page = browser.get("/h5/apply/legal_aid")
    # Then every field of the catalog is there with the control its kind needs
    assert page.status_code == 200, page.text
    expected = {"applicant_name": 'type="text"', "applicant_id_number": 'data-kind="id_number"',
                "applicant_phone": 'type="tel"', "matter_description": "<textarea",
                "matter_category": "<select", "limitation_ends_on": 'type="date"',
                "household_size": 'inputmode="decimal"'}
    for name, control in expected.items():
        cell = page.text.split(f'id="cell-{name}"')[1].split('id="cell-')[0]
        assert control in cell, name
        assert f'id="error-{name}"' in cell  # where its inline message goes
    assert re.search(r'申请人姓名<span class="zst-required"', page.text)
    assert '<option value="labor_remuneration">请求确认劳动关系或者支付劳动报酬</option>' in page.text
    # And the materials checklist has one row per material, each with a progress bar and retry
    for code in ("id_card", "hardship_declaration", "exemption_proof", "case_materials"):
        row = page.text.split(f'id="material-{code}"')[1].split('id="material-')[0]
        assert 'role="progressbar"' in row and "重试" in row and 'type="file"' in row
    assert "validate.js" in page.text and "upload.js" in page.text and "apply.js" in page.text


def test_the_form_asks_for_separate_consent_to_sensitive_data_before_the_materials(browser):
    browser.sign_in_as(CITIZEN)
    page = browser.get("/h5/apply/mediation")
    assert page.status_code == 200
    consent = page.text.index('id="zst-consent"')
    assert consent < page.text.index('id="zst-materials"')
    notice = page.text[consent:page.text.index('id="zst-materials"')]
    assert "个人信息保护法" in notice and "敏感个人信息" in notice and "单独同意" in notice
    assert 'type="checkbox"' in notice


def test_an_unknown_service_type_is_a_404_page_in_chinese(browser):
    browser.sign_in_as(CITIZEN)
    page = browser.get("/h5/apply/divorce")
    assert page.status_code == 404 and "没有这项办事服务" in page.text


@pytest.fixture
def dev_stage(env):
    """The dev stage, served under the API Gateway stage path /api (set before the app's services
    read their settings)."""
    env(STAGE="dev", PUBLIC_BASE_URL="https://zst.example.gov.cn/api")


def test_a_stranger_is_sent_to_wechat_sign_in_and_comes_back_to_the_same_page(dev_stage, browser):
    # Given the dev stage under /api (dev_stage)
    # When someone without a session opens a form
    page = browser.get("/h5/apply/legal_aid?id=abc123")
    # Then they go through WeChat sign-in, which brings them back to this page
    assert page.status_code == 302
    assert page.headers["location"] == ("/api/auth/wechat/start?next="
                                        "%2Fh5%2Fapply%2Flegal_aid%3Fid%3Dabc123")
    # And pages link their files under the stage path
    assert 'href="/api/static/css/h5.css?v=' in browser.get("/h5/").text


def test_on_the_local_stage_a_stranger_gets_the_local_sign_in_form(browser):
    page = browser.get("/h5/staff")
    assert page.status_code == 401
    assert 'id="zst-signin"' in page.text and 'data-next="/h5/staff"' in page.text
    assert '<option value="staff" selected>' in page.text


def test_the_staff_console_is_for_staff_only(browser):
    # Given a citizen, they are refused the staff console and its application page
    browser.sign_in_as(CITIZEN)
    refused = browser.get("/h5/staff")
    assert refused.status_code == 403 and "仅供司法局工作人员使用" in refused.text
    assert browser.get("/h5/staff/applications/0123456789abcdef").status_code == 403
    # When a staff member opens them, they see the queue tabs and the decision forms
    browser.sign_in_as(STAFF)
    queue = browser.get("/h5/staff")
    assert queue.status_code == 200
    for status in ("submitted", "resubmitted", "supplement_requested", "accepted", "scheduled"):
        assert f'data-status="{status}"' in queue.text
    detail = browser.get("/h5/staff/applications/0123456789abcdef")
    assert detail.status_code == 200
    for action in ("accept", "request_supplement", "schedule", "reject", "complete"):
        assert f'data-action="{action}"' in detail.text
    assert '"application_id": "0123456789abcdef"' in detail.text


def test_the_appointment_offers_the_bureaus_offices_by_name_and_no_office_code_to_type(browser):
    # When staff open an application page
    browser.sign_in_as(STAFF)
    detail = browser.get("/h5/staff/applications/0123456789abcdef")
    # Then each service type brings the offices that receive its visits, named (seeds/catalog.json)
    data = json.loads(detail.text.split('id="zst-page-data">')[1].split("</script>")[0])
    offices = {t["type"]: [o["name"] for o in t["offices"]] for t in data["types"]}
    assert offices["legal_aid"] == ["信丰县法律援助中心"]
    assert all(offices.values()), offices
    # And the form picks one of them: no office code to type, nothing prefilled like `xinfeng`
    assert '<select class="weui-select" id="slot-office"' in detail.text
    assert 'value="xinfeng"' not in detail.text
    # And 确认预约 starts disabled (the page enables it once a slot is chosen)
    assert 'id="schedule-submit" disabled' in detail.text


def test_a_staff_account_without_wechat_is_told_citizen_pages_are_opened_from_wechat(browser):
    browser.sign_in_as(STAFF)
    page = browser.get("/h5/apply/legal_aid")
    assert page.status_code == 403 and "请用本人微信打开此页面办理" in page.text


def test_the_status_page_embeds_its_id_escaped(browser):
    browser.sign_in_as(CITIZEN)
    page = browser.get("/h5/applications/%3C%2Fscript%3E%3Cscript%3Ealert(1)")
    assert page.status_code == 200
    assert "</script><script>alert(1)" not in page.text
    assert "\\u003c/script\\u003e\\u003cscript\\u003ealert(1)" in page.text


def test_the_status_page_asks_a_citizen_who_does_not_follow_to_follow_instead_of_promising(browser):
    from chalicelib.db.followers import record_follow

    # Given a citizen who does not follow the account, on their application's page
    browser.sign_in_as(CITIZEN)
    page = browser.get("/h5/applications/SQ20260302-7K3QDM")
    # Then they are asked to follow, and the script is told not to promise a WeChat notice
    assert 'id="zst-follow-ask"' in page.text and '"follows": false' in page.text
    # When they follow, the page asks nothing more
    record_follow("o-citizen-1", browser.services.clock.now())
    page = browser.get("/h5/applications/SQ20260302-7K3QDM")
    assert 'id="zst-follow-ask"' not in page.text and '"follows": true' in page.text


def test_pages_run_only_this_apps_scripts_and_are_never_cached(browser):
    page = browser.get("/h5/services")
    policy = page.headers["content-security-policy"]
    assert "script-src 'self'" in policy and "object-src 'none'" in policy
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "same-origin"


# ---- /static/ ----

def test_our_css_and_js_are_served_as_text_with_their_types(browser):
    css = browser.get("/static/css/h5.css")
    assert css.status_code == 200 and css.headers["content-type"] == "text/css; charset=utf-8"
    assert ".zst-material" in css.text
    js = browser.get("/static/js/api.js")
    assert js.status_code == 200 and js.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "ApiError" in js.text and js.headers["x-content-type-options"] == "nosniff"


def test_a_file_asked_for_by_its_hash_is_cached_for_a_year_and_revalidates_by_etag(browser):
    version = static_files.load("js/apply.js").version
    pinned = browser.get(f"/static/js/apply.js?v={version}")
    assert pinned.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = browser.get("/static/js/apply.js?v=000000000000")
    assert stale.headers["cache-control"] == "public, max-age=300"
    again = browser.get("/static/js/apply.js", headers={"if-none-match": pinned.headers["etag"]})
    assert again.status_code == 304 and again.body in (b"", None)


@pytest.mark.parametrize("path", [
    "/static/..%2Fapp.py", "/static/js/..%2F..%2Fapp.py", "/static/%2E%2E/app.py",
    "/static/js/..%2Fcss%2Fh5.css", "/static/js/missing.js", "/static/css/h5.js",
    "/static/js/api.js.map", "/static/vendor/weui.css", "/static/vendor/..%2F..%2Fpackage.json",
    "/static/templates/base.html.j2", "/static/api.js", "/static/JS/API.JS",
])
def test_static_refuses_parent_paths_and_anything_off_the_allow_list(browser, path):
    response = browser.get(path)
    assert response.status_code == 404 and response.text == "Not Found"


def _tree(root, files):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_weui_css_is_served_from_node_modules_in_a_checkout(browser, tmp_path, monkeypatch):
    # Given a checkout where npm installed weui and the build copied nothing
    _tree(tmp_path, {"static/css/h5.css": "body{}",
                     "node_modules/weui/dist/style/weui.min.css": ".weui-btn{display:block}"})
    monkeypatch.setattr(static_files, "runtime_dir", lambda name: tmp_path / name)
    monkeypatch.setattr(static_files, "_REPO", tmp_path)
    # When a page asks for WeUI
    css = browser.get("/static/vendor/weui.min.css")
    # Then this app serves npm's file as CSS, and pages link it with its hash
    assert css.status_code == 200 and css.text == ".weui-btn{display:block}"
    assert css.headers["content-type"] == "text/css; charset=utf-8"
    assert f"/static/vendor/weui.min.css?v={css.headers['etag'].strip(chr(34))}" in browser.get("/h5/").text


def test_weui_copied_into_the_package_wins_and_without_it_weui_is_a_404(browser, tmp_path, monkeypatch):
    _tree(tmp_path, {"bundled/static/vendor/weui.min.css": "/*packaged*/",
                     "node_modules/weui/dist/style/weui.min.css": "/*npm*/"})
    monkeypatch.setattr(static_files, "_REPO", tmp_path)
    monkeypatch.setattr(static_files, "runtime_dir", lambda name: tmp_path / "bundled" / name)
    assert browser.get("/static/vendor/weui.min.css").text == "/*packaged*/"
    (tmp_path / "bundled/static/vendor/weui.min.css").unlink()
    (tmp_path / "node_modules/weui/dist/style/weui.min.css").unlink()
    assert browser.get("/static/vendor/weui.min.css").status_code == 404


def test_the_real_weui_from_npm_is_served_when_installed(browser):
    if static_files.locate("vendor/weui.min.css") is None:
        pytest.skip("node_modules/weui is not installed: run `npm ci` (make deps)")
    css = browser.get("/static/vendor/weui.min.css")
    assert css.status_code == 200 and ".weui-btn" in css.text and ".weui-progress" in css.text


def test_a_service_page_shows_what_one_service_needs_to_anyone(browser):
    # When anyone opens the service a WeChat menu item links to
    page = browser.get("/h5/services/legal_aid")
    # Then it shows that service with its apply link, and an unknown one is a friendly 404
    assert page.status_code == 200 and "法律援助" in page.text
    assert 'href="/h5/apply/legal_aid"' in page.text and 'href="/h5/apply/mediation"' not in page.text
    assert browser.get("/h5/services/tax_refund").status_code == 404
