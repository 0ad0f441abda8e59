"""The duty roster page in headless Chromium on a phone-sized screen, on the local stack: staff open
/h5/staff/duty, find the week staffed by the local stage's seeded roster, see the shift on now marked
and warned about once it is emptied, put two
seeded 信丰 lawyers on the current shift through the searchable picker, are refused a third beside
the shift, save, and find them there after a reload — with firm, stars and this hour's load — and in
the roster route; then copy the shift to the rest of the week. Screenshots under test-artifacts/staff-duty/ (phone, then desk width).

The stack is `python -m local.run` as `make run` starts it, on a free PORT, in a fresh data folder
with a small lawyer pool (the hand-named 信丰 lawyers come first in it).
"""
import secrets

import pytest

from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, running, status, missing_routes

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "staff-duty"
ROUTES_NEEDED = ("/api/staff/duty", "/api/staff/duty/{day}/{shift}", "/api/staff/lawyers")
PICKED = ("曾晓燕", "黄志强")  # seeds/xinfeng.json: 信丰 lawyers with WeChat accounts
THIRD = "刘建华"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("duty-stack")
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_routes(local.base, ROUTES_NEEDED)
        if missing or status(local.base + "/h5/staff/duty")[0] not in (200, 401):
            pytest.skip("the running app lacks the duty roster page or routes: " + ", ".join(missing))
        yield local.base


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def pick(page, name):
    page.fill("#duty-search", name)
    page.click(f".zst-duty-pick:has-text('{name}')")


def test_staff_put_two_xinfeng_lawyers_on_the_current_shift_and_find_them_saved(stack, browser):
    staff = Person(browser, stack, "staff", f"e2e-duty-{secrets.token_hex(3)}")
    page = staff.open("/h5/staff/duty")

    # Given the local stage's seeded roster: every shift of the week is staffed, none warned about
    current = page.wait_for_selector(".zst-duty-day_today .zst-duty-shift_current .zst-duty-lawyer >> nth=1")
    assert page.locator(".zst-duty-day").count() == 7
    assert "无人值班" not in page.inner_text("body")
    staff.shot("01-week-seeded")
    current = page.wait_for_selector(".zst-duty-day_today .zst-duty-shift_current")
    card_id = current.get_attribute("id")
    today = current.get_attribute("data-date")
    number = int(current.get_attribute("data-shift"))
    # And when the shift on now has nobody (staff cleared it), it is marked and warned about
    cleared = staff.context.request.put(f"{stack}/api/staff/duty/{today}/{number}",
                                        data={"lawyer_ids": []})
    assert cleared.ok, cleared.text()
    page.reload()
    current = page.wait_for_selector(f"#{card_id}")
    assert "无人值班：新问题只推送给律师库" in current.inner_text()
    staff.shot("01-shift-empty")

    # When staff open the current shift's editor and pick two 信丰 lawyers by name
    page.click(f"#{card_id} .zst-duty-edit")
    page.wait_for_selector(f"#{card_id} #duty-editor .zst-duty-pick")
    for name in PICKED:
        pick(page, name)
    # Then the firm and stars show in the list, and a third pick is refused beside the shift
    page.fill("#duty-search", THIRD)
    assert "江西桃江律师事务所（信丰）" in page.inner_text("#duty-candidates")
    assert "★4.8" in page.inner_text("#duty-candidates")
    page.click(f".zst-duty-pick:has-text('{THIRD}')")
    page.wait_for_selector(f"#{card_id} #duty-error:not(.zst-hidden)")
    assert "每个班次最多安排 2 名值班律师" in page.inner_text("#duty-error")
    assert page.locator("#duty-chosen .zst-duty-chip > span").all_inner_texts() == list(PICKED)
    staff.shot("02-editor")

    # When they save
    page.click("#duty-save")
    # Then the shift names both, with this hour's load, and no longer warns
    page.wait_for_selector(f"#{card_id} .zst-duty-lawyer >> nth=1")
    text = page.inner_text(f"#{card_id}")
    assert all(name in text for name in PICKED) and "无人值班" not in text
    assert text.count("本小时已接 0/6") == 2 and "★4.6" in text
    # And after a reload they are still there, and the roster route agrees
    page.reload()
    saved = page.wait_for_selector(f"#{card_id} .zst-duty-lawyer >> nth=1")
    assert saved and all(name in page.inner_text(f"#{card_id}") for name in PICKED)
    roster = staff.context.request.get(f"{stack}/api/staff/duty?date={today}").json()
    assert [lawyer["name"] for lawyer in roster["shifts"][number]["lawyers"]] == list(PICKED)
    staff.shot("03-saved-phone")

    # When they copy the shift to the rest of the week (confirming the replacement)
    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#{card_id} .zst-duty-copy")
    # Then the same shift of the week's last day names both too
    last = page.locator(".zst-duty-day").nth(6).get_attribute("data-date")
    for name in PICKED:  # the seeded roster had two others there: wait for these two
        page.wait_for_selector(f"#shift-{last}-{number} .zst-duty-lawyer:has-text('{name}')")
    assert all(name in page.inner_text(f"#shift-{last}-{number}") for name in PICKED)
    page.set_viewport_size({"width": 1280, "height": 900})
    staff.shot("04-saved-desk")
    assert staff.errors == []
