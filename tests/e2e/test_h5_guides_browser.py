"""诉讼指引, the fee calculator and 热点普法 (issue 13), done when: in headless Chromium on the local
stack, a citizen's phone (375 px) is refused a claim that is not money, then reads the fee of a
15万 claim (3,300 元) with its breakdown by bracket; reads the labour guide with 信丰's arbitration
commission and the statute of its one-year deadline; a clerk at a desk (1280 px) writes a hot topic in
Markdown (a hostile line included), previews it, publishes it, and the phone reads it rendered, the
hostile line as text. Screenshots under test-artifacts/guides/."""
import secrets

import pytest

from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, missing_routes, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "guides"
PHONE, DESK = 375, 1280


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("guides-stack")
    with running(folder / "stack.log", folder / "data") as local:
        if missing_routes(local.base, ("/api/fees", "/api/staff/topics")):
            pytest.skip("the running app lacks the guides")
        yield local


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_citizen_computes_a_fee_and_reads_a_guide(stack, browser):
    citizen = Person(browser, stack.base, "citizen", f"o-e2e-guides-{secrets.token_hex(3)}")
    phone = citizen.page
    phone.set_viewport_size({"width": PHONE, "height": 800})
    # Given the citizen opens 诉讼指引 from the home page, then the calculator
    citizen.open("/h5/")
    phone.click("#home-guides")
    phone.wait_for_selector("#guides-list")
    citizen.shot("01-phone-guides")
    phone.click("#guides-fees")
    phone.wait_for_selector("#fee-form")
    # When they type something that is not money, they are told so and no result shows
    phone.fill("#fee-amount", "十五万")
    phone.click("#fee-go")
    phone.wait_for_selector("#fee-error:not(.zst-hidden)")
    assert "金额须为数字" in phone.inner_text("#fee-error")
    assert phone.locator("#fee-result.zst-hidden").count() == 1
    citizen.shot("02-phone-fee-refused")
    # When they type 150,000
    phone.fill("#fee-amount", "150,000")
    phone.click("#fee-go")
    phone.wait_for_selector("#fee-result:not(.zst-hidden)")
    # Then the fee is 3,300 元 with three brackets and the article it follows
    assert phone.inner_text("#fee-total") == "3,300 元"
    rows = phone.locator("#fee-brackets tbody tr")
    assert rows.count() == 3 and "2,250" in rows.nth(1).inner_text()
    assert "第十三条" in phone.inner_text("#fee-basis")
    height = phone.evaluate("getComputedStyle(document.querySelector('#fee-amount')).height")
    assert float(height.rstrip("px")) >= 40  # a usable input on a phone
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    citizen.shot("03-phone-fee-result")
    # And the labour guide names 信丰's arbitration commission and the one-year deadline's statute
    citizen.open("/h5/guides/labour")
    phone.wait_for_selector("#guide-venues")
    assert "信丰县劳动人事争议仲裁委员会" in phone.inner_text("#guide-venues")
    assert "第二十七条" in phone.inner_text("#guide-deadlines")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    citizen.shot("04-phone-guide-labour")
    assert not citizen.errors, citizen.errors


def test_a_clerk_writes_previews_and_publishes_a_hot_topic_the_phone_reads(stack, browser):
    run = secrets.token_hex(3)
    title = f"国家宪法日：宪法与你我同行（{run}）"
    clerk = Person(browser, stack.base, "staff", f"e2e-topics-{run}")
    page = clerk.page
    page.set_viewport_size({"width": DESK, "height": 900})
    clerk.open("/h5/staff")
    page.click("text=热点普法")
    page.wait_for_selector("#topic-new")
    # Given a draft
    page.fill("#topic-new-title-input", title)
    page.fill("#topic-new-body", "# 宪法是根本法\n\n每年**12月4日**是国家宪法日。")
    page.click("#topic-create")
    page.wait_for_selector("#topic-editor")
    # When the clerk ties it to 国家宪法日 and a law, writes more (a hostile line too) and previews
    page.select_option("#topic-day", "12-04")
    page.click("#topic-law-add")
    page.select_option(".zst-topic-law__law", "constitution")
    page.fill(".zst-topic-law__article", "33")
    page.fill("#topic-body", "# 宪法是根本法\n\n每年**12月4日**是国家宪法日。\n\n- 尊崇宪法\n- 学习宪法\n\n"
                             "<script>alert('x')</script>\n\n详见[宪法第三十三条](/h5/laws/constitution#art-33)。")
    page.click("#topic-preview")
    page.wait_for_selector("#topic-preview-box li")
    assert "<script>alert('x')</script>" in page.inner_text("#topic-preview-box")
    with page.expect_navigation():  # saved, the editor reloads at the new version
        page.click("#topic-save")
    page.wait_for_selector("#topic-publish")
    assert "修改" in page.inner_text("#topic-history")
    clerk.shot("05-desk-topic-editing")
    # And publishes it
    page.click("#topic-publish")
    page.wait_for_selector("#topic-unpublish")
    assert "已发布" in page.inner_text("#topic-state")
    assert "发布" in page.inner_text("#topic-history")
    clerk.shot("06-desk-topic-published")
    # And the venues the guides show are the clerk's to correct (the seed is marked to verify)
    clerk.open("/h5/staff/venues")
    page.wait_for_selector("#venues-form")
    page.locator(".zst-venue__address").first.fill("信丰县嘉定镇（e2e 核实后的地址）")
    page.locator(".zst-venue__check").first.check()
    with page.expect_navigation():
        page.click("#venues-save")
    page.wait_for_selector("text=第 1 版")
    clerk.shot("08-desk-venues")

    # Then a citizen's phone finds it under 热点普法 and reads it rendered, the script as text
    citizen = Person(browser, stack.base, "citizen", f"o-e2e-topics-{run}")
    phone = citizen.page
    phone.set_viewport_size({"width": PHONE, "height": 800})
    citizen.open("/h5/")
    phone.click("#home-topics")
    phone.click(f"text={title}")
    phone.wait_for_selector("#topic-body h2")
    assert "<script>alert('x')</script>" in phone.inner_text("#topic-body")
    assert phone.locator("#topic-body script").count() == 0
    assert "《宪法》第三十三条" in phone.inner_text("#topic-laws")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    citizen.shot("07-phone-topic")
    assert not clerk.errors and not citizen.errors, clerk.errors + citizen.errors
