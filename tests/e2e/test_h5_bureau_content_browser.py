"""/h5/staff/content and /h5/notices, done when: in headless Chromium on the local stack, a 信丰 clerk
at a desk (1280 px) publishes a 办事指南 with two paragraphs, sees it on the list, and a citizen's
phone (375 px) finds it under 本局发布 and reads both paragraphs; withdrawn, it leaves the public
list. Screenshots under test-artifacts/bureau_content/."""
import secrets

import pytest

from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, missing_routes, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "bureau_content"
PHONE, DESK = 375, 1280


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bureau-content-stack")
    with running(folder / "stack.log", folder / "data") as local:
        if missing_routes(local.base, ("/api/staff/content",)):
            pytest.skip("the running app lacks bureau content")
        yield local


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_clerk_publishes_a_guide_and_a_citizen_reads_it(stack, browser):
    run = secrets.token_hex(3)
    title = f"法律援助申请办事指南（{run}）"
    clerk = Person(browser, stack.base, "staff", f"e2e-content-{run}")
    page = clerk.page
    page.set_viewport_size({"width": DESK, "height": 900})
    clerk.open("/h5/staff")
    # Given the clerk follows the console's link to the content page
    page.click("text=通知与指南")
    page.wait_for_selector("#content-form")
    # When they publish a guide
    page.select_option("#content-kind", "guide")
    page.fill("#content-title", title)
    page.fill("#content-body", "一、申请条件：经济困难的公民。\n\n二、所需材料：身份证明、经济困难状况说明。")
    page.click("#content-publish")
    page.wait_for_selector(f"text={title}")
    clerk.shot("01-desk-published")
    assert page.locator(".zst-content__withdraw").count() >= 1

    # Then a citizen's phone finds it under 本局发布 from the home page
    citizen = Person(browser, stack.base, "citizen", f"o-e2e-content-{run}")
    phone = citizen.page
    phone.set_viewport_size({"width": PHONE, "height": 800})
    citizen.open("/h5/")
    phone.click("#home-notices")
    phone.wait_for_selector(f"text={title}")
    citizen.shot("02-phone-list")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    phone.click(f"text={title}")
    phone.wait_for_selector("text=二、所需材料")
    citizen.shot("03-phone-item")

    # When the clerk withdraws it, it leaves the public list
    page.once("dialog", lambda dialog: dialog.accept())
    page.locator(f".zst-content__withdraw[data-title='{title}']").click()
    page.wait_for_selector("text=已撤回")
    citizen.open("/h5/notices")
    phone.wait_for_selector("#notices-list")
    assert title not in phone.inner_text("#notices-list")
    assert not clerk.errors and not citizen.errors, clerk.errors + citizen.errors
