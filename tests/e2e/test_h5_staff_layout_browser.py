"""Every staff page at a phone (375 px) and at a desk (1280 px), in headless Chromium on the local
stack: nothing runs off the side, every queue tab is in sight, links are in the house colour, a desk
gets a wide page in columns rather than a phone column (a consultation stays a reading column, its
dispatch log naming each lawyer and firm), the queue says whose application each is,
and the appointment form offers the bureau's offices by name with 确认预约 disabled, saying why,
while no slot is chosen. Screenshots under test-artifacts/staff-layout/ (`<page>-375.png`,
`<page>-1280.png`).

The stack is `python -m local.run` as `make run` starts it, on a free PORT, in a fresh data folder
with a small lawyer pool.
"""
import json
import secrets

import pytest

from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "staff-layout"
PHONE, DESK = 375, 1280
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60
BROWSER_BLUE = "rgb(0, 0, 238)"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff-layout-stack")
    with running(folder / "stack.log", folder / "data") as local:
        yield local.base


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def submitted_application(citizen, base, name):
    """A legal-aid application of `name`, its materials posted to the bucket as a browser would."""
    request = citizen.context.request
    spec = next(t for t in request.get(f"{base}/api/application-types").json() if t["type"] == "legal_aid")
    fields = {f["name"]: value_for(f) for f in spec["fields"] if f.get("required")}
    fields["applicant_name"] = name
    draft = request.post(f"{base}/api/applications", data={"type": "legal_aid", "fields": fields,
                                                            "consent": True})
    assert draft.ok, draft.text()
    app_id = draft.json()["id"]
    for material in (m for m in spec["materials"] if m["required"]):
        grant = request.post(f"{base}/api/applications/{app_id}/uploads", data={
            "material": material["code"], "filename": "photo.jpg", "content_type": "image/jpeg",
            "size": len(JPEG)})
        assert grant.ok, grant.text()
        grant = grant.json()
        posted = request.post(grant["url"], multipart={
            **grant["fields"], "file": {"name": "photo.jpg", "mimeType": "image/jpeg", "buffer": JPEG}})
        assert posted.ok, posted.text()
        confirmed = request.post(f"{base}/api/applications/{app_id}/uploads/{grant['upload_id']}/confirm")
        assert confirmed.ok, confirmed.text()
    sent = request.post(f"{base}/api/applications/{app_id}/submit")
    assert sent.ok, sent.text()
    return app_id


def value_for(field):
    kind = field["kind"]
    if kind == "id_number":
        return apply_e2e.id_number()
    if kind == "phone":
        return "13800138000"
    if kind == "select":
        option = field["options"][0]
        return option["value"] if isinstance(option, dict) else option
    if kind == "number":
        return "2"
    if kind == "date":
        return "2026-01-05"
    return "因用人单位拖欠工资申请法律援助。" if kind == "textarea" else "信丰县嘉定镇"


def fits(page, width):
    """Nothing wider than the screen, and no element reaching past its right edge."""
    page.set_viewport_size({"width": width, "height": 900})
    page.wait_for_timeout(100)  # one layout pass after the resize
    overflow = page.evaluate("""() => {
        const width = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('main *')].filter((e) => {
            const box = e.getBoundingClientRect();
            return box.width > 0 && box.right > width + 1 && getComputedStyle(e).position !== 'fixed';
        }).map((e) => e.tagName + '#' + e.id + '.' + e.className);
        return {scroll: document.documentElement.scrollWidth, width, wide: wide.slice(0, 5)};
    }""")
    assert overflow["scroll"] <= overflow["width"] and not overflow["wide"], (width, overflow)


def page_width(page):
    return page.locator("main.zst-page").bounding_box()["width"]


def plain_links(page):
    """Colours of the links on the page that are not WeUI buttons or cells."""
    return page.evaluate("""() => [...document.querySelectorAll('main a[href]')]
        .filter((a) => !a.closest('.weui-btn, .weui-cell') && a.offsetParent)
        .map((a) => getComputedStyle(a).color)""")


def both_widths(person, name, check_desk=None):
    page = person.page
    fits(page, PHONE)
    person.shot(f"{name}-{PHONE}")
    fits(page, DESK)
    # A desk gets a wide page, not a phone column in the middle of the screen
    assert page_width(page) >= 900, (name, page_width(page))
    if check_desk:
        check_desk(page)
    person.shot(f"{name}-{DESK}")
    assert BROWSER_BLUE not in plain_links(page), (name, plain_links(page))


def test_every_staff_page_fits_a_phone_and_uses_a_desk(stack, browser):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack, "citizen", f"o-e2e-layout-{run}")
    app_id = submitted_application(citizen, stack, "王小明")
    staff = Person(browser, stack, "staff", f"e2e-layout-{run}")
    page = staff.page

    # The queue: whose application each is (masked), every tab in sight on a phone
    staff.open("/h5/staff")
    entry = page.wait_for_selector(f"a[href$='/h5/staff/applications/{app_id}']")
    assert "王*明" in entry.inner_text() and "王小明" not in page.inner_text("body")
    for width in (PHONE, DESK):
        fits(page, width)
        tabs = page.locator(".zst-tabs__item")
        assert tabs.count() == 8
        for n in range(tabs.count()):
            box = tabs.nth(n).bounding_box()
            assert tabs.nth(n).is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= width, (width, n, box)
        assert all(page.locator(".zst-staff-links a").nth(n).bounding_box()["height"] >= 28 for n in range(3))
    both_widths(staff, "queue")

    # The application, accepted: the decisions beside it at a desk; the appointment by office name
    staff.open(f"/h5/staff/applications/{app_id}")
    page.wait_for_selector("form[data-action=accept]:not(.zst-hidden)")
    page.click("form[data-action=accept] button[type=submit]")
    page.wait_for_selector("#app-status >> text=已受理")
    page.wait_for_function(  # the answer, not "正在查询…"
        "() => { const t = document.querySelector('#schedule-hint').textContent;"
        " return /时段/.test(t) && !/正在查询/.test(t); }")
    assert page.locator("#slot-office option").all_inner_texts() == ["信丰县法律援助中心"]
    assert page.is_disabled("#schedule-submit")
    hint = page.locator("#schedule-hint")
    assert hint.is_visible() and hint.bounding_box()["height"] >= 14
    assert "近四周没有可预约的时段" in hint.inner_text()

    def side_by_side(page):
        main, side = page.locator(".zst-desk__main").bounding_box(), page.locator("#decisions").bounding_box()
        assert side["x"] >= main["x"] + main["width"] - 1 and abs(side["y"] - main["y"]) < 40, (main, side)
    both_widths(staff, "application", side_by_side)

    assert page.inner_text("#app-title") == "王小明 · 法律援助"  # the audited page: the full name

    # Figures and ledger, the duty roster, binding codes and failed messages
    for path, name, ready in (("/h5/staff/stats", "stats", "#stats-figures .zst-figure"),
                              ("/h5/staff/duty", "duty", ".zst-duty-day"),
                              ("/h5/staff/ops", "ops", "#ops-failed .weui-cell")):
        staff.open(path)
        page.wait_for_selector(ready)
        both_widths(staff, name)
    # A consultation as staff see it: a reading column at a desk, the dispatch log by name and firm
    asked = citizen.context.request.post(f"{stack}/api/consultations", data={
        "category": "labor", "question": "公司拖欠我三个月工资共一万二千元，我该怎么维权？请问需要准备哪些证据？"})
    assert asked.status == 201, asked.text()
    consultation = f"{stack}/api/consultations/{asked.json()['id']}"
    for _ in range(60):  # dispatch may run just after the answer to the form
        if staff.context.request.get(consultation).json().get("dispatches"):
            break
        page.wait_for_timeout(500)
    staff.open(f"/h5/staff/consultations/{asked.json()['id']}")
    first = page.wait_for_selector("#cons-dispatches .zst-dispatch__who")
    assert "律师事务所" in first.inner_text() and "·" in first.inner_text()
    fits(page, PHONE)
    staff.shot(f"consultation-{PHONE}")
    fits(page, DESK)
    assert 600 <= page_width(page) <= 800
    staff.shot(f"consultation-{DESK}")

    # And the ops page with lawyers found by surname
    staff.open("/h5/staff/ops")
    page.fill("#ops-lawyer-id", "刘")
    page.click("#ops-lookup-submit")
    page.wait_for_selector("#ops-results:not(.zst-hidden) .zst-ops__result")
    both_widths(staff, "ops-search")
    assert staff.errors == [] and citizen.errors == []
