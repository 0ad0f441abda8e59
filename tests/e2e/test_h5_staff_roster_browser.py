"""/h5/staff/lawyers/import, done when: in headless Chromium on the local stack, a 信丰 clerk chooses
a roster CSV (written as Chinese Excel saves it, GBK), previews it and sees each line's outcome —
new lawyers to be created, a bad licence number, a line with only 大余's county and a formula cell
refused, each by its line — then applies it and sees them created; the same file previewed again
changes nothing. Looked at on a phone (375 px) and a desk (1280 px); screenshots under
test-artifacts/staff_roster/.
"""
import secrets

import pytest

from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, missing_routes, running, status

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "staff_roster"
PHONE, DESK = 375, 1280


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff-roster-stack")
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_routes(local.base, ("/api/staff/lawyers/import",))
        if missing or status(local.base + "/h5/staff/lawyers/import")[0] != 401:
            pytest.skip("the running app lacks the roster import")
        yield local


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def roster(run):
    """Three new 信丰 lawyers (licence serials from `run`, so reruns on one stack stay new) and three
    lines to refuse."""
    serial = int(run, 16) % 9000
    licence = [f"136072019110{serial:04d}{n}" for n in range(3)]
    rows = [
        ("姓名", "执业证号", "律所", "服务县区", "专长", "手机"),
        ("欧阳明", licence[0], "江西信丰正道律师事务所", "信丰县、大余县", "劳动争议、婚姻家庭", "138 0797 1234"),
        ("黄丽", licence[1], "江西信丰正道律师事务所", "信丰", "交通事故", "+86 139-7070-0001"),
        ("钟伟", licence[2], "江西赣南律师事务所", "360722", "合同纠纷、民间借贷", ""),
        ("赖平", "3607201911", "江西赣南律师事务所", "信丰", "劳动争议", ""),
        ("刘大余", f"136072019110{serial:04d}7", "大余律师事务所", "大余县", "劳动争议", ""),
        ("=HYPERLINK(\"http://x\")", f"136072019110{serial:04d}8", "某所", "信丰", "劳动争议", ""),
    ]
    return ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("gb18030")


def test_a_clerk_previews_a_roster_then_imports_it(stack, browser):
    run = secrets.token_hex(3)
    clerk = Person(browser, stack.base, "staff", f"e2e-roster-{run}")
    page = clerk.page
    data = roster(run)

    # Given the clerk on the import page, on a phone
    page.set_viewport_size({"width": PHONE, "height": 800})
    clerk.open("/h5/staff/lawyers/import")
    page.wait_for_selector("#roster-form")
    clerk.shot("01-phone-empty")

    # When they choose the GBK CSV and preview it
    page.set_input_files("#roster-file", files=[{"name": "信丰律师名册.csv", "mimeType": "text/csv",
                                                  "buffer": data}])
    page.click("#roster-preview")
    page.wait_for_selector("#roster-result:not(.zst-hidden)")
    # Then every line is there with its outcome, nothing written yet
    summary = page.inner_text("#roster-summary")
    assert "将新建 3 名" in summary and "未导入 3 行" in summary, summary
    badges = page.locator(".zst-roster__badge").all_inner_texts()
    assert badges == ["新建", "新建", "新建", "未导入", "未导入", "未导入"], badges
    text = page.inner_text("#roster-lines")
    assert "第 5 行" in text and "17 位数字" in text
    assert "本局辖区" in text and "公式" in text
    assert page.is_visible("#roster-apply")
    clerk.shot("02-phone-preview")
    page.set_viewport_size({"width": DESK, "height": 900})
    clerk.shot("03-desk-preview")

    # When they apply it
    page.click("#roster-apply")
    page.wait_for_selector("#roster-result-title:has-text('导入结果')")
    assert "已新建 3 名" in page.inner_text("#roster-summary")
    assert page.is_hidden("#roster-apply-area")
    clerk.shot("04-desk-applied")

    # And the same file previewed again would change nothing
    page.click("#roster-preview")
    page.wait_for_selector("#roster-result-title:has-text('预览结果')")
    assert "将新建 0 名" in page.inner_text("#roster-summary")
    assert "无变化 3 名" in page.inner_text("#roster-summary")
    page.set_viewport_size({"width": PHONE, "height": 800})
    clerk.shot("05-phone-again")
    assert not clerk.errors, clerk.errors
