"""What staff (and the citizen and lawyer beside them) read on the pages the issue's items left
around: every date and time in Beijing time in the house form (`12月2日`, `12月4日（星期五）09:30`),
never the API's `2026-12-02` or `…T22:15:28Z`; a decision form's half-typed or missing date
answered in Chinese on the page rather than by the browser's own (English) bubble; the duty roster's
stars with their 星级说明; and the workbench's 未找到 for a consultation that is not the lawyer's.

Headless Chromium at a phone's width against the local stack (`python -m local.run`), with an
application in each state that shows dates (submitted, supplement requested, accepted with open
slots, scheduled) and a consultation. Screenshots under test-artifacts/staff-seen/.
"""
import re
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e import test_h5_staff_layout_browser as layout
from tests.e2e.stack import ROOT, running
from tests.e2e.test_h5_consult_browser import xinfeng_lawyers
from tests.e2e.test_h5_pages_seen_browser import seen_message

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "staff-seen"
# A date as the API gives it, or an instant's UTC tail ("22:15:28Z", "22:15Z")
MACHINE_TIME = re.compile(r"\d{4}-\d{2}-\d{2}|\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z")


class Person(layout.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff-seen-stack")
    with running(folder / "stack.log", folder / "data") as local:
        yield local.base


@pytest.fixture(scope="module")
def world(stack, browser):
    """Applications in every state that shows a date, and a consultation, as staff will see them."""
    run = secrets.token_hex(3)
    citizen = Person(browser, stack, "citizen", f"o-e2e-seen-staff-{run}")
    staff = Person(browser, stack, "staff", f"e2e-seen-staff-{run}")
    spec = next(t for t in citizen.context.request.get(f"{stack}/api/application-types").json()
                if t["type"] == "legal_aid")
    ids = {state: layout.submitted_application(citizen, stack, name) for state, name in (
        ("submitted", "赵一"), ("supplement", "钱二"), ("accepted", "孙三"), ("scheduled", "李四"))}

    def decide(app_id, body):
        response = staff.context.request.post(f"{stack}/api/staff/applications/{app_id}/decision", data=body)
        assert response.ok, response.text()

    decide(ids["supplement"], {"action": "request_supplement", "message": "请补充近三个月的工资流水",
                               "items": [{"material": spec["materials"][0]["code"]}]})
    office = spec["offices"][0]["code"]
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    for ahead in range(1, 15):  # the first working day ahead (the bureau's calendar decides)
        day = (today + timedelta(days=ahead)).isoformat()
        opened = staff.context.request.post(f"{stack}/api/staff/appointment-slots", data={
            "office": office, "date": day, "times": ["09:30", "10:00"], "address": "县公共法律服务中心一楼"})
        if opened.status != 400 or opened.json()["error"]["code"] != "not_a_workday":
            break
    assert opened.ok, opened.text()
    for key in ("accepted", "scheduled"):
        decide(ids[key], {"action": "accept"})
    decide(ids["scheduled"], {"action": "schedule", "slot": {"office": office, "date": day, "time": "09:30"}})
    asked = citizen.context.request.post(f"{stack}/api/consultations", data={
        "category": "labor", "question": "公司拖欠我三个月工资共一万二千元，我该怎么维权？请问需要准备哪些证据？"})
    assert asked.status == 201, asked.text()
    return {"citizen": citizen, "staff": staff, "ids": ids, "consultation": asked.json()["id"]}


def machine_times(page):
    """Every visible line of the page that shows a machine date or time."""
    text = page.evaluate("() => document.body.innerText")
    return [line for line in text.splitlines() if MACHINE_TIME.search(line)]


def test_every_date_staff_read_is_beijing_time_in_words(world):
    staff, citizen, ids = world["staff"], world["citizen"], world["ids"]
    page = staff.page
    checked = {}
    # The queue in each state that shows a date: due, received, supplement due, the visit
    for status, app_id, shows in (("submitted", ids["submitted"], "办理期限"),
                                  ("supplement_requested", ids["supplement"], "补正期限"),
                                  ("scheduled", ids["scheduled"], "预约")):
        staff.open(f"/h5/staff?status={status}")
        entry = page.wait_for_selector(f"a[href$='/h5/staff/applications/{app_id}']")
        assert shows in entry.inner_text()
        checked[f"queue-{status}"] = machine_times(page)
        staff.shot(f"queue-{status}")
    assert re.search(r"预约 \d{1,2}月\d{1,2}日（星期.）09:30", page.inner_text("body"))
    # Each application: received, deadlines, the supplement notice, open slots, the visit booked
    for key, ready in (("supplement", "#app-supplement:not(.zst-hidden)"),
                       ("accepted", "#slot-choices label"),
                       ("scheduled", "#app-appointment:not(.zst-hidden)")):
        staff.open(f"/h5/staff/applications/{ids[key]}")
        page.wait_for_selector(ready)
        page.wait_for_selector("#app-history li")
        checked[f"application-{key}"] = machine_times(page)
        staff.shot(f"application-{key}")
        if key == "accepted":
            assert re.fullmatch(r"\d{1,2}月\d{1,2}日（星期.）\d{2}:\d{2}", page.inner_text("#slot-choices label p >> nth=0"))
    # The staff's other pages, and the consultation as staff see it
    for path, ready in (("/h5/staff/duty", ".zst-duty-day"), ("/h5/staff/stats", "#stats-figures .zst-figure"),
                        ("/h5/staff/ops", "#ops-failed .weui-cell"),
                        (f"/h5/staff/consultations/{world['consultation']}", "#cons-question")):
        staff.open(path)
        page.wait_for_selector(ready)
        page.wait_for_timeout(300)  # the rest of the page's requests
        checked[path] = machine_times(page)
        staff.shot(path.strip("/").replace("/", "-")[:40])
    # And the citizen's own pages of the same applications
    for key in ("supplement", "scheduled"):
        citizen.open(f"/h5/applications/{ids[key]}")
        citizen.page.wait_for_selector("#app-history li")
        checked[f"citizen-{key}"] = machine_times(citizen.page)
    # Then no page shows a machine date or time anywhere a person reads
    assert {name: lines for name, lines in checked.items() if lines} == {}
    assert staff.errors == [] and citizen.errors == []


def test_the_duty_week_and_the_figures_name_their_days_in_words(world):
    staff = world["staff"]
    page = staff.open("/h5/staff/duty")
    page.wait_for_selector(".zst-duty-day")
    assert re.fullmatch(r"\d{1,2}月\d{1,2}日 至 \d{1,2}月\d{1,2}日", page.inner_text("#duty-range"))
    assert re.fullmatch(r"\d{1,2}月\d{1,2}日 周.（今天）", page.inner_text(".zst-duty-day_today .zst-duty-day__title"))
    page = staff.open("/h5/staff/stats")
    page.wait_for_selector("#stats-figures .zst-figure")
    assert re.fullmatch(r"（\d{1,2}月\d{1,2}日 至 \d{1,2}月\d{1,2}日）", page.inner_text("#stats-range"))
    page.wait_for_function("() => /共/.test(document.querySelector('#ledger-total').textContent)")
    assert re.match(r"\d{4}年\d{1,2}月 共 \d+ 笔", page.inner_text("#ledger-total"))


def test_a_decision_forms_half_typed_or_missing_date_is_said_in_chinese_on_the_page(world):
    staff, ids = world["staff"], world["ids"]
    # Given the 补正 form of a submitted application, a material ticked and the reason written
    page = staff.open(f"/h5/staff/applications/{ids['submitted']}")
    form = "form[data-action=request_supplement]"
    page.wait_for_selector(f"{form}:not(.zst-hidden)")
    page.click("#supplement-choices label >> nth=0")  # WeUI hides the box itself behind its label
    page.fill("#supplement-message-input", "请补充近三个月的工资流水")
    # When the due date is only half typed (a month, no day or year) and the form is sent
    page.click("#supplement-due-input")
    page.keyboard.type("12")
    page.click(f"{form} button[type=submit]")
    # Then the page says so in Chinese, where it can be seen — not the browser's bubble
    seen_message(staff, "补充期限的日期不完整", "supplement-due-half-typed")
    # And opening slots without a date says which date is missing, in Chinese
    page = staff.open(f"/h5/staff/applications/{ids['accepted']}")
    page.wait_for_selector("#slot-choices label")
    page.click(".zst-open-slots summary")
    page.click("#open-slots")
    seen_message(staff, "请选择要开放时段的日期", "open-slots-no-date")
    assert staff.errors == []


def test_the_duty_roster_explains_the_stars_it_shows(world):
    staff = world["staff"]
    page = staff.open("/h5/staff/duty")
    page.wait_for_selector(".zst-duty-lawyer")
    assert "★" in page.inner_text("#duty-week")
    page.click("#stars-note summary")
    note = page.locator("#stars-note")
    assert note.is_visible() and note.bounding_box()["height"] >= 60
    assert "星级只由市民的评分决定" in note.inner_text() and "被选为中标都不改变星级" in note.inner_text()
    staff.shot("duty-stars-note")


def test_the_workbench_says_not_found_for_a_consultation_that_is_not_the_lawyers(stack, browser):
    name, firm, openid = next(iter(xinfeng_lawyers().values()))
    lawyer = Person(browser, stack, "lawyer", openid)
    page = lawyer.open("/h5/lawyer?consultation=nope")
    missing = page.wait_for_selector("#detail-missing", state="visible")
    # Then a plain 未找到 state, as the citizen's page has — not an empty question card
    assert "未找到该咨询" in missing.inner_text() and missing.bounding_box()["height"] >= 60
    assert not page.is_visible("#detail-card") and not page.is_visible("#answer-section")
    assert page.is_visible("#detail-missing a[href$='/h5/lawyer']")
    assert page.title().startswith("未找到该咨询")
    lawyer.shot("lawyer-not-found")
    assert lawyer.errors == []


def test_an_admin_sets_roles_and_invites_on_the_members_page_and_other_roles_see_no_permission(stack, browser):
    """Staff roles (issue 11, docs/staff-roles.md) at 375 px and 1280 px: the admin's list of the
    bureau's staff with a checkbox per role, an invite that shows its one-time code once, and a
    finance member who opens the page reading a 无权限 page, not a blank."""
    run = secrets.token_hex(3)
    context = browser.new_context()  # the reviewer's account, made with that role alone
    made = context.request.post(f"{stack}/dev/login", data={
        "role": "staff", "id": f"e2e-roles-rev-{run}", "staff_roles": ["reviewer"]})
    assert made.ok and made.json()["staff_roles"] == ["reviewer"], made.text()
    context.close()
    admin = Person(browser, stack, "staff", f"e2e-roles-admin-{run}")
    # Given the admin on the members page (a phone)
    page = admin.open("/h5/staff/members")
    row = page.wait_for_selector(f".zst-members__item[data-staff='e2e-roles-rev-{run}']")
    admin.shot("members-375")
    # When they give the reviewer the finance role too and save
    row.query_selector("label:has(input[value=finance])").click()
    row.query_selector("button").click()
    page.wait_for_function(f"() => document.querySelector(\".zst-members__item[data-staff='e2e-roles-rev-{run}'] .zst-members__saved\").textContent === '已保存'")
    # Then it holds after a reload, at a desk
    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    row = page.wait_for_selector(f".zst-members__item[data-staff='e2e-roles-rev-{run}']")
    assert row.query_selector("input[value=finance]").is_checked() and row.query_selector("input[value=reviewer]").is_checked()
    # When they invite a duty manager
    page.fill("#invite-name", "周值班")
    page.click("label[for=invite-role-reviewer]")
    page.click("label[for=invite-role-duty_manager]")
    page.click("#invite-submit")
    code = page.wait_for_selector("#invite-result:not(.zst-hidden) #invite-code").inner_text()
    # Then the code shows once, with the message to send and when it expires in Beijing time
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{10}", code)
    assert "周值班（值班管理员）" in page.inner_text("#invite-for")
    assert code in page.input_value("#invite-message") and "/h5/join-staff?bureau=" in page.input_value("#invite-message")
    assert not MACHINE_TIME.search(page.inner_text("#invite-result"))
    admin.shot("members-invite-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375  # nothing wider than the phone
    admin.shot("members-invite-375")
    # And someone who signs in locally as finance alone (the local form's 岗位) and opens the page
    # reads why they cannot, with a way back
    finance = Person(browser, stack, "citizen", f"o-e2e-roles-{run}")
    finance.context.clear_cookies()
    refused = finance.open("/h5/staff/members")
    refused.select_option("#signin-role", "staff")
    refused.fill("#signin-id", f"e2e-roles-fin-{run}")
    refused.select_option("#signin-staff-role", "finance")
    finance.shot("signin-staff-role-375")
    refused.click("#zst-signin button[type=submit]")
    refused.wait_for_selector("text=无权限")
    assert "无权限" in refused.inner_text("body") and "管理员" in refused.inner_text("body")
    assert refused.is_visible("a[href$='/h5/staff']")
    finance.shot("members-no-permission-375")
    home = finance.open("/h5/staff")
    assert "月度结算" in home.inner_text("body") and not home.is_visible("#staff-queue")
    assert "工作人员与岗位" not in home.inner_text("body")
    finance.shot("staff-home-finance-375")
    assert admin.errors == [] and finance.errors == []
