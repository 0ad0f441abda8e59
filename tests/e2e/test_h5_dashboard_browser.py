"""The staff dashboard and the public service pages in headless Chromium on the local stack, at a
phone (375 px) and a desk (1280 px): questions asked, answered by 信丰 lawyers, awarded and rated
through the API, then the charts drawn as inline SVG, nothing off the side of a phone, the charts
side by side at a desk, and a citizen's view of the promise with no personal data.
Screenshots under test-artifacts/dashboard/ (`<page>-375.png`, `<page>-1280.png`)."""
import re
import secrets
from datetime import datetime, timezone

import boto3
import pytest

from chalicelib.db.reports import MonthlyReport
from chalicelib.reports import histogram, monthly
from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, running
from tests.e2e.test_h5_consult_browser import xinfeng_lawyers
from tests.e2e.test_h5_staff_layout_browser import DESK, PHONE, fits, page_width

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "dashboard"
QUESTIONS = (("labor", "公司拖欠我三个月工资共一万二千元，我该怎么维权？需要准备哪些证据？"),
             ("marriage_family", "离婚时夫妻共同购买的房子应该怎么分割？房贷还没有还完。"),
             ("labor", "在工地干活受了伤，老板不给报销医药费，也没有签劳动合同，怎么办？"))
ADVICE = ("根据《劳动合同法》第三十条和第八十五条，用人单位应当及时足额支付劳动报酬。建议您保存工资条、"
          "考勤记录和聊天记录，先向劳动保障监察大队投诉，也可以向劳动争议仲裁委员会申请仲裁。")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("dashboard-stack")
    with running(folder / "stack.log", folder / "data") as local:
        yield local


def printed(local, name):
    """A variable the stack printed at start (`  NAME=value`)."""
    return re.search(rf"^\s+{name}=(\S+)", local.text(), re.M).group(1)


def given_last_months_reports(local):
    """Last month's reports of 信丰 and 大余, as the sweep writes them, put straight into the
    stack's table (the stack's own sweep reports only months it has seen end)."""
    month = monthly.add_months(monthly.month_of(datetime.now(timezone.utc)), -1)
    table = boto3.client("dynamodb", endpoint_url=printed(local, "AWS_ENDPOINT_URL_DYNAMODB"),
                         region_name=printed(local, "AWS_REGION"), aws_access_key_id="local",
                         aws_secret_access_key="local")
    for code, name, short, seconds in (("360722", "信丰县司法局", "信丰", [40] * 50 + [200] * 8 + [700] * 2),
                                       ("360723", "大余县司法局", "大余", [90] * 30 + [400] * 5)):
        report = MonthlyReport(bureau=code, month=month, bureau_name=name, short_name=short,
                               questions=len(seconds), answered=len(seconds), decided=len(seconds),
                               within_sla=sum(1 for s in seconds if s <= 600), ratings=10, rating_sum=46,
                               histogram=histogram.histogram(seconds), written_at="2026-01-01T00:00:00Z")
        table.put_item(TableName=printed(local, "TABLE_NAME"), Item=report.serialize())
    return month


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def dispatched_lawyer(staff, base, consultation_id):
    named = xinfeng_lawyers()
    for _ in range(60):  # dispatch may run just after the answer to the form
        view = staff.context.request.get(f"{base}/api/consultations/{consultation_id}").json()
        found = [d["lawyer_id"] for d in view.get("dispatches", []) if d["lawyer_id"] in named]
        if found:
            return named[found[0]][2]
        staff.page.wait_for_timeout(500)
    raise AssertionError(f"no 信丰 lawyer was dispatched {consultation_id}")


def given_answered_questions(browser, base, staff, run):
    """Three questions of three citizens; the first two answered, the first awarded and rated."""
    asked = []
    for n, (category, question) in enumerate(QUESTIONS):
        citizen = Person(browser, base, "citizen", f"o-e2e-dash-{run}-{n}")
        response = citizen.context.request.post(f"{base}/api/consultations",
                                                data={"category": category, "question": question})
        assert response.status == 201, response.text()
        asked.append((citizen, response.json()["id"]))
    for citizen, consultation_id in asked[:2]:
        lawyer = Person(browser, base, "lawyer", dispatched_lawyer(staff, base, consultation_id))
        answer = lawyer.context.request.post(f"{base}/api/consultations/{consultation_id}/answers",
                                             data={"body": ADVICE})
        assert answer.ok, answer.text()
        lawyer.context.close()
    citizen, consultation_id = asked[0]
    answer_id = citizen.context.request.get(f"{base}/api/consultations/{consultation_id}").json()["answers"][0]["id"]
    for path, body in (("award", {"answer_id": answer_id}), ("rating", {"stars": 5})):
        done = citizen.context.request.post(f"{base}/api/consultations/{consultation_id}/{path}", data=body)
        assert done.ok, done.text()
    return [c for _, c in asked]


def test_staff_read_their_dashboard_at_a_desk_and_on_a_phone_and_citizens_see_the_promise(stack, browser):
    local, stack = stack, stack.base
    last_month = given_last_months_reports(local)
    run = secrets.token_hex(3)
    staff = Person(browser, stack, "staff", f"e2e-dash-{run}")
    ids = given_answered_questions(browser, stack, staff, run)
    page = staff.page

    # When staff open the dashboard from the console
    staff.open("/h5/staff")
    page.click("text=本局看板")
    page.wait_for_selector("svg.zst-chart")
    # Then seven charts are drawn, with this month's questions among the figures
    assert page.locator("svg.zst-chart").count() == 7
    assert int(page.inner_text(".zst-tile >> nth=0").split()[0]) >= 3
    assert "信丰县司法局" in page.inner_text("h1")
    fits(page, PHONE)
    staff.shot(f"staff-dashboard-{PHONE}")
    # And at a desk the page is wide and its charts sit three a row
    fits(page, DESK)
    assert page_width(page) >= 900
    boxes = [page.locator(".zst-panel").nth(n).bounding_box() for n in range(3)]
    assert abs(boxes[0]["y"] - boxes[2]["y"]) < 2 and boxes[2]["x"] > boxes[1]["x"] > boxes[0]["x"], boxes
    staff.shot(f"staff-dashboard-{DESK}")

    # When a citizen, not signed in, opens 信丰's service page on a phone
    visitor = browser.new_context(**apply_e2e.PHONE)
    public = visitor.new_page()
    public.goto(f"{stack}/h5/bureaus/360722/service")
    text = public.inner_text("main")
    # Then the promise and this month's figures are shown, and no question or id
    assert "10 分钟内有律师首次答复" in text and "收到咨询" in text
    assert not any(i in text for i in ids) and "拖欠" not in text
    fits(public, PHONE)
    public.screenshot(path=str(ARTIFACTS / f"bureau-service-{PHONE}.png"), full_page=True)
    fits(public, DESK)
    public.screenshot(path=str(ARTIFACTS / f"bureau-service-{DESK}.png"), full_page=True)
    # And the province view opens from it
    # And the province view opens from it: last month's bureaus, one card each on a phone
    public.click("text=查看全省各司法局")
    public.wait_for_selector("table.zst-table")
    assert last_month in public.url or f"{int(last_month[5:])}月" in public.inner_text("header")
    rows = public.locator("table.zst-table tbody tr")
    assert rows.count() >= 2 and "信丰" in rows.nth(0).inner_text() and "大余" in rows.nth(1).inner_text()
    assert "合计" in public.inner_text("tfoot") and "江西省各司法局" in public.inner_text("h1")
    fits(public, PHONE)
    public.screenshot(path=str(ARTIFACTS / f"region-service-{PHONE}.png"), full_page=True)
    fits(public, DESK)
    public.screenshot(path=str(ARTIFACTS / f"region-service-{DESK}.png"), full_page=True)
    assert staff.errors == []
