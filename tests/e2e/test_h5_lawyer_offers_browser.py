"""Issue 12, the lawyer's side, in headless Chromium on the local stack: a 信丰 citizen's commission is
pushed to the county's best labor lawyers; one of them opens /h5/lawyer/commissions on a phone,
sees the offer (service, matter, other party, budget, time left), is told what the accept form
still needs, quotes and declares no conflict, and waits for the citizen; a second lawyer who was
slower is told 这项委托已被其他律师接受; once the citizen confirms, the first lawyer alone sees the
citizen's name and phone, starts the work and completes it. Staff read the month's figures at a
desk. Screenshots at 375 px (and the staff page at 1280 px) under test-artifacts/lawyer-offers/.
"""
import contextlib
import json
import secrets

import pytest

from seeds.lawyers import generate
from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, SEED_ARGS, Stack, free_stack_port, missing_routes

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "lawyer-offers"
XINFENG = "360722"
DESK = {"width": 1280, "height": 800}
PHONE_NUMBER = "13907971234"
ROUTES = ("/api/commissions", "/api/lawyer/commissions", "/api/lawyer/commissions/mine",
          "/api/commissions/{commission_id}/start", "/api/staff/commissions/stats")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("offers-stack")
    local = Stack(free_stack_port(), folder / "stack.log", folder / "data")
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(local.shut_down)
        local.wait_healthy()
        missing = missing_routes(local.base, ROUTES)
        if missing:
            pytest.skip("the running app lacks: " + ", ".join(missing))
        yield local.base


class Person(apply_e2e.Person):
    def api(self, method, path, body=None, ok=True):
        response = self.context.request.fetch(self.base + path, method=method,
                                              data=json.dumps(body) if body is not None else None,
                                              headers={"Content-Type": "application/json"})
        if ok:
            assert response.ok, f"{method} {path}: {response.status} {response.text()}"
        return response.json()

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def fits_the_phone(self):
        width = self.page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, f"the page is {width} px wide on a 375 px phone"


def labor_lawyers():
    """The seeded 信丰 labor lawyers, best stars first: the push offers round 1 to the first five."""
    count = int(SEED_ARGS.split()[-1])
    found = [l for l in generate(count) if "labor" in l["specialties"]
             and (l["county"] == XINFENG or XINFENG in (l.get("serves") or []))]
    return sorted(found, key=lambda l: (-l["stars"], l["lawyer_id"]))


def offered_lawyers(browser, base, commission_id, wanted=2):
    """`wanted` lawyers (their sessions) the commission was offered to, best stars first."""
    found = []
    for lawyer in labor_lawyers()[:10]:
        me = Person(browser, base, "lawyer", lawyer["openid"])
        if any(o["id"] == commission_id for o in me.api("GET", "/api/lawyer/commissions")):
            found.append(me)
            if len(found) == wanted:
                return found
        else:
            me.context.close()
    pytest.fail(f"the commission reached {len(found)} seeded lawyers, not {wanted}")


def test_a_lawyer_takes_a_commission_serves_it_and_a_slower_one_is_told_it_is_taken(stack, browser):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack, "citizen", f"o-e2e-offers-{run}")
    # Given two 信丰 citizens' labor commissions, the first sharing a name and phone
    first = citizen.api("POST", "/api/commissions", {
        "service": "劳动仲裁代理", "category": "labor", "county": XINFENG,
        "summary": "公司拖欠三个月工资共九千元并将我辞退，需要律师代理劳动仲裁，我手头有考勤记录和工资条。",
        "other_party": f"信丰某某电子有限公司{run}",
        "contact": {"name": "张三", "phone": PHONE_NUMBER}})["id"]
    second = citizen.api("POST", "/api/commissions", {
        "service": "文书代写", "category": "labor", "county": XINFENG,
        "summary": "需要律师代写一份劳动仲裁申请书。", "other_party": f"赣州某某物流有限公司{run}"})["id"]
    waiting = citizen.api("POST", "/api/commissions", {
        "service": "调解代理", "category": "labor", "county": XINFENG,
        "summary": "与公司协商补偿未果，想请律师参加劳动争议调解。", "other_party": f"信丰某某制衣厂{run}"})["id"]
    quick, slow = offered_lawyers(browser, stack, first)

    # When the first lawyer opens the workbench, Then its link to the commissions counts the offers
    page = quick.open("/h5/lawyer")
    count = page.locator("#commissions-count")
    count.wait_for()
    assert count.inner_text() == "3"
    quick.shot("00-workbench-link-375")
    # When they follow it on a phone
    page.locator("#lawyer-commissions").click()
    page.wait_for_url("**/h5/lawyer/commissions")
    card = page.locator(f"#offer-{first}")
    card.wait_for()
    # Then the offer shows the service, the matter, the other party, the budget and the time left
    text = card.inner_text()
    assert "劳动仲裁代理" in text and "劳动争议" in text and "信丰" in text
    assert f"信丰某某电子有限公司{run}" in text and "未填写" in text and "还剩 2 天" in text
    assert PHONE_NUMBER not in page.content()  # nobody's contact before the citizen confirms
    quick.fits_the_phone()
    quick.shot("01-offers-375")

    # When they open the accept form and send it empty, Then each missing part is named
    card.get_by_role("button", name="接受并报价").click()
    card.locator("[data-submit]").click()
    errors = card.locator(".zst-field-error:not(.zst-hidden)")
    assert errors.count() == 4
    assert "利益冲突" in card.locator('[data-error="no_conflict"]').inner_text()
    quick.shot("02-accept-form-errors-375")
    # When they quote 面议, write the scope and days, and declare no conflict
    card.get_by_label("面议").check()
    assert card.locator("[name=fee]").input_value() == "面议"
    card.locator("[name=scope]").fill("代理劳动仲裁至裁决，含撰写仲裁申请书、证据整理与出庭")
    card.locator("[name=days]").fill("45")
    card.locator("[name=no_conflict]").check()
    # Then each error goes as its field is put right
    assert card.locator(".zst-field-error:not(.zst-hidden)").count() == 0
    box = card.locator("[name=days]").bounding_box()
    assert box["height"] >= 40  # a finger-sized input
    quick.shot("03-accept-form-filled-375")
    card.locator("[data-submit]").click()
    # Then the commission is theirs, waiting for the citizen's confirmation, no contact yet
    held = page.locator(f"#mine-{first}")
    held.wait_for()
    assert "等待市民确认" in held.inner_text() and PHONE_NUMBER not in held.inner_text()

    # Given the slower lawyer has the second commission open on their phone
    slow_page = slow.open("/h5/lawyer/commissions")
    slow_card = slow_page.locator(f"#offer-{second}")
    slow_card.wait_for()
    slow_card.get_by_role("button", name="接受并报价").click()
    slow_card.locator("[name=fee]").fill("2000元")
    slow_card.locator("[name=scope]").fill("代写劳动仲裁申请书一份")
    slow_card.locator("[name=days]").fill("3")
    slow_card.locator("[name=no_conflict]").check()
    # When the first lawyer takes it meanwhile, and the slower one then sends their quote
    quick.api("POST", f"/api/commissions/{second}/accept",
              {"quote": {"fee": "1500元", "scope": "代写仲裁申请书", "days": 2}, "no_conflict": True})
    slow_card.locator("[data-submit]").click()
    # Then the slower lawyer is told plainly that another lawyer accepted it, and the form is gone
    taken = slow_card.locator(".zst-comm-taken")
    taken.wait_for()
    assert "这项委托已被其他律师接受" in taken.inner_text() and taken.is_visible()
    assert slow_card.locator("form").count() == 0
    slow.fits_the_phone()
    slow.shot("04-taken-409-375")

    # When the citizen confirms the first lawyer
    citizen.api("POST", f"/api/commissions/{first}/confirm")
    # Then the first lawyer, opening the notice's link, sees the citizen's name and phone
    page = quick.open(f"/h5/lawyer/commissions?commission={first}")
    held = page.locator(f"#mine-{first}")
    held.wait_for()
    contact = held.locator(".zst-comm-contact")
    contact.wait_for()
    assert "张三" in contact.inner_text() and PHONE_NUMBER in contact.inner_text()
    assert contact.locator(f'a[href="tel:{PHONE_NUMBER}"]').count() == 1
    quick.fits_the_phone()
    quick.shot("05-confirmed-contact-375")
    # And the slower lawyer, opening the first commission's link, sees no contact at all
    assert PHONE_NUMBER not in json.dumps(slow.api("GET", f"/api/commissions/{first}"))

    # When the first lawyer starts the work
    held.get_by_role("button", name="开始办理").click()
    page.locator(f'#mine-{first}[data-status="in_service"]').wait_for()
    page.locator("#zst-toast .weui-toast").wait_for(state="hidden")
    held = page.locator(f"#mine-{first}")
    assert "服务中" in held.inner_text() and PHONE_NUMBER in held.inner_text()
    quick.shot("06-in-service-375")
    # And reports it done, confirming
    held.get_by_role("button", name="服务已完成").click()
    held.get_by_role("button", name="确认办结").click()
    page.locator(f'#mine-{first}[data-status="completed"]').wait_for()
    page.locator("#zst-toast .weui-toast").wait_for(state="hidden")
    assert "已完成" in page.locator(f"#mine-{first}").inner_text()
    quick.shot("07-completed-375")
    # Then the citizen's commission reads completed
    assert citizen.api("GET", f"/api/commissions/{first}")["status"] == "completed"
    citizen.api("POST", f"/api/commissions/{first}/rating", {"stars": 5})

    # When staff of 信丰 read this month's commission figures at a desk
    staff = Person(browser, stack, "staff", f"e2e-offers-{run}")
    staff.page.set_viewport_size(DESK)
    staff_page = staff.open("/h5/staff/commissions")
    row = staff_page.locator(f'#comm-counties tr[data-county="{XINFENG}"]')
    row.wait_for()
    # Then 信丰's row counts both commissions, one completed, and the open list is there
    cells = row.locator("td")
    assert int(cells.nth(0).inner_text()) >= 3 and int(cells.nth(4).inner_text()) >= 1
    assert row.locator('td[data-label="评价中位数"]').inner_text().startswith("5.0")
    assert staff_page.locator(f'#comm-open tr[data-id="{waiting}"]').is_visible()
    assert "调解代理" in staff_page.locator(f'#comm-open tr[data-id="{waiting}"]').inner_text()
    staff.shot("08-staff-stats-1280")
    for person in (quick, slow, citizen, staff):
        assert person.errors == [], person.errors
