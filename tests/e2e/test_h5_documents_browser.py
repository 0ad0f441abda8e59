"""Templates that become documents (issue 13), done when: in headless Chromium on a 375 px phone, on
the local stack, a citizen who never signed in opens a 借条 from the templates list, is told beside
each element what is missing or wrong (money checked as typed), fills it in with the choice buttons
and downloads the DOCX, which reads back with every value; a signed-in citizen opens the labour
complaint from her consultation and finds it pre-filled, while another citizen opening the same link
gets nothing of it; the legal-aid service page links its application form; the bureau's admin
uploads its own DOCX template at a desk, and a citizen finds it by category and search and fills it
in. Screenshots of each step are kept under test-artifacts/documents/.

The stack is `python -m local.run` on a free PORT with its data in .local/e2e-documents and only the
datasets these pages read (categories, regions, bureaus, the service catalogue).
"""
import io
import re
import secrets

import docx
import pytest

from tests.e2e.stack import PHONE, ROOT, STEP, missing_routes, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

DATA_DIR = ROOT / ".local" / "e2e-documents"
ARTIFACTS = ROOT / "test-artifacts" / "documents"
SEED_ARGS = "--only categories,regions,bureaus,catalog"  # staff sign in through /dev/login
ROUTES_NEEDED = ("/api/templates/{slug}", "/api/templates/{slug}/document", "/api/templates/{slug}/prefill",
                 "/api/consultations", "/api/staff/templates", "/api/bureaus/{code}/templates")
QUESTION = "公司拖欠我三个月工资一共九千元，还把我辞退了，我该怎么要回工资？"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running(tmp_path_factory.mktemp("documents-stack") / "stack.log", DATA_DIR,
                 seed_args=SEED_ARGS) as local:
        missing = missing_routes(local.base, ROUTES_NEEDED)
        if missing:
            pytest.skip("app.py must register chalicelib.routes.documents: " + ", ".join(missing))
        yield local.base


class Phone:
    """A 375 px phone, signed in as `citizen` through POST /dev/login when one is given; any script
    error fails the test (a refused request, the 422 we provoke, is only a failed load)."""

    def __init__(self, browser, base, citizen=None):
        self.base = base
        self.context = browser.new_context(**PHONE, accept_downloads=True)
        self.context.set_default_timeout(STEP)
        if citizen:
            response = self.context.request.post(f"{base}/dev/login", data={"role": "citizen", "id": citizen})
            assert response.ok, response.text()
        self.page = self.context.new_page()
        self.errors = []
        self.context.on("weberror", lambda error: self.errors.append(str(error.error)))
        self.context.on("console", lambda m: self.errors.append(m.text)
                        if m.type == "error" and "Failed to load resource" not in m.text else None)

    def shot(self, name, full=True):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)

    def close(self):
        self.context.close()
        assert self.errors == []


@pytest.fixture
def phones(browser, stack):
    opened = []

    def open_phone(citizen=None):
        opened.append(Phone(browser, stack, citizen))
        return opened[-1]
    yield open_phone
    for phone in opened:
        phone.close()


def error_of(page, name):
    return page.locator(f"#error-{name}")


def test_a_citizen_fills_an_iou_sees_each_mistake_beside_it_and_downloads_the_docx(stack, phones):
    phone = phones()
    page = phone.page
    # Given the templates list, which now holds the platform's forms and everyday documents
    page.goto(stack + "/h5/templates")
    assert page.locator(".zst-lib-law__title", has_text="民间借贷").count() >= 1
    page.locator("a", has_text="借条").first.click()
    page.wait_for_url(re.compile(r"/h5/templates/iou_loan$"))
    assert page.locator("h1").inner_text() == "借条"
    phone.shot("01-iou-form", full=False)

    # When they type an amount in words and send the form without the rest
    page.fill("#field-amount", "五万元")
    page.click("#doc-make")
    # Then each missing or wrong element says so beside it, and a summary names them
    assert error_of(page, "amount").inner_text().startswith("请填写金额（元）")
    assert error_of(page, "lender_name").inner_text() == "必填"
    assert error_of(page, "paid_by").inner_text() == "必填"
    assert page.locator("#doc-errors").inner_text().startswith("有 7 项需要补充或更正")
    box = page.locator("#field-amount").bounding_box()
    assert box["height"] >= 40 and box["width"] >= 250  # an input a thumb can use at 375 px
    phone.shot("02-iou-errors")

    # When they correct everything, choosing 银行转账 with its button
    page.fill("#field-lender_name", "王五")
    page.fill("#field-amount", "50,000")
    page.click('#cell-paid_by .doc-choice[data-value="银行转账"]')
    page.fill("#field-due_on", "2027-06-30")
    page.fill("#field-purpose", "装修房屋")
    page.fill("#field-borrower_name", "赵六")
    page.fill("#field-borrower_id_number", "360722199001011238")
    page.fill("#field-borrower_phone", "138 0013 8000")
    page.fill("#field-signed_on", "2026-12-02")
    page.locator("#field-signed_on").blur()
    assert page.locator('#cell-paid_by .doc-choice[aria-checked="true"]').inner_text() == "银行转账"
    assert not error_of(page, "amount").is_visible()
    assert not page.locator("#doc-errors").is_visible()  # the summary went with the last mistake
    phone.shot("03-iou-filled")

    # When the server still refuses an element (as it would a value the page could not check),
    # its 422 is shown beside that field too
    refusal = ('{"error":{"code":"invalid_values","message":"有 1 项需要补充或更正：借款金额","details":'
               '[{"field":"amount","label":"借款金额","message":"金额过大，请核对"}]}}')
    page.route("**/api/templates/iou_loan/document", lambda route: route.fulfill(
        status=422, content_type="application/json; charset=utf-8", body=refusal))
    page.click("#doc-make")
    page.locator("#error-amount", has_text="金额过大，请核对").wait_for()
    assert page.locator("#doc-errors").inner_text().startswith("有 1 项需要补充或更正：借款金额")
    phone.shot("03b-iou-server-refused", full=False)
    page.unroute("**/api/templates/iou_loan/document")
    page.fill("#field-amount", "50000")
    with page.expect_download() as waiting:
        page.click("#doc-make")
    download = waiting.value
    # Then a DOCX named 借条.docx arrives, and every value reads back out of it
    assert download.suggested_filename == "借条.docx"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    download.save_as(str(ARTIFACTS / "借条.docx"))
    document = docx.Document(io.BytesIO((ARTIFACTS / "借条.docx").read_bytes()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert document.paragraphs[0].text == "借条"
    for said in ("今借到出借人王五", "人民币50,000.00 元（人民币伍万元整）", "银行转账", "装修房屋", "2027年6月30日",
                 "借款人（签字并按手印）：赵六", "公民身份号码：360722199001011238", "联系电话：13800138000",
                 "日期：2026年12月2日"):
        assert said in text
    page.locator("#doc-done").wait_for()
    assert "已生成《借条.docx》" in page.locator("#doc-done").inner_text()
    phone.shot("04-iou-downloaded", full=False)


def test_a_consultation_prefills_the_complaint_for_its_citizen_only(stack, phones):
    # Given Alice asked about unpaid wages (a new citizen each run: the stack's data outlives it)
    run = secrets.token_hex(3)
    alice = phones(f"o-e2e-docs-alice-{run}")
    asked = alice.context.request.post(f"{stack}/api/consultations",
                                       data={"category": "labor", "question": QUESTION})
    assert asked.status == 201, asked.text()
    consultation = asked.json()["id"]
    # When she opens the labour complaint from her consultation's page
    alice.page.goto(f"{stack}/h5/consultations/{consultation}")
    link = alice.page.locator('[data-documents-for="labor"] a', has_text="民事起诉状（劳动争议纠纷）")
    link.wait_for()
    assert not alice.page.locator('[data-documents-for="marriage_family"]').is_visible()  # its own category only
    alice.shot("05a-consultation-links", full=False)
    link.click()
    alice.page.wait_for_url(re.compile(rf"/h5/templates/labor\?consultation={consultation}$"))
    alice.page.locator("#doc-prefill").wait_for()
    # Then her question is the facts and her county the address, and she is told to check them
    assert re.match(r"已根据您的咨询填好 \d+ 项，请核对。", alice.page.locator("#doc-prefill").inner_text())
    assert alice.page.input_value("#field-fact_text") == QUESTION
    assert alice.page.input_value("#field-plaintiff_address").endswith("信丰县")
    alice.shot("05-complaint-prefilled", full=False)

    # But Mallory, opening the same link, gets nothing of it
    mallory = phones(f"o-e2e-docs-mallory-{run}")
    mallory.page.goto(f"{stack}/h5/templates/labor?consultation={consultation}")
    mallory.page.locator("#doc-prefill").wait_for()
    assert mallory.page.locator("#doc-prefill").inner_text() == "没有找到该咨询，未能自动填写，请直接填写。"
    assert mallory.page.input_value("#field-fact_text") == ""
    assert QUESTION not in mallory.page.content()
    mallory.shot("06-not-yours", full=False)


def test_the_legal_aid_service_links_its_application_form(stack, phones):
    phone = phones()
    phone.page.goto(stack + "/h5/services/legal_aid")
    phone.page.locator("a", has_text="《法律援助申请表》").click()
    phone.page.wait_for_url(re.compile(r"/h5/templates/legal_aid_application$"))
    assert phone.page.locator('#cell-matter_category .doc-choice').count() == 9
    phone.shot("07-legal-aid-form")


DESK = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


def test_staff_upload_a_bureau_template_that_a_citizen_finds_by_category_and_fills_in(stack, browser, phones,
                                                                                     tmp_path):
    run = secrets.token_hex(3)
    title = f"还款承诺书{run}"
    # Given a DOCX written in Word with {{placeholders}}, one of them split over runs as Word does
    made = docx.Document()
    made.add_paragraph("还款承诺书")
    promise = made.add_paragraph("本人")
    for part in ("{{deb", "tor}}"):
        promise.add_run(part)
    promise.add_run("承诺于{{due_on}}前归还欠款{{amount}}。")
    path = tmp_path / "还款承诺书.docx"
    made.save(str(path))
    # When the bureau's admin uploads it at a desk with its field list
    desk = browser.new_context(**DESK)
    desk.set_default_timeout(STEP)
    assert desk.request.post(f"{stack}/dev/login", data={"role": "staff", "id": f"e2e-docs-admin-{run}"}).ok
    page = desk.new_page()
    page.goto(stack + "/h5/staff/templates")
    page.fill("#tpl-title", title)
    page.select_option("#tpl-category", "民间借贷")
    page.set_input_files("#tpl-file", str(path))
    page.fill("#tpl-fields", "debtor|欠款人|text|必填\namount|欠款金额|money|必填")
    page.click("#tpl-upload")
    # Then the difference between the template and the list is named: {{due_on}} has no field
    page.locator("#tpl-error", has_text="due_on").wait_for()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "08-staff-upload-refused.png"), full_page=True)
    page.fill("#tpl-fields", "debtor|欠款人|text|必填\ndue_on|还款日期|date|必填\namount|欠款金额|money|必填")
    page.click("#tpl-upload")
    page.locator("#tpl-list a", has_text=title).wait_for()
    page.screenshot(path=str(ARTIFACTS / "09-staff-uploaded.png"), full_page=True)
    desk.close()

    # When a citizen opens the bureau's catalogue, picks 民间借贷 and searches the title
    phone = phones()
    phone.page.goto(stack + "/h5/bureau-templates")
    chip = phone.page.locator(".doc-steps a", has_text="民间借贷")
    assert int(chip.inner_text().split()[-1]) >= 1  # the count beside the category
    chip.click()
    phone.page.fill("#bt-q", run)
    phone.page.click(".zst-lib-search__btn")
    phone.page.locator("#bt-list a", has_text=title).wait_for()
    assert phone.page.locator("#bt-list a").count() == 1
    phone.shot("10-bureau-catalogue", full=False)
    phone.page.locator("#bt-list a", has_text=title).click()
    # Then its form fills into the bureau's DOCX
    phone.page.fill("#field-debtor", "孙七")
    phone.page.fill("#field-due_on", "2027-03-01")
    phone.page.fill("#field-amount", "8000")
    phone.shot("11-bureau-form", full=False)
    with phone.page.expect_download() as waiting:
        phone.page.click("#doc-make")
    assert waiting.value.suggested_filename == f"{title}.docx"
    filled = docx.Document(waiting.value.path())
    assert filled.paragraphs[1].text == "本人孙七承诺于2027年3月1日前归还欠款8,000.00 元（人民币捌仟元整）。"
