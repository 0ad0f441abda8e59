"""A 大余 staff member's application pages (issue 10, step 8 (e)), in headless Chromium on the local
stack: the queue and the application page carry 大余县司法局's name, the appointment form offers
大余's own offices by name, and a 信丰 staff member given the same application id sees what a
random id shows. Screenshots under test-artifacts/staff-bureau/ at 375 px and 1280 px.

`make run` seeds both bureaus, each with its offices (seeds/bureaus.json; 信丰's from the catalog).
"""
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e import test_h5_staff_layout_browser as staff_layout
from tests.e2e.stack import ROOT, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "staff-bureau"
DAYU = "360723"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff-bureau-stack")
    with running(folder / "stack.log", folder / "data") as local:
        yield local.base


class Person(staff_layout.Person):
    def __init__(self, browser, base, role, who, bureau):
        self.base = base
        self.context = browser.new_context(viewport={"width": 375, "height": 800})
        self.context.set_default_timeout(20000)
        response = self.context.request.post(f"{base}/dev/login",
                                             data={"role": role, "id": who, "bureau": bureau})
        assert response.ok, response.text()
        self.page = self.context.new_page()
        self.errors = []
        self.context.on("weberror", lambda error: self.errors.append(str(error.error)))

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _next_workday_slot(staff, base, office):
    today = datetime.now(ZoneInfo("Asia/Shanghai")).date()
    for ahead in range(1, 15):
        day = (today + timedelta(days=ahead)).isoformat()
        opened = staff.context.request.post(f"{base}/api/staff/appointment-slots", data={
            "office": office, "date": day, "times": ["09:30", "10:00"]})
        if opened.status != 400 or opened.json()["error"]["code"] != "not_a_workday":
            assert opened.ok, opened.text()
            return day
    raise AssertionError("no working day in two weeks")


def test_a_dayu_staff_member_sees_dayus_name_and_offices_and_xinfeng_sees_nothing_of_it(stack, browser):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack, "citizen", f"o-e2e-dayu-{run}", DAYU)
    dayu = Person(browser, stack, "staff", f"dy-e2e-{run}", DAYU)
    xinfeng = Person(browser, stack, "staff", f"xf-e2e-{run}", "360722")
    app_id = staff_layout.submitted_application(citizen, stack, "余大文")
    _next_workday_slot(dayu, stack, "dayu-legal-aid")
    accepted = dayu.context.request.post(f"{stack}/api/staff/applications/{app_id}/decision",
                                         data={"action": "accept"})
    assert accepted.ok, accepted.text()

    # The queue: 大余's name, its application
    page = dayu.open("/h5/staff?status=accepted")
    page.locator("#staff-queue a").first.wait_for()
    assert page.locator("#staff-bureau").inner_text() == "大余县司法局"
    assert app_id in page.locator("#staff-queue").inner_text()
    staff_layout.both_widths(dayu, "queue")

    # The application page: 大余's offices by name, none of 信丰's
    page = dayu.open(f"/h5/staff/applications/{app_id}")
    page.locator("#slot-office option").first.wait_for(state="attached")
    names = page.locator("#slot-office option").all_inner_texts()
    assert names == ["大余县法律援助中心"], names
    assert page.locator("#staff-bureau").inner_text() == "大余县司法局"
    staff_layout.both_widths(dayu, "application")
    assert not dayu.errors, dayu.errors

    # 信丰's staff: the id is as unknown as a random one, and their queue has none of 大余's
    theirs = xinfeng.context.request.get(f"{stack}/api/staff/applications/{app_id}")
    random = xinfeng.context.request.get(f"{stack}/api/staff/applications/SQ20260101-ZZZZZZ")
    assert theirs.status == 404 and theirs.body() == random.body()
    page = xinfeng.open("/h5/staff?status=accepted")
    page.wait_for_load_state("networkidle")
    assert app_id not in page.locator("#staff-queue").inner_text()
    assert "大余" not in page.locator("body").inner_text()
    xinfeng.shot("xinfeng-queue-375")
    page = xinfeng.open(f"/h5/staff/applications/{app_id}")
    page.get_by_text("没有找到该申请").first.wait_for()
    assert "余大文" not in page.locator("body").inner_text()
    xinfeng.shot("xinfeng-dayu-id-375")
