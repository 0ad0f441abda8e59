"""The 社区律师 column (issue 12) in headless Chromium on the local stack: an admin caps a subsidised
item in the bureau's catalogue at a desk (1280 px); a seeded 信丰 lawyer publishes items on a phone,
is told when a price is over the cap; a citizen finds the lawyer from the home page, filters the
directory by service and opens the profile, whose 委托此律师 button leads to the directed commission.
The lawyer also uploads a portrait (a small PNG) that the directory and profile show. No public page
carries a phone-shaped number or the lawyer's openid. Screenshots under test-artifacts/lawyer-directory/
(directory, filtered, profile at 375 px; the catalogue at 1280 px)."""
import contextlib
import re
import secrets
import struct
import zlib

import pytest

from seeds.lawyers import generate
from tests.e2e.stack import PHONE, ROOT, STEP, Stack, free_stack_port, missing_routes

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "lawyer-directory"
XINFENG = "360722"
DESK = {"viewport": {"width": 1280, "height": 800}, "is_mobile": False, "has_touch": False,
        "device_scale_factor": 1, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
PHONE_SHAPED = re.compile(r"(?<![0-9])1[3-9][0-9]{9}(?![0-9])")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("directory-stack")
    local = Stack(free_stack_port(), folder / "stack.log", folder / "data")
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(local.shut_down)
        local.wait_healthy()
        missing = missing_routes(local.base, ("/api/lawyers", "/api/lawyer/services"))
        if missing:
            pytest.skip("the running app lacks: " + ", ".join(missing))
        yield local.base


class Person:
    """One browser context, signed in through POST /dev/login (or not at all)."""

    def __init__(self, browser, base, role=None, who=None, device=PHONE):
        self.base = base
        self.context = browser.new_context(**device)
        self.context.set_default_timeout(STEP)
        if role:
            response = self.context.request.post(f"{base}/dev/login", data={"role": role, "id": who})
            assert response.ok, response.text()
        self.page = self.context.new_page()
        self.errors = []
        self.context.on("weberror", lambda error: self.errors.append(str(error.error)))
        self.context.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                        and "Failed to load resource" not in m.text else None)

    def open(self, path):
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def portrait_png(size=96):
    """A small real PNG (a green disc on white) that a browser draws."""
    rows = b""
    for y in range(size):
        row = bytearray([0])
        for x in range(size):
            inside = (x - size / 2) ** 2 + (y - size / 2) ** 2 < (size * 0.4) ** 2
            row += bytes((7, 193, 96) if inside else (255, 255, 255))
        rows += bytes(row)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def signed_links_out(body):
    """The page's text without the query strings of presigned portrait links (signatures are
    random hex that could look like a phone number)."""
    return re.sub(r"(lawyer-photos/[^?\"\s]*)\?[^\"\s<]*", r"\1", body)


def drawn(page, selector):
    """Whether the image at `selector` has loaded and has pixels."""
    return page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 0")


def xinfeng_lawyer():
    return next(l for l in generate(300) if l["county"] == XINFENG and "labor" in l["specialties"])


def test_a_capped_catalogue_a_lawyers_items_and_a_citizen_choosing_that_lawyer(stack, browser):
    lawyer = xinfeng_lawyer()
    run = secrets.token_hex(3)
    # Given an admin of 信丰 at a desk who caps 文书代写 at 500 yuan
    admin = Person(browser, stack, "staff", f"e2e-directory-{run}", device=DESK)
    page = admin.open("/h5/staff/services")
    row = page.locator("tr[data-code='document']")
    row.locator(".zst-catalogue__cap").fill("500")
    page.locator(".zst-catalogue__row_new .zst-catalogue__name").fill("合同审查")
    with page.expect_navigation():  # saved: the page reloads with what the table now holds
        page.click("#catalogue-save")
    page.wait_for_selector("tr[data-code^='x'] .zst-catalogue__name")
    assert page.locator("tr[data-code='document'] .zst-catalogue__cap").input_value() == "500"
    # (an input's size at a desk: a name field wide enough to read, a control tall enough to hit)
    assert page.locator("tr[data-code='document'] .zst-catalogue__name").bounding_box()["width"] >= 300
    admin.shot("catalogue-1280")
    # and a blank name is refused in words next to the table, nothing saved
    page.locator("tr[data-code='document'] .zst-catalogue__name").fill(" ")
    page.click("#catalogue-save")
    page.wait_for_selector("#catalogue-error:not(.zst-hidden)")
    assert "名称" in page.inner_text("#catalogue-error")
    assert page.locator("tr[data-code='document'] .zst-catalogue__name[aria-invalid='true']").count() == 1
    admin.shot("catalogue-error-1280")
    assert admin.errors == []

    # When the lawyer, on a phone, asks 800 yuan for the capped item
    me = Person(browser, stack, "lawyer", lawyer["openid"])
    page = me.open("/h5/lawyer")
    page.click("#lawyer-services")
    page.wait_for_selector("#services-form")
    document = page.locator("#offer-document")
    document.locator(".zst-offer-edit__on").check()
    document.locator(".zst-offer-edit__min").fill("200")
    document.locator(".zst-offer-edit__max").fill("800")
    document.locator(".zst-offer-edit__includes").fill("代写起诉状、答辩状各一份，含一次修改")
    page.click("#services-save")
    # Then the page says the cap inside that item, outlined, and nothing is published
    note = page.wait_for_selector("#offer-document.zst-offer-edit_error .zst-offer-edit__error")
    assert "500" in note.inner_text()
    # (the items not offered stay folded; 面议 greys the price out)
    assert not page.locator("#offer-mediation .zst-offer-edit__includes").is_visible()
    me.shot("lawyer-services-over-cap")
    # When they keep within it and add labor arbitration at 面议
    document.locator(".zst-offer-edit__max").fill("500")
    labor = page.locator("#offer-labor_arbitration")
    labor.locator(".zst-offer-edit__on").check()
    labor.locator("input[value='negotiable']").check()
    assert labor.locator(".zst-offer-edit__min").is_disabled()
    labor.locator(".zst-offer-edit__includes").fill("代理劳动仲裁至裁决，含证据整理与开庭")
    with page.expect_navigation():
        page.click("#services-save")
    page.wait_for_selector("#offer-document .zst-offer-edit__on:checked")
    assert page.locator("#services-hidden").count() == 0
    me.shot("lawyer-services")
    # When they upload a portrait (a PNG) from the same page
    assert page.locator("#portrait-initial").count() == 1
    with page.expect_navigation():  # confirmed: the page reloads with the photo
        page.set_input_files("#portrait-file", files=[{"name": "me.png", "mimeType": "image/png",
                                                       "buffer": portrait_png()}])
    page.wait_for_selector("#portrait-img")
    assert drawn(page, "#portrait-img")
    me.shot("lawyer-portrait-375")
    # and a PDF instead of a photo is refused in words, the photo kept
    page.set_input_files("#portrait-file", files=[{"name": "cv.pdf", "mimeType": "application/pdf",
                                                   "buffer": b"%PDF-1.4\n" + b"0" * 200}])
    page.wait_for_selector("#portrait-error:not(.zst-hidden)")
    assert "JPG" in page.inner_text("#portrait-error") and drawn(page, "#portrait-img")
    me.shot("lawyer-portrait-refused-375")
    assert me.errors == []

    # A citizen finds 社区律师 on the home page
    citizen = Person(browser, stack)
    page = citizen.open(f"/h5?bureau={XINFENG}")
    page.click("#home-lawyers")
    page.wait_for_selector("#lawyers-list")
    assert page.locator("#lawyers-list .zst-lawyer").count() >= 10
    citizen.shot("directory-375")
    # filters by 文书代写 and finds the lawyer, with the price
    page.select_option("#filter-service", "document")
    page.click("#filter-go")
    page.wait_for_selector(f"#lawyers-list [data-lawyer='{lawyer['lawyer_id']}']")
    assert page.locator("#lawyers-list .zst-lawyer").count() == 1
    assert "200–500 元" in page.inner_text("#lawyers-list")
    assert page.locator("#filter-service").input_value() == "document"
    citizen.shot("directory-filtered-375")
    # opens the profile: services with what they include, the verified badge, and the button
    page.click(f"[data-lawyer='{lawyer['lawyer_id']}']")
    page.wait_for_selector("#lawyer-profile")
    text = page.inner_text("main")
    assert lawyer["name"] in text and "已认证" in text and "面议" in text and "补贴项目 · 限价 500 元" in text
    button = page.locator("#profile-commission")
    assert button.get_attribute("href").endswith(f"/h5/commissions/new?lawyer={lawyer['lawyer_id']}")
    assert button.bounding_box()["height"] >= 40
    # with the lawyer's portrait, through a short-lived link that names neither openid nor phone
    photo = page.locator("#lawyer-profile img.zst-lawyer__photo")
    assert drawn(page, "#lawyer-profile img.zst-lawyer__photo")
    assert "Expires=" in photo.get_attribute("src") and lawyer["openid"] not in photo.get_attribute("src")
    citizen.shot("profile-375")
    # No page fits wider than the phone, and none carries a phone number or an openid
    for path in ("/h5/lawyers", "/h5/lawyers?service=document", f"/h5/lawyers/{lawyer['lawyer_id']}",
                 "/api/lawyers", f"/api/lawyers/{lawyer['lawyer_id']}"):
        body = signed_links_out(citizen.context.request.get(stack + path).text())
        assert lawyer["openid"] not in body and "openid" not in body, path
        assert not PHONE_SHAPED.search(body), path
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert citizen.errors == []
    # A signed-in citizen's 委托此律师 opens the commission form directed to that lawyer
    signed = Person(browser, stack, "citizen", f"o-e2e-directory-{run}")
    page = signed.open(f"/h5/lawyers/{lawyer['lawyer_id']}?bureau={XINFENG}")
    page.click("#profile-commission")
    page.wait_for_selector("#new-lawyer")
    assert lawyer["name"] in page.inner_text("#new-lawyer")
    signed.shot("commission-form-375")
    assert signed.errors == []
