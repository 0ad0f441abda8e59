"""The e2e isolation pass (issue 10, docs/decisions/many-bureaus.md §6, last paragraph): in headless
Chromium on the local stack, 信丰's staff (seeded staff-001) and 大余's (seeded dy-staff-001) open
every `/h5/staff…` page. Each page names its own bureau in the footer ("<bureau> 主办") and shows
none of the other bureau's canaries: a consultation, an application with its applicant, a duty
shift's lawyer and the parked notices, all created for the test in each bureau. Opening the other
bureau's consultation or application by id shows what an unknown id shows. Screenshots at 375 px
and 1280 px under test-artifacts/bureau-isolation/ (`<bureau>-<page>-<width>.png`).

One stack with 2,600 lawyers, so that 大余 has lawyers of its own (the 1,014th and the 2,338th);
each person signs in once and opens every page in one browser context.
"""
import secrets
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.e2e import test_h5_staff_bureau_browser as staff_bureau
from tests.e2e import test_h5_staff_layout_browser as staff_layout
from tests.e2e.stack import ROOT, running
from tests.e2e.test_h5_staff_ops_browser import wechat_stub

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "bureau-isolation"
LAWYERS = 2600
XINFENG, DAYU = "360722", "360723"
NAMES = {XINFENG: "信丰县司法局", DAYU: "大余县司法局"}
SHORT = {XINFENG: "xinfeng", DAYU: "dayu"}
STAFF = {XINFENG: "staff-001", DAYU: "dy-staff-001"}
APPLICANT = {XINFENG: "丰小明", DAYU: "余大文"}
OPPONENT = {XINFENG: "信丰某某电子有限公司", DAYU: "大余某某钨业有限公司"}  # a commission's other party
TOPIC = {XINFENG: "信丰宪法日普法草稿", DAYU: "大余宪法日普法草稿"}  # a 热点普法 draft's title
QUESTION = {XINFENG: "信丰这边公司拖欠我两个月工资，老板一直拖着不给，我想知道该怎样申请劳动仲裁？",
            DAYU: "大余这边包工头拖欠我们十二个工友的工钱，工地已经停工，应该先找哪个部门投诉？"}
OTHER = {XINFENG: DAYU, DAYU: XINFENG}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bureau-isolation-stack")
    with running(folder / "stack.log", folder / "data", seed_args=f"--lawyers {LAWYERS}") as local:
        yield local


class Person(staff_bureau.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    def api(self, method, path, body=None):
        response = self.context.request.fetch(self.base + path, method=method, data=body)
        assert response.ok, f"{method} {path}: {response.status} {response.text()}"
        return response.json()


def _duty_canary(staff, other_staff):
    """Put on tomorrow's first shift a lawyer only this bureau may pick; (day, lawyer name, id)."""
    theirs = {x["id"] for x in other_staff.api("GET", "/api/staff/lawyers")["lawyers"]}
    mine = staff.api("GET", "/api/staff/lawyers")["lawyers"]
    lawyer = next(x for x in reversed(mine) if x["id"] not in theirs)
    day = (datetime.now(ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)).isoformat()
    staff.api("PUT", f"/api/staff/duty/{day}/0", {"lawyer_ids": [lawyer["id"]]})
    return day, lawyer["name"], lawyer["id"]


def _token_fetched(stack, deadline=45):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if any("access_token" in (r.get("answer") or {})
               for r in wechat_stub(stack, "/_records?path=/cgi-bin/stable_token")):
            return
        time.sleep(0.3)
    raise AssertionError("no access token was fetched")


def _parked(staff, deadline=60):
    """The ids of the bureau's parked notices, once there are some."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        found = staff.api("GET", "/api/staff/notifications/failed")
        if found:
            return [n["notification_id"] for n in found]
        time.sleep(0.5)
    raise AssertionError("no notice was parked")


@pytest.fixture(scope="module")
def world(stack, browser):
    """Both bureaus' staff signed in, and each bureau's canaries: what the other must never see."""
    run = secrets.token_hex(3)
    base = stack.base
    staff = {b: Person(browser, base, "staff", STAFF[b], b) for b in (XINFENG, DAYU)}
    citizens = {b: Person(browser, base, "citizen", f"o-e2e-iso-{SHORT[b]}-{run}", b) for b in staff}
    made = {b: {"bureau": b} for b in staff}
    # A first question fetches the lawyers' access token while WeChat answers; then WeChat refuses
    # every message (an invalid template id, never retried): the notices of each bureau's new
    # consultation are parked at once, in its own bureau. (Were the token fetch refused too, only
    # the notice that asked for it would be parked at once; the others retry later.)
    warm = Person(browser, base, "citizen", f"o-e2e-iso-warm-{run}", XINFENG)
    warm.api("POST", "/api/consultations", {"category": "labor", "question": QUESTION[XINFENG] + "（预热）"})
    _token_fetched(stack)
    wechat_stub(stack, "/_behaviour", {"fail_with": 40037, "times": None})
    try:
        for b, citizen in citizens.items():
            made[b]["consultation"] = citizen.api("POST", "/api/consultations", {
                "category": "labor", "question": QUESTION[b]})["id"]
        for b in staff:
            made[b]["parked"] = _parked(staff[b])
    finally:
        wechat_stub(stack, "/_behaviour", {})
    for b, citizen in citizens.items():
        made[b]["application"] = staff_layout.submitted_application(citizen, base, APPLICANT[b])
    for b, citizen in citizens.items():
        made[b]["commission"] = citizen.api("POST", "/api/commissions", {
            "consultation_id": made[b]["consultation"], "service": "劳动仲裁代理",
            "other_party": OPPONENT[b]})["id"]
    for b in staff:
        made[b]["topic"] = staff[b].api("POST", "/api/staff/topics", {
            "title": TOPIC[b], "body": "宪法是国家的根本法。"})["topic_id"]
    for b in staff:
        made[b]["day"], made[b]["duty_name"], made[b]["duty_id"] = _duty_canary(staff[b], staff[OTHER[b]])
    for b in staff:
        mine = made[b]
        mine["canaries"] = {NAMES[b], mine["consultation"], mine["application"], APPLICANT[b],
                            QUESTION[b][:12], mine["duty_name"], mine["duty_id"], *mine["parked"],
                            mine["commission"], OPPONENT[b], mine["topic"], TOPIC[b]}
    # The duty canaries must be told apart: neither bureau's lawyer may share the other's name
    assert made[XINFENG]["duty_name"] != made[DAYU]["duty_name"]
    return staff, made


PAGES = [  # (name, path of the bureau's own page; {own}/{other} fill in the world's ids)
    ("queue", "/h5/staff"),
    ("application", "/h5/staff/applications/{own[application]}"),
    ("consultation", "/h5/staff/consultations/{own[consultation]}"),
    ("duty", "/h5/staff/duty"),
    ("ops", "/h5/staff/ops"),
    ("stats", "/h5/staff/stats"),
    ("dashboard", "/h5/staff/dashboard"),
    ("commissions", "/h5/staff/commissions"),
    ("commission", "/h5/staff/commissions/{own[commission]}"),
    ("settlement", "/h5/staff/settlement"),
    ("roster-import", "/h5/staff/lawyers/import"),
    ("content", "/h5/staff/content"),
    ("templates", "/h5/staff/templates"),
    ("services", "/h5/staff/services"),
    ("venues", "/h5/staff/venues"),
    ("topics", "/h5/staff/topics"),
    ("topic", "/h5/staff/topics/{own[topic]}"),
    ("laws", "/h5/staff/laws"),
    ("videos", "/h5/staff/videos"),
    ("members", "/h5/staff/members"),
    ("privacy", "/h5/staff/privacy"),
    ("other-application", "/h5/staff/applications/{other[application]}"),
    ("other-consultation", "/h5/staff/consultations/{other[consultation]}"),
    ("other-commission", "/h5/staff/commissions/{other[commission]}"),
    ("other-topic", "/h5/staff/topics/{other[topic]}"),
]
OPEN_IDS = {"other-application": "application", "other-consultation": "consultation",
            "other-commission": "commission", "other-topic": "topic"}
DRIVEN_AS = {"{own[application]}": "{application_id}", "{own[consultation]}": "{consultation_id}",
             "{own[commission]}": "{commission_id}", "{own[topic]}": "{topic_id}"}


def test_the_isolation_pass_covers_every_staff_page():
    from app import app

    pages = {p for p in app.routes if p == "/h5/staff" or p.startswith("/h5/staff/")}
    driven = set()
    for _, path in PAGES:
        for mine, declared in DRIVEN_AS.items():
            path = path.replace(mine, declared)
        driven.add(path)
    assert pages <= driven, sorted(pages - driven)


def _seen(page):
    """What the page holds: its visible text and its HTML (ids in data attributes count too)."""
    return page.locator("body").inner_text() + "\n" + page.content()


@pytest.mark.parametrize("bureau", [XINFENG, DAYU])
def test_each_staff_page_names_its_own_bureau_and_nothing_of_the_other(world, bureau):
    staff, made = world
    person, own, other = staff[bureau], made[bureau], made[OTHER[bureau]]
    for name, template in PAGES:
        path = template.format(own=own, other=other)
        page = person.open(path)
        page.wait_for_load_state("networkidle")
        seen = _seen(page)
        # The page speaks for the signed-in staff member's bureau
        assert page.locator(".zst-footer__name").inner_text().strip() == f"{NAMES[bureau]} 主办", name
        # And holds nothing of the other bureau: an id the staff typed is only echoed as typed
        typed = other[OPEN_IDS[name]] if name in OPEN_IDS else None
        leaked = sorted(c for c in other["canaries"] if c != typed and c in seen)
        assert not leaked, (name, leaked)
        if typed:
            # The other bureau's item is as unknown as an id never issued
            page.get_by_text({"other-application": "没有找到该申请",
                              "other-consultation": "未找到该咨询",
                              "other-commission": "没有找到这项委托",
                              "other-topic": "没有这篇文章"}[name]).first.wait_for()
        # At a phone and at a desk nothing runs off the side (how wide a desk page is, is the
        # staff layout test's)
        for width in (staff_layout.PHONE, staff_layout.DESK):
            staff_layout.fits(page, width)
            person.shot(f"{SHORT[bureau]}-{name}-{width}")
        page.set_viewport_size({"width": staff_layout.PHONE, "height": 800})
    # The canaries are live: each bureau's own pages do show its own items
    page = person.open(f"/h5/staff/applications/{own['application']}")
    page.get_by_text(APPLICANT[bureau]).first.wait_for()
    page = person.open("/h5/staff/duty")
    page.get_by_text(own["duty_name"]).first.wait_for()
    page = person.open("/h5/staff/ops")
    page.locator(f"[data-notification='{own['parked'][0]}']").wait_for(state="attached")
    assert not person.errors, person.errors
