"""委托律师 (issue 12) as the citizen does it on a phone, in headless Chromium on the local stack: from
an answered-or-not consultation the citizen opens the form, is told what is missing, sends it; the
status page shows it offered, then a 信丰 lawyer's acceptance with the quote and — before confirming —
who will see their name and phone; they confirm; once the service is completed they rate it, and
the lawyer's stars move. Refusals on both pages are seen. Screenshots (375 px) under
test-artifacts/commissions/.

Which lawyers a round reached, and the lawyer's later "completed", are read and written straight in
the stack's DynamoDB Local: the lawyers' own commission page and its start/complete steps are
another change's."""
import secrets

import boto3
import pytest

from chalicelib.db.commissions import Commission
from chalicelib.db.models import Lawyer
from chalicelib.settings import LOCAL_DEFAULTS
from local.layout import LOCAL_CREDENTIALS, plan_ports
from tests.e2e import test_h5_elder_browser as elder, test_h5_pages_seen_browser as seen
from tests.e2e.stack import ROOT, missing_routes, running
from tests.e2e.test_h5_consult_browser import QUESTION, xinfeng_lawyers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "commissions"
ROUTES_NEEDED = ("/api/commissions", "/api/commissions/{commission_id}/accept",
                 "/api/commissions/{commission_id}/rating")
TABLE = LOCAL_DEFAULTS["TABLE_NAME"]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("commissions-stack")
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_routes(local.base, ROUTES_NEEDED)
        if missing:
            pytest.skip("the running app lacks the commission routes: " + ", ".join(missing))
        yield local


def dynamodb(local):
    return boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{plan_ports(local.port)['dynamodb']}",
                        region_name=LOCAL_DEFAULTS["AWS_REGION"],
                        aws_access_key_id=LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                        aws_secret_access_key=LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])


def offered_lawyers(local, commission_id):
    """(lawyer_id, openid, stars) of each lawyer the commission was offered to, best stars first."""
    table = dynamodb(local)
    offers = table.query(TableName=TABLE, KeyConditionExpression="PK = :pk AND begins_with(SK, :sk)",
                         ExpressionAttributeValues={":pk": {"S": f"COMM#{commission_id}"},
                                                    ":sk": {"S": "OFFER#"}})["Items"]
    found = []
    for offer in offers:
        lawyer_id = offer["lawyer_id"]["S"]
        item = table.get_item(TableName=TABLE, Key={"PK": {"S": f"LAWYER#{lawyer_id}"},
                                                    "SK": {"S": "PROFILE"}})["Item"]
        lawyer = Lawyer.from_raw_data(item)
        found.append((lawyer_id, lawyer.openid, float(lawyer.stars or 0), lawyer.name))
    return sorted(found, key=lambda x: (-x[2], x[0]))


def lawyer_stars(local, lawyer_id):
    item = dynamodb(local).get_item(TableName=TABLE, Key={"PK": {"S": f"LAWYER#{lawyer_id}"},
                                                          "SK": {"S": "PROFILE"}}, ConsistentRead=True)
    return float(Lawyer.from_raw_data(item["Item"]).stars or 0)


def complete(local, commission_id):
    """The lawyer's service is over (their start/complete steps are another change's)."""
    table = dynamodb(local)
    item = table.get_item(TableName=TABLE, Key={"PK": {"S": f"COMM#{commission_id}"},
                                                "SK": {"S": "META"}}, ConsistentRead=True)["Item"]
    c = Commission.from_raw_data(item)
    c.status = "completed"
    table.put_item(TableName=TABLE, Item=c.serialize())


class Person(seen.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_citizen_retains_a_lawyer_from_a_consultation_confirms_and_rates(stack, browser):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack.base, None, None)
    login = citizen.context.request.post(f"{stack.base}/dev/login", data={  # a follower of the account
        "role": "citizen", "id": f"o-e2e-comm-{run}", "follow": True})
    assert login.ok, login.text()
    page = citizen.page
    consultation = citizen.api("POST", "/api/consultations", {"category": "labor", "question": QUESTION})["id"]
    # Given a 信丰 lawyer has answered the citizen's consultation
    staff = Person(browser, stack.base, "staff", f"e2e-comm-staff-{run}")
    named = xinfeng_lawyers()
    reached = sorted({d["lawyer_id"] for d in staff.api("GET", f"/api/consultations/{consultation}")["dispatches"]}
                     & set(named))
    assert reached, "the question reached no 信丰 named lawyer"
    answering = Person(browser, stack.base, "lawyer", named[reached[0]][2])
    answering.api("POST", f"/api/consultations/{consultation}/answers", {"body": (
        "公司拖欠工资并辞退您，您可以向劳动人事争议仲裁委员会申请仲裁，要求支付工资和经济补偿。请保存工资条、考勤记录。")})
    # When the citizen opens it: it offers 委托律师
    citizen.open(f"/h5/consultations/{consultation}")
    page.wait_for_selector("#cons-commission:not(.zst-hidden)")
    citizen.shot("00-consultation-offers-commission")
    page.click("#cons-commission-link")
    page.wait_for_selector("#commission-form")
    # Then the form carries the question as what the lawyer will read, editable
    assert QUESTION[:10] in page.input_value("#new-summary")
    assert "劳动" in page.inner_text("#new-category-carried")
    citizen.shot("01-form")
    # When they send it without a service, the other party, contact or consent
    page.fill("#new-summary", "")
    page.click("#new-submit")
    # Then each missing thing is said in Chinese where it is, and nothing is sent
    for name in ("service", "summary", "other_party", "name", "phone", "consent"):
        assert page.is_visible(f"#error-{name}"), name
    assert "请勾选同意" in page.inner_text("#error-consent")
    assert page.url.endswith(f"consultation={consultation}")
    citizen.shot("02-form-missing")
    # When they fill it in (the phone as people write it) and send it
    page.click("label[for=service-2]")  # 劳动仲裁代理
    page.fill("#new-summary", "公司拖欠三个月工资共九千元并将我辞退，需要律师代理劳动仲裁。")
    page.fill("#new-other-party", "信丰某某电子有限公司")
    page.fill("#new-budget", "3000 元以内")
    page.fill("#new-name", "张三")
    page.fill("#new-phone", "138 0013 8000")
    page.check("#new-consent")
    inputs = page.eval_on_selector_all("#commission-form input.weui-input, #commission-form select",
                                       "es => es.map(e => e.getBoundingClientRect().height)")
    assert all(h >= 24 for h in inputs), inputs  # inputs a thumb can hit
    page.click("#new-submit")
    # Then the status page: offered to the county's lawyers, the first step current
    page.wait_for_url("**/h5/commissions/WT*")
    commission_id = page.url.rsplit("/", 1)[1]
    assert "等待律师承接" in page.inner_text("#comm-status")
    assert page.is_visible("#comm-cancel") and not page.is_visible("#comm-confirm")
    citizen.shot("03-offered")
    # And, following the account, they are asked to allow the notice that a lawyer accepted
    page.wait_for_selector("#zst-subscribe-ask:not(.zst-hidden)")
    assert "律师接受后通知我" in page.inner_text("#zst-subscribe-ask")
    box = page.locator("#zst-subscribe-button").bounding_box()
    assert box and box["height"] >= 40 and box["width"] >= 200, box
    page.click("#zst-subscribe-button")
    page.wait_for_selector("#zst-subscribe-done:not(.zst-hidden)")
    assert "已允许" in page.inner_text("#zst-subscribe-done")
    mine = citizen.api("GET", "/api/me/subscriptions")
    left = {s["template"]: s["remaining"] for s in mine["subscriptions"]}
    assert mine["offer"]["commission"] and all(left[t] == 1 for t in mine["offer"]["commission"]), mine
    citizen.shot("03b-offered-notice-allowed")

    # When the best-starred lawyer it was offered to accepts with a quote
    offered = offered_lawyers(stack, commission_id)
    assert offered, "the commission reached no 信丰 lawyer"
    lawyer_id, openid, stars_before, name = offered[0]
    lawyer = Person(browser, stack.base, "lawyer", openid)
    lawyer.api("POST", f"/api/commissions/{commission_id}/accept",
               {"quote": {"fee": "3000元（仲裁阶段）", "scope": "代理劳动仲裁至裁决，含证据整理和开庭", "days": 60},
                "no_conflict": True})
    # Then the citizen's page shows the lawyer, firm, stars and quote, and who will see the contact
    citizen.open(f"/h5/commissions/{commission_id}")
    assert name in page.inner_text("#comm-lawyer") and "3000元（仲裁阶段）" in page.inner_text("#quote-fee")
    consent = page.inner_text("#comm-consent-text")
    assert "仅这一位律师" in consent and "张三" in consent and "138****8000" in consent
    citizen.shot("04-accepted-quote")
    # When they confirm, after the dialog says what confirming shares
    page.click("#comm-confirm")
    assert "138****8000" in page.inner_text("#comm-dialog-text")
    citizen.shot("05-confirm-dialog")
    page.click("#comm-dialog-yes")
    page.wait_for_selector("#comm-status:has-text('已确认委托')")
    assert not page.is_visible("#comm-actions") and page.is_visible("#comm-shared")
    citizen.shot("06-confirmed")
    # And staff of the bureau read it at their desk: the matter, the lawyer and quote, no buttons,
    # never the citizen's contact
    desk = Person(browser, stack.base, "staff", f"e2e-comm-desk-{run}", device=seen.DESK)
    desk.open(f"/h5/staff/commissions/{commission_id}")
    assert "已确认委托" in desk.page.inner_text("#comm-status") and name in desk.page.inner_text("#comm-lawyer")
    assert desk.page.locator("#comm-actions").count() == 0 and "8000" not in desk.page.inner_text("body")
    desk.shot("06b-staff-desk-1280")

    # When the lawyer has completed the service
    complete(stack, commission_id)
    citizen.open(f"/h5/commissions/{commission_id}")
    assert "服务已完成" in page.inner_text("#comm-status") and page.is_visible("#rating-form")
    page.click("#rating-submit")  # no stars chosen
    assert page.is_visible("#error-stars")
    citizen.shot("07-completed-rate")
    page.click("label[for=star-5]")
    page.fill("#rating-comment", "解释清楚，按时完成")
    page.click("#rating-submit")
    page.wait_for_selector("#rating-done-stars")
    assert "★★★★★" in page.inner_text("#rating-done-stars")
    citizen.shot("08-rated")
    # Then the rating moved the lawyer's stars by the published formula (prior × 3 + 5) / 4
    prior = stars_before or 4.0  # a lawyer not yet rated counts as 4.0 (consultations/stars.py)
    assert lawyer_stars(stack, lawyer_id) == round((prior * 3 + 5) / 4, 2)

    # And the citizen's list holds it; a stranger opening its address gets the page of a random id
    citizen.open("/h5/mine")
    page.wait_for_selector(f"#mine-commissions a[href$='{commission_id}']")
    citizen.shot("09-mine")
    # And in 长辈模式 (switched on from 我的) both pages keep type and targets large
    page.locator("label[for=elder-switch]").click()
    for name, path in (("12-status-elder", f"/h5/commissions/{commission_id}"),
                       ("13-form-elder", f"/h5/commissions/new?consultation={consultation}")):
        citizen.open(path)
        assert page.evaluate("() => document.documentElement.classList.contains('zst-elder')")
        assert elder.small_text(page) == [], path
        assert elder.small_targets(page) == [], path
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 375, path
        citizen.shot(name)
    citizen.open("/h5/mine")
    page.locator("label[for=elder-switch]").click()
    stranger = Person(browser, stack.base, "citizen", f"o-e2e-stranger-{run}")
    response = stranger.page.goto(f"{stack.base}/h5/commissions/{commission_id}")
    assert response.status == 404 and "张三" not in stranger.page.content()
    stranger.shot("10-stranger-404")
    for person in (citizen, lawyer, stranger, answering, desk):
        assert person.errors == []


def test_refusals_are_seen_on_the_commission_form_and_status_page(stack, browser):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack.base, "citizen", f"o-e2e-comm-seen-{run}")
    made = citizen.api("POST", "/api/commissions", {
        "service": "文书代写", "summary": "请帮我写一份欠条催告函", "other_party": "李四",
        "category": "labor"})
    # The status page: a refused cancel
    citizen.refuse(r".*/api/commissions/[^/]+/cancel$")
    citizen.open(f"/h5/commissions/{made['id']}")
    citizen.page.click("#comm-cancel")
    citizen.page.click("#comm-dialog-yes")
    seen.seen_message(citizen, seen.REFUSED, "commission-refused-375")
    # The form directed to a lawyer from their profile: a refused send
    lawyer_id, (name, firm, _) = next(iter(xinfeng_lawyers().items()))
    citizen.refuse(r".*/api/commissions$")
    citizen.open(f"/h5/commissions/new?lawyer={lawyer_id}")
    page = citizen.page
    assert name in page.inner_text("#new-lawyer") and firm in page.inner_text("#new-lawyer")
    citizen.shot("11-form-directed")
    page.click("label[for=service-1]")
    page.fill("#new-summary", "请帮我写一份欠条催告函")
    page.select_option("#new-category", "labor")
    page.fill("#new-other-party", "李四")
    page.fill("#new-name", "张三")
    page.fill("#new-phone", "13800138000")
    page.check("#new-consent")
    page.click("#new-submit")
    seen.seen_message(citizen, seen.REFUSED, "commission-new-refused-375")


def test_a_citizen_declines_a_quote_saying_why_and_staff_count_the_reason(stack, browser):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack.base, "citizen", f"o-e2e-comm-decline-{run}")
    made = citizen.api("POST", "/api/commissions", {
        "service": "劳动仲裁代理", "summary": "公司拖欠工资，需要律师代理劳动仲裁", "other_party": f"拒绝测试公司{run}",
        "category": "labor"})
    # Given a lawyer it was offered to accepted with a quote
    lawyer_id, openid, _, _ = offered_lawyers(stack, made["id"])[0]
    Person(browser, stack.base, "lawyer", openid).api("POST", f"/api/commissions/{made['id']}/accept", {
        "quote": {"fee": "8000元", "scope": "代理劳动仲裁", "days": 60}, "no_conflict": True})
    # When the citizen declines it and, asked why (optional), picks 价格太高
    citizen.open(f"/h5/commissions/{made['id']}")
    page = citizen.page
    page.click("#comm-decline")
    page.wait_for_selector("#comm-decline-reasons:not(.zst-hidden)")
    assert "价格太高" in page.inner_text("#comm-decline-reasons")
    box = page.locator("label[for=reason-price]").bounding_box()
    assert box and box["height"] >= 32, box
    page.click("label[for=reason-price]")
    citizen.shot("14-decline-why")
    page.click("#comm-dialog-yes")
    page.wait_for_selector("#comm-status:has-text('等待律师承接')")
    # Then the reason is kept and the bureau's figures count it
    item = dynamodb(stack).get_item(TableName=TABLE, Key={"PK": {"S": f"COMM#{made['id']}"},
                                                          "SK": {"S": "META"}}, ConsistentRead=True)["Item"]
    assert Commission.from_raw_data(item).decline_reasons == {"price": 1}
    desk = Person(browser, stack.base, "staff", f"e2e-comm-why-{run}", device=seen.DESK)
    figures = desk.api("GET", "/api/staff/commissions/stats")
    assert figures["total"]["declined_why"]["price"] >= 1
    desk.open("/h5/staff/commissions")
    assert "价格太高" in desk.page.inner_text("#comm-declined-why")
    desk.shot("15-staff-declined-why-1280")
    assert citizen.errors == [] and desk.errors == []
