"""Issue 9's page items, done when a person on a phone SEES them, in headless Chromium on the local
stack (a 375 px phone; staff also at a 1280 px desk):

1. the message of a refused action appears (visible, a real box, in the viewport) on every page
   whose script reports refusals through `toptips`/`showError` — WeUI hides `.weui-toptips` until a
   script displays it, and taking off `zst-hidden` alone left all of them invisible;
2. every textarea is tall enough for its placeholder and for writing, including the lawyer's answer
   box opened from the WeChat link or the inbox and the reply / 追问 boxes shown after the page loads;
7. a material row's red "missing" bar goes when its file is uploaded;
10. the home quick-ask says what is missing in Chinese (no browser bubble), an unknown consultation
   shows one 未找到 message, the award dialog names the firm without nested brackets, the templates
   page searches, a case reads start-aligned with its publisher as its source, and 民法典 crumbs
   keep 第二分编 典型合同 whole.

Screenshots under test-artifacts/pages-seen/. The stack's data is a fresh folder (the county's
lawyers have every question of this run to themselves) with a small lawyer pool.
"""
import json
import re
import secrets
from pathlib import Path

import pytest

from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import PHONE, ROOT, STEP, missing_routes, running
from tests.e2e.test_h5_consult_browser import QUESTION, xinfeng_lawyers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "pages-seen"
DESK = {**PHONE, "viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False,
        "device_scale_factor": 1}
ROUTES_NEEDED = ("/api/consultations", "/api/consultations/{consultation_id}/answers",
                 "/api/applications", "/api/staff/applications", "/api/library/search",
                 "/api/auth/bind-lawyer", "/api/staff/duty", "/api/staff/stats", "/api/me/data",
                 "/api/me/subscriptions")
# Each script that reports a refusal through toptips/showError, and the page this module refuses
# an action on to see that report (test_every_script_that_reports_refusals_has_its_page_here keeps
# the list complete: a new call site in a new script must bring its page here).
PAGES_SEEN = {
    "home.js": "/h5/", "consult.js": "/h5/consult", "consult-photos.js": "/h5/consult",
    "consultation.js": "/h5/consultations/{id}", "apply.js": "/h5/apply/legal_aid",
    "application.js": "/h5/applications/{id}", "lawyer.js": "/h5/lawyer?consultation={id}",
    "lawyer_bind.js": "/h5/lawyer/bind", "signin.js": "/h5/mine (signed out)", "library.js": "/h5/laws/civil-code",
    "staff.js": "/h5/staff", "staff_duty.js": "/h5/staff/duty", "staff_ops.js": "/h5/staff/ops",
    "staff_stats.js": "/h5/staff/stats", "dev_wechat.js": "/dev/wechat",
    "subscribe.js": "/h5/consultations/{id} (allow notices, refused)",
    # seen in test_h5_settlement_browser.py, which seeds the months these pages show
    "staff_settlement.js": "/h5/staff/settlement", "lawyer_earnings.js": "/h5/lawyer/earnings",
    # issue 11's personal-information pages
    "me_privacy.js": "/h5/me/privacy", "staff_privacy.js": "/h5/staff/privacy",
    # issue 11: a lawyer's self-registration, and staff deciding it beside the roster
    "lawyer_join.js": "/h5/lawyer/join", "staff_joins.js": "/h5/staff/lawyers/import",
    "staff_join.js": "/h5/join-staff",  # issue 11: joining as staff with an invite code
    # issue 12, seen in test_h5_commissions_browser.py (a commission of the citizen's own)
    "commission.js": "/h5/commissions/{id}", "commission-new.js": "/h5/commissions/new",
    # issue 13, seen in test_h5_documents_browser.py (the server's 422 shown beside the amount)
    "documents.js": "/h5/templates/{slug}",
}
REFUSED = "这是一个被拒绝的操作的说明"  # what a route-injected 4xx says, so the test knows it saw that


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pages-stack")
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_routes(local.base, ROUTES_NEEDED)
        if missing:
            pytest.skip("the running app lacks what these pages drive: " + ", ".join(missing))
        yield local.base


class Person(apply_e2e.Person):
    def __init__(self, browser, base, role, who, device=PHONE):
        self.base = base
        self.context = browser.new_context(**device)
        self.context.set_default_timeout(STEP)
        if role:
            response = self.context.request.post(f"{base}/dev/login", data={"role": role, "id": who})
            assert response.ok, response.text()
        self.page = self.context.new_page()
        self.errors = []
        self.context.on("weberror", lambda error: self.errors.append(str(error.error)))
        self.context.on("console", self._console)

    def shot(self, name, full_page=False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)

    def shot_of(self, selector, name):
        """Just one part of the page, at the phone's size: what a long page's picture makes too small."""
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.locator(selector).screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def api(self, method, path, body=None):
        response = self.context.request.fetch(self.base + path, method=method,
                                              data=json.dumps(body) if body is not None else None,
                                              headers={"Content-Type": "application/json"})
        assert response.ok, f"{method} {path}: {response.status} {response.text()}"
        return response.json()

    def refuse(self, pattern, status=403):
        """Answer the JSON routes matching `pattern` with a refusal in the contract's shape."""
        self.page.route(re.compile(pattern), lambda route: route.fulfill(
            status=status, content_type="application/json",
            body=json.dumps({"error": {"code": "refused_for_test", "message": REFUSED, "details": []}})))


def seen_message(person, text, name):
    """The refusal's message is on the screen: displayed, a real box, inside the viewport, readable."""
    page = person.page
    tips = page.locator("#zst-toptips")
    # Wait for a message to arrive, not just for the (empty, hidden) bar: `includes("")` is always
    # true, so a refusal whose words the test leaves open would race the server's answer.
    page.wait_for_function("(t) => { const e = document.getElementById('zst-toptips');"
                           " return e && e.textContent.trim() && e.textContent.includes(t); }",
                           arg=text, timeout=10_000)
    assert tips.is_visible(), f"{name}: the message {text!r} is in the page but not displayed"
    box = tips.bounding_box()
    viewport = page.viewport_size
    assert box and box["height"] >= 30 and box["width"] >= min(300, viewport["width"] - 40), (name, box)
    assert 0 <= box["y"] and box["y"] + box["height"] <= viewport["height"], (name, box)
    colours = page.eval_on_selector("#zst-toptips", "e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor,"
                                    " getComputedStyle(e).opacity, getComputedStyle(e).visibility]")
    assert colours[0] != colours[1] and colours[2] == "1" and colours[3] == "visible", (name, colours)
    person.shot(name)
    return page.inner_text("#zst-toptips")


# Whether each visible textarea shows its whole placeholder (Chromium lays a value out exactly as it
# lays out the placeholder, so the placeholder is put in as the value for a moment) and at least two
# lines to write in; [] when all do.
TEXTAREAS_SHORT = """() => Array.from(document.querySelectorAll('textarea')).filter((t) => t.getClientRects().length
  && getComputedStyle(t).visibility !== 'hidden').map((t) => {
    const kept = t.value;
    const line = parseFloat(getComputedStyle(t).lineHeight) || parseFloat(getComputedStyle(t).fontSize) * 1.4;
    t.value = t.placeholder || '';
    const cut = t.scrollHeight > t.clientHeight + 1;
    t.value = kept;
    return { id: t.id || t.getAttribute('aria-label'), height: t.getBoundingClientRect().height,
             cut: cut, short: t.clientHeight < 2 * line };
  }).filter((t) => t.cut || t.short)"""


def textareas_fit(person, where):
    short = person.page.evaluate(TEXTAREAS_SHORT)
    assert short == [], f"{where}: textareas cut or too short: {short}"


def box_height(page, selector):
    page.wait_for_selector(selector, state="visible")
    page.wait_for_timeout(100)  # let a fit scheduled for the next frame run
    return page.locator(selector).bounding_box()["height"]


# --- the list of pages is complete ----------------------------------------------------------------

def test_every_script_that_reports_refusals_has_its_page_here():
    # Given every page script that reports a refusal through the shared message bar
    scripts = Path(ROOT / "static" / "js")
    reporting = {p.name for p in scripts.glob("*.js") if p.name != "api.js"
                 and re.search(r"\b(toptips|showError)\b", p.read_text(encoding="utf-8"))}
    # Then each has a page below on which a refused action's message is seen
    assert reporting == set(PAGES_SEEN), (sorted(reporting - set(PAGES_SEEN)), sorted(set(PAGES_SEEN) - reporting))


# --- a consultation answered by a 信丰 lawyer: the pages of citizen and lawyer -----------------------

@pytest.fixture(scope="module")
def answered(stack, browser):
    """Two questions of one citizen, each dispatched to 信丰 lawyers; one of them answered the first."""
    base = stack
    run = secrets.token_hex(3)
    citizen = Person(browser, base, "citizen", f"o-e2e-seen-{run}")
    staff = Person(browser, base, "staff", f"e2e-seen-staff-{run}")
    first = citizen.api("POST", "/api/consultations", {"category": "labor", "question": QUESTION})["id"]
    second = citizen.api("POST", "/api/consultations", {"category": "labor", "question": QUESTION + "（另一件事）"})["id"]
    named = xinfeng_lawyers()
    reached = [sorted({d["lawyer_id"] for d in staff.api("GET", f"/api/consultations/{c}")["dispatches"]} & set(named))
               for c in (first, second)]
    assert reached[0] and reached[1], f"the questions reached no 信丰 named lawyer: {reached}"
    name, firm, openid = named[reached[0][0]]
    lawyer = Person(browser, base, "lawyer", openid)  # answers the first
    lawyer.api("POST", f"/api/consultations/{first}/answers", {"body": (
        "根据《劳动合同法》第三十条，用人单位应当按时足额支付劳动报酬；无故拖欠的，您可以向县人社局劳动保障监察大队投诉，"
        "也可以向劳动人事争议仲裁委员会申请仲裁。请保存工资条、考勤记录等证据。")})
    other = Person(browser, base, "lawyer", named[reached[1][0]][2])  # has the second to answer
    yield {"base": base, "citizen": citizen, "staff": staff, "lawyer": lawyer, "other": other,
           "first": first, "second": second, "name": name, "firm": firm}
    for person in (citizen, staff, lawyer, other):
        person.context.close()


def test_the_lawyer_answer_box_is_full_size_from_the_wechat_link_and_from_the_inbox(answered):
    lawyer, second = answered["other"], answered["second"]
    desk = lawyer.page
    # Given the lawyer opening the question from the WeChat notice's link
    lawyer.open(f"/h5/lawyer?consultation={second}")
    desk.wait_for_selector("#answer-section:not(.zst-hidden)")
    # Then the answer box is a box to write an answer in, its whole hint readable
    assert box_height(desk, "#answer-body") >= 80
    textareas_fit(lawyer, "answer from the link")
    lawyer.shot("20-lawyer-answer-from-link", full_page=True)
    # And the same when the lawyer comes through the inbox
    lawyer.open("/h5/lawyer")
    desk.click(f"#lawyer-inbox a[href$='consultation={second}']")
    desk.wait_for_selector("#answer-section:not(.zst-hidden)")
    assert box_height(desk, "#answer-body") >= 80
    textareas_fit(lawyer, "answer from the inbox")
    lawyer.shot("21-lawyer-answer-from-inbox", full_page=True)
    # And the box grows with a long answer, up to its cap
    desk.fill("#answer-body", "根据法律规定，" * 200)
    assert 300 <= box_height(desk, "#answer-body") <= 642
    assert lawyer.errors == []


def test_the_reply_and_follow_up_boxes_show_their_whole_hint(answered):
    lawyer, citizen, first = answered["lawyer"], answered["citizen"], answered["first"]
    # Given the lawyer on the answered question: the reply box below the thread
    lawyer.open(f"/h5/lawyer?consultation={first}")
    lawyer.page.wait_for_selector("#reply-form:not(.zst-hidden)")
    assert box_height(lawyer.page, "#reply-body") >= 60
    textareas_fit(lawyer, "reply box")
    lawyer.shot("22-lawyer-reply-box", full_page=True)
    # And the citizen unfolding 追问 under the answer
    page = citizen.open(f"/h5/consultations/{first}")
    page.click(".zst-answer .zst-followup-toggle")
    assert box_height(page, ".zst-answer .zst-thread__form textarea") >= 60
    textareas_fit(citizen, "follow-up box")
    citizen.shot("23-citizen-follow-up-box", full_page=True)
    assert lawyer.errors == [] and citizen.errors == []


def test_refusals_are_seen_on_the_citizen_consultation_and_lawyer_pages(answered):
    citizen, lawyer, first = answered["citizen"], answered["lawyer"], answered["first"]
    # consultation.js: a 追问 sent empty
    page = citizen.open(f"/h5/consultations/{first}")
    page.click(".zst-answer .zst-followup-toggle")
    page.click(".zst-answer .zst-thread__form button[type=submit]")
    seen_message(citizen, "请填写追问内容", "01-consultation-empty-follow-up")
    # lawyer.js: a reply sent empty, then a reply the server refuses
    lawyer.open(f"/h5/lawyer?consultation={first}")
    lawyer.page.wait_for_selector("#reply-form:not(.zst-hidden)")
    lawyer.page.click("#reply-submit")
    seen_message(lawyer, "请填写回复内容", "02-lawyer-empty-reply")
    lawyer.refuse(r".*/followups$", status=403)
    lawyer.page.fill("#reply-body", "您可以先申请劳动仲裁。")
    lawyer.page.click("#reply-submit")
    seen_message(lawyer, REFUSED, "03-lawyer-reply-refused")


def test_the_award_dialog_names_the_firm_without_nested_brackets(answered):
    citizen, first, name, firm = answered["citizen"], answered["first"], answered["name"], answered["firm"]
    page = citizen.open(f"/h5/consultations/{first}")
    page.click(".zst-answer .zst-award")
    page.wait_for_selector("#award-dialog:not(.zst-hidden)")
    text = page.inner_text("#award-dialog-text")
    assert name in text and firm in text, text
    assert not re.search(r"（[^（）]*（", text), f"nested brackets: {text}"
    citizen.shot("24-award-dialog")
    page.click("#award-cancel")


def test_an_unknown_consultation_or_application_shows_one_not_found_message_and_nothing_else(answered):
    citizen = answered["citizen"]
    page = citizen.open("/h5/consultations/ZX20200101-AAAAAA")
    page.wait_for_selector("#cons-missing", state="visible")
    assert "未找到" in page.inner_text("#cons-missing")
    # No empty question card, answers list, rating or button beside it
    visible = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.weui-panel, #cons-answers, #cons-hint, #cons-status, .weui-btn')).filter((e) => e.getClientRects().length)
        .map((e) => e.id || e.className)""")
    assert visible == [], visible
    citizen.shot("25-consultation-not-found", full_page=True)
    # And the same for an application
    page = citizen.open("/h5/applications/00000000deadbeef")
    page.wait_for_selector("#app-notfound", state="visible")
    assert "未找到该申请" in page.inner_text("#app-notfound")
    visible = page.evaluate("""() => Array.from(document.querySelectorAll(
        '.weui-panel, .weui-cells__group, #app-hint, #app-status')).filter((e) => e.getClientRects().length)
        .map((e) => e.id || e.className)""")
    assert visible == [], visible
    citizen.shot("26-application-not-found", full_page=True)


# --- citizen pages: refusals seen -------------------------------------------------------------------

def test_refusals_are_seen_on_home_consult_apply_and_application_pages(stack, browser):
    base = stack
    run = secrets.token_hex(3)
    citizen = Person(browser, base, "citizen", f"o-e2e-refused-{run}")
    page = citizen.page

    # home.js: the quick question the server refuses
    citizen.open("/h5/")
    page.wait_for_selector("#ask-category option[value=labor]", state="attached")
    page.select_option("#ask-category", "labor")
    page.fill("#ask-question", QUESTION)
    citizen.refuse(r".*/api/consultations$")
    page.click("#zst-ask button[type=submit]")
    seen_message(citizen, REFUSED, "04-home-refused")
    page.unroute(re.compile(r".*/api/consultations$"))

    # consult.js: sent before the notice is acknowledged
    citizen.open("/h5/consult")
    page.wait_for_selector("#consult-categories .zst-chip")
    textareas_fit(citizen, "question form")
    page.click("label[for=category-labor]")
    page.fill("#consult-question", QUESTION)
    page.click("#consult-submit")
    seen_message(citizen, "请先阅读咨询须知并勾选知晓", "05-consult-notice")
    # consult-photos.js: more than three photos
    jpeg = apply_e2e.photo(page, "照片", 0)
    page.set_input_files("#photo-input", files=[
        {"name": f"{i}.jpg", "mimeType": "image/jpeg", "buffer": jpeg} for i in range(4)])
    seen_message(citizen, "最多附 3 张照片", "06-consult-too-many-photos")

    # apply.js: a file chosen before consent
    citizen.open("/h5/apply/legal_aid")
    page.wait_for_selector("#zst-save-status")
    apply_e2e.upload(page, "id_card", "身份证.jpg", "image/jpeg", jpeg)
    seen_message(citizen, "请先阅读并勾选同意个人信息处理告知", "07-apply-consent-first")
    textareas_fit(citizen, "apply form")

    # application.js: the status page whose load is refused
    draft = citizen.api("POST", "/api/applications", {"type": "legal_aid", "fields": {}, "consent": False})["id"]
    citizen.refuse(r".*/api/applications/[^/]+$")
    citizen.open(f"/h5/applications/{draft}")
    seen_message(citizen, REFUSED, "08-application-refused")
    assert citizen.errors == []


def test_refusals_are_seen_on_lawyer_bind_sign_in_library_and_simulator_pages(stack, browser):
    base = stack
    run = secrets.token_hex(3)
    # lawyer_bind.js: no code, then a code the server does not know
    citizen = Person(browser, base, "citizen", f"o-e2e-bind-{run}")
    page = citizen.open("/h5/lawyer/bind")
    page.click("#lawyer-bind button[type=submit]")
    seen_message(citizen, "请输入绑定码", "09-bind-empty")
    page.fill("#bind-code", "NOSUCH99")  # not a code's shape: said in the page, in Chinese
    page.click("#lawyer-bind button[type=submit]")
    seen_message(citizen, "绑定码为 10 位字母和数字", "10-bind-wrong-shape")
    page.fill("#bind-code", "ABCDE-FGHJK")  # a code's shape the server never issued
    page.click("#lawyer-bind button[type=submit]")
    refusal = seen_message(citizen, "绑定码无效", "10-bind-unknown-code")
    assert refusal.strip(), "the server's refusal says nothing"

    # signin.js: the local sign-in with an account name the server refuses
    stranger = Person(browser, base, None, None)
    page = stranger.open("/h5/mine")
    page.wait_for_selector("#zst-signin")
    page.fill("#signin-id", "！！")
    page.click("#zst-signin button[type=submit]")
    assert seen_message(stranger, "", "11-signin-refused").strip()

    # library.js: more articles of the 民法典 refused
    page = stranger.open("/h5/laws/civil-code")
    stranger.refuse(r".*/api/laws/civil-code\?.*")
    page.click("#lib-more")
    seen_message(stranger, REFUSED, "12-law-more-refused")

    # dev_wechat.js: a simulated user with an openid WeChat would never issue
    page = stranger.open("/dev/wechat")
    page.click("#zsw-new")
    page.fill("#zsw-new-openid", "不是 openid")
    page.click("#zsw-new-form button[type=submit]")
    seen_message(stranger, "openid 只能包含", "13-simulator-bad-openid")
    assert citizen.errors == [] and stranger.errors == []


@pytest.mark.parametrize("device", ["phone", "desk"])
def test_refusals_are_seen_on_every_staff_page(stack, browser, device):
    staff = Person(browser, stack, "staff", f"e2e-seen-staff-{secrets.token_hex(3)}",
                   device=PHONE if device == "phone" else DESK)
    page = staff.page
    # staff.js: the queue that cannot be read
    staff.refuse(r".*/api/staff/applications(\?.*)?$")
    staff.open("/h5/staff")
    seen_message(staff, REFUSED, f"14-staff-queue-refused-{device}")
    # staff_duty.js: the roster that cannot be read
    staff.refuse(r".*/api/staff/duty(\?.*)?$")
    staff.open("/h5/staff/duty")
    seen_message(staff, REFUSED, f"15-staff-duty-refused-{device}")
    # staff_ops.js: the undelivered messages that cannot be read
    staff.refuse(r".*/api/staff/notifications/failed(\?.*)?$")
    staff.open("/h5/staff/ops")
    seen_message(staff, REFUSED, f"16-staff-ops-refused-{device}")
    # staff_stats.js: a range that ends before it starts
    staff.open("/h5/staff/stats")
    page.wait_for_selector("[data-figure=consultations]")
    page.fill("#stats-from", "2026-03-10")
    page.fill("#stats-to", "2026-03-01")
    page.click("#stats-form button[type=submit]")
    seen_message(staff, "开始日期不能晚于结束日期", f"17-staff-stats-range-{device}")


# --- issue 11: a citizen's own data, their deletion request, staff completing it -----------------

@pytest.mark.parametrize("device", ["phone", "desk"])
def test_a_citizen_sees_downloads_and_asks_to_delete_their_data_and_staff_complete_it(stack, browser, device):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack, "citizen", f"o-e2e-privacy-{run}")
    staff = Person(browser, stack, "staff", f"e2e-privacy-staff-{run}",
                   device=PHONE if device == "phone" else DESK)
    citizen.api("POST", "/api/consultations", {"category": "labor", "question": QUESTION})
    draft = citizen.api("POST", "/api/applications", {"type": "legal_aid", "fields": {}, "consent": False})["id"]
    # The citizen's page says what is held, in counts, with the download
    page = citizen.open("/h5/me/privacy")
    page.wait_for_function("() => /1 条/.test(document.querySelector('#privacy-held').textContent)")
    assert "办事申请1 件" in page.inner_text("#privacy-held").replace("\n", "")
    download = citizen.context.request.get(stack + page.get_attribute("#privacy-download", "href"))
    assert download.ok and "attachment" in download.headers["content-disposition"]
    assert download.json()["applications"][0]["application_id"] == draft
    citizen.shot(f"20-me-privacy-{device}", full_page=True)
    # A refused request is said on the page
    page.on("dialog", lambda dialog: dialog.accept())
    citizen.refuse(r".*/api/me/deletion-requests$")
    page.click("#privacy-delete-submit")
    seen_message(citizen, REFUSED, f"21-me-privacy-refused-{device}")
    page.unroute(re.compile(r".*/api/me/deletion-requests$"))
    # The request goes in: shown as 处理中, and the form is gone (one open request at a time)
    page.fill("#privacy-reason", "不再使用")
    page.click("#privacy-delete-submit")
    page.wait_for_selector("#privacy-requests [data-request]")
    assert "处理中" in page.inner_text("#privacy-requests") and not page.is_visible("#privacy-delete")
    citizen.shot(f"22-me-privacy-asked-{device}", full_page=True)
    # Staff see it, and a refused list is said on their page
    spage = staff.page
    staff.refuse(r".*/api/staff/privacy-requests(\?.*)?$")
    staff.open("/h5/staff/privacy")
    seen_message(staff, REFUSED, f"23-staff-privacy-refused-{device}")
    spage.unroute(re.compile(r".*/api/staff/privacy-requests(\?.*)?$"))
    staff.open("/h5/staff/privacy")
    spage.wait_for_selector("#privacy-list [data-request]")
    assert "不再使用" in spage.inner_text("#privacy-list")
    staff.shot(f"24-staff-privacy-{device}", full_page=True)
    # They complete it; it leaves the open list and is in the done one
    spage.on("dialog", lambda dialog: dialog.accept())
    spage.click("#privacy-list [data-request] button")
    spage.wait_for_function("() => /没有待处理的请求/.test(document.querySelector('#privacy-list').textContent)")
    staff.open("/h5/staff/privacy?status=done")
    spage.wait_for_selector("#privacy-list [data-request]")
    assert "删除咨询" in spage.inner_text("#privacy-list")
    # Staff open another citizen's application, then its access log shows that view, on both pages
    other = Person(browser, stack, "citizen", f"o-e2e-privacy-other-{run}")
    draft = other.api("POST", "/api/applications", {"type": "legal_aid", "fields": {}, "consent": False})["id"]
    other.context.close()
    staff.open(f"/h5/staff/applications/{draft}")
    spage.wait_for_selector("#app-history li")
    spage.click("#app-access summary")
    spage.wait_for_selector("#app-access-list .zst-access-entry")
    assert "查看申请" in spage.inner_text("#app-access-list")
    staff.shot(f"25-staff-application-access-{device}", full_page=True)
    staff.open("/h5/staff/privacy")
    spage.fill("#log-application", draft)
    spage.click("#log-lookup button[type=submit]")
    spage.wait_for_selector("#log-list .zst-access-entry")
    staff.shot(f"26-staff-privacy-access-log-{device}", full_page=True)
    # The citizen reads the outcome: done, with what was kept and why
    citizen.open("/h5/me/privacy")
    page.wait_for_function("() => /已处理/.test(document.querySelector('#privacy-requests').textContent)")
    citizen.shot(f"27-me-privacy-done-{device}", full_page=True)
    assert citizen.errors == [] and staff.errors == []


# --- item 7: a red bar goes when its file is there ----------------------------------------------

def test_a_missing_material_loses_its_red_bar_once_its_file_is_uploaded(stack, browser):
    citizen = Person(browser, stack, "citizen", f"o-e2e-bars-{secrets.token_hex(3)}")
    page = citizen.open("/h5/apply/legal_aid")
    page.wait_for_selector("#zst-save-status")
    page.check("#consent-checkbox")
    page.wait_for_selector("#consent-status >> text=已于")
    # Given submit told the citizen what is missing, each missing material row marked red
    page.click("#zst-submit")
    page.wait_for_selector("#zst-missing:not(.zst-hidden)")
    red = page.eval_on_selector_all(".zst-material_missing", "rows => rows.map((r) => r.dataset.material)")
    assert "id_card" in red and len(red) >= 2, red
    bar = "e => getComputedStyle(e).boxShadow"
    assert page.eval_on_selector("#material-id_card", bar) != "none"
    citizen.shot_of("#zst-materials", "30-apply-missing")
    # When the ID card photo is uploaded
    apply_e2e.upload(page, "id_card", "身份证.jpg", "image/jpeg", apply_e2e.photo(page, "身份证", 0))
    apply_e2e.uploaded(page, "id_card")
    # Then its row is no longer red, and the list no longer asks for it, while the others still are
    assert page.eval_on_selector("#material-id_card", bar) == "none"
    still = page.eval_on_selector_all(".zst-material_missing", "rows => rows.map((r) => r.dataset.material)")
    assert still == [m for m in red if m != "id_card"]
    assert page.is_visible("#zst-missing")
    assert "#material-id_card" not in page.eval_on_selector_all(
        "#zst-missing a", "links => links.map((a) => a.getAttribute('href'))")
    citizen.shot_of("#zst-materials", "31-apply-uploaded-not-red")
    citizen.shot_of("#zst-missing", "31b-apply-missing-list-after-upload")
    assert citizen.errors == []


# --- item 10: the home quick-ask, the library ------------------------------------------------------

def test_the_home_quick_ask_says_what_is_missing_in_chinese_beside_the_fields(stack, browser):
    citizen = Person(browser, stack, "citizen", f"o-e2e-home-{secrets.token_hex(3)}")
    page = citizen.open("/h5/")
    page.wait_for_selector("#ask-category option[value=labor]", state="attached")
    # When the quick question is sent empty
    page.click("#zst-ask button[type=submit]")
    # Then the page itself says, in Chinese, what each field lacks (the browser's bubble never shows:
    # it would have stopped the submit before any of this)
    page.wait_for_selector("#error-ask-category", state="visible")
    assert page.inner_text("#error-ask-category") == "请选择问题类别"
    assert "请描述" in page.inner_text("#error-ask-question")
    assert page.evaluate("document.getElementById('zst-ask').noValidate")
    citizen.shot("32-home-quick-ask-missing", full_page=True)
    # And a message goes as soon as its field is right
    page.select_option("#ask-category", "labor")
    assert page.is_hidden("#error-ask-category")
    page.fill("#ask-question", "工资")
    page.click("#zst-ask button[type=submit]")
    assert "至少 10 个字" in page.inner_text("#error-ask-question")
    textareas_fit(citizen, "home")
    assert citizen.errors == []


def test_the_library_reads_well_templates_search_and_civil_code_crumbs_are_whole(stack, browser):
    reader = Person(browser, stack, None, None)
    # A case: start-aligned paragraphs, its publisher as source
    page = reader.open("/h5/cases/consumer-03")
    align = page.eval_on_selector_all(".zst-lib-case p", "ps => [...new Set(ps.map((p) => getComputedStyle(p).textAlign))]")
    assert "justify" not in align, align
    source = page.inner_text("#case-source")
    assert source == "来源：最高人民法院发布的消费者权益保护典型案例（2022-03-15）", source
    reader.shot("33-case", full_page=True)
    # The templates page: search, then tap a result
    page = reader.open("/h5/templates")
    page.fill("#lib-q", "借款")
    page.click(".zst-lib-search__btn")
    page.wait_for_selector("#lib-results .zst-lib-result a")
    titles = page.eval_on_selector_all("#lib-results .zst-lib-result__title", "ts => ts.map((t) => t.textContent)")
    # (the complaints and, since issue 13, the platform's own forms such as 借条)
    assert "民事起诉状（民间借贷纠纷）" in titles and "借条" in titles, titles
    assert all(t.startswith("民事起诉状") or t in ("借条", "欠条") for t in titles), titles
    reader.shot("34-templates-search", full_page=True)
    page.click("#lib-results .zst-lib-result a >> text=民间借贷纠纷")
    page.wait_for_url(re.compile(r"/h5/templates/private_lending$"))
    # The 民法典's crumbs, as the search shows them
    page = reader.open("/h5/laws?q=" + "买卖合同是出卖人转移标的物的所有权")
    page.wait_for_selector(".zst-lib-result__chapter")
    crumbs = page.eval_on_selector_all(".zst-lib-result__chapter", "cs => cs.map((c) => c.textContent)")
    assert "第三编 合同 / 第二分编 典型合同 / 第九章 买卖合同" in crumbs, crumbs
    assert not any(re.search(r"第[一二三四五六七八九十]+分 ", c) for c in crumbs), crumbs
    reader.shot("35-civil-code-crumbs", full_page=True)
    assert reader.errors == []


# --- issue 11: a lawyer registers; staff see the request beside the roster and decide it ---------

def test_a_lawyer_registers_and_staff_see_the_request_beside_the_roster(stack, browser):
    run = secrets.token_hex(3)
    licence = "136072015" + f"{int(run, 16) % 100_000_000:08d}"  # 13607 · first licensed 2015 · …
    name = f"钟登记{run}"
    # Given a lawyer signed in on the lawyers' account, following it
    lawyer = Person(browser, stack, None, None)
    response = lawyer.context.request.post(f"{stack}/dev/login", data={
        "role": "citizen", "id": f"o-e2e-join-{run}", "account": "lawyers", "follow": True})
    assert response.ok, response.text()
    page = lawyer.open("/h5/lawyer/join")
    page.wait_for_selector("#lawyer-join", state="visible")
    lawyer.shot("40-join-form")
    # A send without consent is refused where they see it; the photo waits for consent
    page.click("#join-submit")
    seen_message(lawyer, "请先阅读并同意", "41-join-no-consent")
    assert page.is_disabled("#join-photo")
    page.wait_for_selector("#zst-toptips", state="hidden")  # so that a later message is a new one
    # When they fill the form, consent, upload the licence photo and send
    page.fill("#join-name", name)
    page.fill("#join-licence", licence)
    page.fill("#join-firm", "信丰明理律师事务所")
    page.check("#county-360722")
    page.check("#spec-labor")
    page.check("#join-consent")
    page.set_input_files("#join-photo", files=[{"name": "执业证.jpg", "mimeType": "image/jpeg",
                                                "buffer": apply_e2e.photo(page, "律师执业证（示例）", 0)}])
    page.wait_for_function("() => document.getElementById('join-photo-status').textContent === '照片已上传'")
    page.click("#join-submit")
    # Then the page shows the pending request (or the refusal it got, to say why not), and again on return
    page.wait_for_selector("#join-state:not(.zst-hidden), #zst-toptips:not(.zst-hidden)")
    assert page.is_visible("#join-state"), page.inner_text("#zst-toptips")
    assert "登记审核中" in page.inner_text("#join-state") and not page.is_visible("#lawyer-join")
    page.reload()
    page.wait_for_selector("#join-state:not(.zst-hidden)")
    lawyer.shot("42-join-pending", full_page=True)
    assert lawyer.errors == []
    # And staff of 信丰 see it on the roster page, at a phone and at a desk, with its licence photo
    for device, size in (("phone", PHONE), ("desk", DESK)):
        staff = Person(browser, stack, "staff", f"e2e-join-staff-{run}-{device}", device=size)
        staff.open("/h5/staff/lawyers/import")
        card = staff.page.locator(".zst-join", has_text=name)
        card.wait_for()
        staff.page.wait_for_function("(n) => Array.from(document.querySelectorAll('.zst-join')).some((c) =>"
                                     " c.textContent.includes(n) && c.querySelector('img').naturalWidth > 0)", arg=name)
        assert "名册中没有这个执业证号" in card.inner_text()
        card.scroll_into_view_if_needed()
        staff.shot(f"43-join-staff-{device}", full_page=True)
    # A refusal without a reason is refused where staff see it; with one, the request leaves the list
    card.locator("button", has_text="不通过").click()
    seen_message(staff, "请写明不通过的原因", "44-join-refuse-no-reason")
    card.locator(".zst-join__reason").fill("执业证照片不清晰，请重新拍摄")
    card.locator("button", has_text="不通过").click()
    staff.page.wait_for_function("(n) => !document.getElementById('joins-list').textContent.includes(n)", arg=name)
    assert staff.errors == []
    # And the lawyer's page says why
    page.reload()
    page.wait_for_selector("#join-state:not(.zst-hidden)")
    assert "执业证照片不清晰" in page.inner_text("#join-state") and page.is_visible("#lawyer-join")
    lawyer.shot("45-join-refused", full_page=True)


def test_a_refusal_is_seen_on_the_join_staff_page(stack, browser):
    citizen = Person(browser, stack, "citizen", f"o-e2e-join-staff-{secrets.token_hex(3)}")
    page = citizen.open("/h5/join-staff")
    page.click("#staff-join button[type=submit]")
    seen_message(citizen, "请输入邀请码", "46-join-staff-empty")
    assert citizen.errors == []


# --- citizens' authorisation (issue 11): after asking and after applying -----------------------------

def test_after_asking_and_after_applying_a_following_citizen_is_asked_to_allow_notices(stack, browser):
    base = stack
    run = secrets.token_hex(3)
    for device, size in ((PHONE, "phone"), (DESK, "desk")):
        # Given a citizen who follows the account and has just asked a question
        citizen = Person(browser, base, None, None, device=device)
        login = citizen.context.request.post(f"{base}/dev/login", data={
            "role": "citizen", "id": f"o-e2e-allow-{size}-{run}", "follow": True})
        assert login.ok, login.text()
        asked = citizen.api("POST", "/api/consultations", {"category": "labor", "question": QUESTION})["id"]
        # When they open the consultation's page (where asking leads)
        page = citizen.open(f"/h5/consultations/{asked}")
        # Then the page asks them to allow WeChat notices, with a button (no open tag outside WeChat)
        page.wait_for_selector("#zst-subscribe-ask:not(.zst-hidden)")
        assert "接收律师解答的微信通知" in page.inner_text("#zst-subscribe-ask")
        box = page.locator("#zst-subscribe-button").bounding_box()
        assert box and box["height"] >= 40 and box["width"] >= 200, box
        citizen.shot(f"20-allow-notices-after-asking-{size}")
        # A refusal of the answer is seen, and nothing is counted
        citizen.refuse(r".*/api/me/subscriptions$", status=400)
        page.click("#zst-subscribe-button")
        seen_message(citizen, REFUSED, f"21-allow-notices-refused-{size}")
        page.unroute(re.compile(r".*/api/me/subscriptions$"))
        # When they allow, it is recorded: one notice of the consultation's template may now reach them
        page.click("#zst-subscribe-button")
        page.wait_for_selector("#zst-subscribe-done:not(.zst-hidden)")
        assert "已允许" in page.inner_text("#zst-subscribe-done")
        citizen.shot(f"22-allow-notices-recorded-{size}")
        mine = citizen.api("GET", "/api/me/subscriptions")
        offered = mine["offer"]["consultation"]
        left = {s["template"]: s["remaining"] for s in mine["subscriptions"]}
        assert offered and all(left[t] == 1 for t in offered), mine
        # And reopened, the page does not ask again while an allowed notice is left
        citizen.open(f"/h5/consultations/{asked}")
        page.wait_for_selector("#cons-question:not(:empty)")
        page.wait_for_timeout(300)
        assert not page.is_visible("#zst-subscribe-ask")
        # After applying, the application's page asks for its own notices
        draft = citizen.api("POST", "/api/applications", {"type": "legal_aid", "fields": {}, "consent": False})["id"]
        citizen.open(f"/h5/applications/{draft}")
        page.wait_for_selector("#zst-subscribe-ask:not(.zst-hidden)")
        assert "接收办理进度的微信通知" in page.inner_text("#zst-subscribe-ask")
        citizen.shot(f"23-allow-notices-after-applying-{size}")
        assert citizen.errors == []
        citizen.context.close()
