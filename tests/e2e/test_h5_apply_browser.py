"""Issue 5, done when: in headless Chromium on a phone-sized screen, on the local stack, a citizen
fills the legal-aid form, uploads a photo and a PDF straight to the bucket with the progress bar
(and retries a failed upload), is told everything still missing, submits; staff request a
supplement; the citizen uploads it and resubmits; staff accept and schedule; the citizen sees the
appointment. A screenshot of each step is kept under test-artifacts/h5-apply/.

The stack is `python -m local.run` as `make run` starts it (DynamoDB Local, SeaweedFS enforcing the
presigned POST policy, the app under `chalice local`) on a free PORT, with its data in .local/e2e-h5
and a small lawyer pool (only the first run loads the seeds).
"""
import base64
import re
import secrets
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.applications.formats import id_check_code
from chalicelib.applications.workcal import year_files
from chalicelib.humantime import visit_text
from chalicelib.workdays import WorkCalendar, china_date
from local.layout import plan_ports
from tests.e2e.stack import PHONE, ROOT, STEP, running, status, missing_routes

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

DATA_DIR = ROOT / ".local" / "e2e-h5"
ARTIFACTS = ROOT / "test-artifacts" / "h5-apply"
ROUTES_NEEDED = ("/api/applications", "/api/applications/{application_id}",
                 "/api/applications/{application_id}/uploads",
                 "/api/applications/{application_id}/uploads/{upload_id}/confirm",
                 "/api/applications/{application_id}/submit", "/api/staff/applications",
                 "/api/staff/applications/{application_id}",
                 "/api/staff/applications/{application_id}/decision", "/api/staff/appointment-slots")
PAGES_NEEDED = ("/h5/", "/h5/services", "/static/js/api.js")


def missing_backend(base):
    """What the running app lacks of the backend this scenario drives ([] when it is all there)."""
    missing = missing_routes(base, ROUTES_NEEDED)
    missing += [path for path in PAGES_NEEDED if status(base + path)[0] != 200]
    return missing


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running(tmp_path_factory.mktemp("h5-stack") / "stack.log", DATA_DIR) as local:
        missing = missing_backend(local.base)
        if missing:
            pytest.skip("backend routes missing from the app (app.py must register "
                        "chalicelib.routes.applications, staff_applications and pages): "
                        + ", ".join(missing))
        yield local.base, plan_ports(local.port)


class Person:
    """One phone: a browser context signed in through POST /dev/login (which sets the cookie)."""

    def __init__(self, browser, base, role, who):
        self.base = base
        self.context = browser.new_context(**PHONE)
        self.context.set_default_timeout(STEP)
        response = self.context.request.post(f"{base}/dev/login", data={"role": role, "id": who})
        assert response.ok, response.text()
        self.page = self.context.new_page()
        self.errors = []
        self.context.on("weberror", lambda error: self.errors.append(str(error.error)))
        self.context.on("console", self._console)

    def _console(self, message):
        # A refused request (the 422 listing what is missing, the upload we cut off) is logged by
        # the browser as a failed load; anything else — a CSP refusal, a script error — is a bug.
        if message.type == "error" and "Failed to load resource" not in message.text:
            self.errors.append(message.text)

    def open(self, path):
        self.page.goto(self.base + path)
        return self.page

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def id_number():
    body = "36072219900307123"
    return body + id_check_code(body)


def photo(page, caption, padding):
    """A real JPEG drawn by the browser, padded after its end marker to `padding` bytes so the
    upload takes long enough to watch (viewers ignore bytes after EOI)."""
    data_url = page.evaluate("""(caption) => {
        const c = document.createElement('canvas'); c.width = 640; c.height = 400;
        const g = c.getContext('2d');
        g.fillStyle = '#dfe9f3'; g.fillRect(0, 0, 640, 400);
        g.fillStyle = '#1d3557'; g.font = '40px sans-serif'; g.fillText(caption, 40, 200);
        return c.toDataURL('image/jpeg', 0.9); }""", caption)
    jpeg = base64.b64decode(data_url.split(",", 1)[1])
    return jpeg + b"\0" * max(0, padding - len(jpeg))


def pdf(text):
    """A one-page PDF with a correct cross-reference table."""
    stream = f"BT /F1 24 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def upload(page, material, name, mime, data):
    page.set_input_files(f"#material-{material} input[type=file]",
                         files=[{"name": name, "mimeType": mime, "buffer": data}])


def uploaded(page, material):
    page.wait_for_selector(f"#material-{material} .zst-material__status_ok", timeout=STEP * 2)
    assert "已上传" in page.inner_text(f"#material-{material} .zst-material__status")


def next_workday():
    calendar = WorkCalendar(year_files(), [])
    day = china_date(datetime.now(timezone.utc)) + timedelta(days=1)
    while not calendar.is_workday(day):
        day += timedelta(days=1)
    return day.isoformat()


def test_a_citizen_applies_for_legal_aid_supplements_once_and_sees_the_booked_visit(stack, browser):
    base, ports = stack
    run = secrets.token_hex(3)
    citizen = Person(browser, base, "citizen", f"o-e2e-{run}")
    page = citizen.page

    # Given the citizen on the H5 home and the list of services
    citizen.open("/h5/")
    page.wait_for_selector("#zst-mine >> text=还没有办事申请")
    # WeUI is styling the page, served by the app itself (WeChat green on the primary button)
    assert page.eval_on_selector(".weui-btn_primary", "e => getComputedStyle(e).backgroundColor") \
        == "rgb(7, 193, 96)"
    citizen.shot("01-home")
    citizen.open("/h5/services")
    citizen.shot("02-services")
    page.click("text=开始申请法律援助")
    page.wait_for_url(re.compile(r"/h5/apply/legal_aid"))

    # When they mistype the ID number and the phone, they are told at once, in Chinese
    page.fill("#field-applicant_name", "张三")
    page.fill("#field-applicant_id_number", id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1"))
    page.fill("#field-applicant_phone", "1380013800")
    page.focus("#field-applicant_address")
    assert "校验位不正确" in page.inner_text("#error-applicant_id_number")
    assert "请填写 11 位手机号码" in page.inner_text("#error-applicant_phone")
    citizen.shot("03-inline-validation")
    page.fill("#field-applicant_id_number", id_number())
    page.fill("#field-applicant_phone", "138 0013 8000")
    page.fill("#field-applicant_address", "江西省赣州市信丰县嘉定镇")
    page.select_option("#field-matter_category", "labor_remuneration")
    page.fill("#field-matter_description", "在某建筑公司务工八个月，被拖欠工资一万二千元，多次讨要未果。")
    page.fill("#field-other_party_name", "某建筑工程有限公司")
    page.select_option("#field-hardship_basis", "exempt")
    page.fill("#field-household_size", "3")
    assert page.is_hidden("#error-applicant_id_number") and page.is_hidden("#error-applicant_phone")
    page.wait_for_selector("#zst-save-status >> text=草稿已保存")

    # And the draft survives closing the page, even what was typed with the connection gone
    citizen.context.set_offline(True)
    page.fill("#field-other_party_address", "信丰县工业园")
    page.wait_for_selector("#zst-save-status >> text=暂存在本机")
    page.close()
    citizen.context.set_offline(False)
    page = citizen.page = citizen.context.new_page()
    citizen.open("/h5/apply/legal_aid")
    page.wait_for_selector("#zst-save-status >> text=草稿已保存")  # the offline edit, sent now
    assert page.input_value("#field-other_party_address") == "信丰县工业园"
    assert page.input_value("#field-applicant_name") == "张三"
    assert page.input_value("#field-applicant_id_number") == id_number()[:4] + "*" * 10 + id_number()[-4:]
    assert page.input_value("#field-matter_category") == "labor_remuneration"
    citizen.shot("04-draft-restored")

    # And nothing is uploaded before they consent to the processing of sensitive data
    id_photo = photo(page, "身份证正反面（示例）", 900_000)
    upload(page, "id_card", "身份证.jpg", "image/jpeg", id_photo)
    page.wait_for_selector("#material-id_card .zst-material__status_error")
    assert "同意" in page.inner_text("#material-id_card .zst-material__status")
    page.check("#consent-checkbox")
    page.wait_for_selector("#consent-status >> text=已于")

    # When a photo goes up on a slow connection, the progress bar moves
    cdp = citizen.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 20,
                                                  "downloadThroughput": -1, "uploadThroughput": 150_000})
    upload(page, "id_card", "身份证.jpg", "image/jpeg", id_photo)
    page.wait_for_function("""() => { const v = Number(document.querySelector(
        '#material-id_card [role=progressbar]').getAttribute('aria-valuenow'));
        return v >= 10 && v < 100; }""", timeout=STEP)
    citizen.shot("05-upload-progress")
    uploaded(page, "id_card")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0,
                                                  "downloadThroughput": -1, "uploadThroughput": -1})
    assert page.get_attribute("#material-id_card [role=progressbar]", "aria-valuenow") == "100"

    # And when the connection to the bucket drops, the PDF can be retried
    bucket = re.compile(rf"^http://127\.0\.0\.1:{ports['s3']}/")
    page.route(bucket, lambda route: route.abort("connectionreset"))
    declaration = pdf("Hardship declaration - Zhang San")
    upload(page, "hardship_declaration", "经济困难状况说明表.pdf", "application/pdf", declaration)
    page.wait_for_selector("#material-hardship_declaration .zst-material__retry:not(.zst-hidden)")
    citizen.shot("06-upload-failed-retry")
    page.unroute(bucket)
    page.click("#material-hardship_declaration .zst-material__retry")
    uploaded(page, "hardship_declaration")

    # When they submit with a required material still missing, they are told everything missing
    page.click("#zst-submit")
    page.wait_for_selector("#zst-missing:not(.zst-hidden)")
    missing = page.inner_text("#zst-missing")
    assert "还有 1 项未完成" in missing and "与所申请法律援助事项有关的材料" in missing
    citizen.shot("07-missing-list")

    # Then with it uploaded, the application is submitted
    upload(page, "case_materials", "欠条.jpg", "image/jpeg", photo(page, "欠条（示例）", 0))
    uploaded(page, "case_materials")
    page.click("#zst-submit")
    page.wait_for_url(re.compile(r"/h5/applications/SQ\d{8}-[0-9A-Z]{6}$"))
    application_id = re.search(r"/h5/applications/(SQ\d{8}-[0-9A-Z]{6})", page.url).group(1)
    page.wait_for_selector("#app-status >> text=已提交")
    citizen.shot("08-submitted")

    # When staff open the queue and the application
    staff = Person(browser, base, "staff", f"e2e-staff-{run}")
    desk = staff.open("/h5/staff")
    desk.wait_for_selector(f"a[href$='/h5/staff/applications/{application_id}']")
    staff.shot("09-staff-queue")
    desk.click(f"a[href$='/h5/staff/applications/{application_id}']")
    desk.wait_for_selector("#app-fields >> text=" + id_number())  # unmasked for staff
    links = desk.eval_on_selector_all(".zst-open-material", "els => els.map(e => e.href)")
    assert len(links) == 3
    opened = staff.context.request.get(links[0])
    assert opened.ok and opened.body()[:4] in (b"%PDF", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xdb")
    staff.shot("10-staff-application")

    # And ask, once, for the exemption proof the citizen's choice calls for
    form = "form[data-action=request_supplement]"
    desk.click(f"{form} label:has-text('免予核查经济困难的证明')")
    desk.fill("#supplement-message-input", "您选择了免予核查经济困难状况，请上传低保证、特困供养证等证明。")
    desk.click(f"{form} button[type=submit]")
    desk.wait_for_selector("#app-status >> text=待补充材料")
    staff.shot("11-staff-supplement-requested")

    # Then the citizen sees which item, why and by when, uploads it and resubmits
    citizen.open(f"/h5/applications/{application_id}")
    page.wait_for_selector("#app-supplement:not(.zst-hidden)")
    request = page.inner_text("#app-supplement")
    assert "免予核查经济困难的证明" in request and "低保证" in request
    assert re.search(r"请在 (\d{4}年)?\d{1,2}月\d{1,2}日 前一次补齐", request)  # the house form
    citizen.shot("12-citizen-supplement")
    upload(page, "exemption_proof", "低保证.jpg", "image/jpeg", photo(page, "低保证（示例）", 0))
    uploaded(page, "exemption_proof")
    page.click("#app-resubmit")
    page.wait_for_selector("#app-status >> text=已补充材料")
    citizen.shot("13-resubmitted")

    # When staff accept it, open a slot at an office and book it
    desk.reload()
    desk.wait_for_selector("form[data-action=accept]:not(.zst-hidden)")
    desk.click("form[data-action=accept] button[type=submit]")
    desk.wait_for_selector("#app-status >> text=已受理")
    # The office is picked by name from the catalogue; 确认预约 is disabled until a slot is chosen,
    # and the page says why: no open slot (the first run), or none chosen yet
    assert desk.locator("#slot-office option").all_inner_texts() == ["信丰县法律援助中心"]
    desk.wait_for_function(  # the answer, not "正在查询…"
        "() => { const t = document.querySelector('#schedule-hint').textContent;"
        " return /时段/.test(t) && !/正在查询/.test(t); }")
    hint = desk.inner_text("#schedule-hint")
    # (the data folder outlives a run, so this run opens times of its own: none an earlier run
    # opened — a time already open or booked stays as it was and would never be offered to book.
    # An earlier run booked its 09:mm and left its 10:mm open, so a shown 10:mm marks a used minute)
    day, today = next_workday(), china_date(datetime.now(timezone.utc))
    shown = " ".join(desk.locator("#slot-choices label").all_inner_texts())
    minute = next(m for m in ((int(run, 16) + k) % 50 + 5 for k in range(50))
                  if all(visit_text(day, f"{h}:{m:02d}", today) not in shown for h in ("09", "10")))
    first, second = f"09:{minute:02d}", f"10:{minute:02d}"
    assert desk.is_disabled("#schedule-submit") and desk.is_visible("#schedule-hint")
    if desk.locator("#slot-choices input").count():
        assert "请选择一个时段" in hint
        desk.click(".zst-open-slots summary")  # opening more times is folded away then
    else:
        assert "近四周没有可预约的时段" in hint and desk.is_visible("#open-date")
    desk.fill("#open-date", day)
    desk.fill("#open-times", f"{first},{second}")
    desk.fill("#open-address", "信丰县公共法律服务中心一楼 3 号窗口")
    desk.click("#open-slots")
    slot = visit_text(day, first, china_date(datetime.now(timezone.utc)))  # as staff read it
    desk.wait_for_selector(f"#slot-choices label:has-text('{slot}')")
    assert desk.is_disabled("#schedule-submit")  # until a slot is chosen
    desk.click(f"#slot-choices label:has-text('{slot}')")
    assert desk.is_enabled("#schedule-submit")
    desk.click("form[data-action=schedule] button[type=submit]")
    desk.wait_for_selector("#app-status >> text=已预约")
    staff.shot("14-staff-scheduled")

    # Then the citizen sees the appointment
    citizen.open(f"/h5/applications/{application_id}")
    page.wait_for_selector("#app-appointment:not(.zst-hidden)")
    today = china_date(datetime.now(timezone.utc))
    assert page.inner_text("#appointment-when") == visit_text(day, first, today)
    assert "3 号窗口" in page.inner_text("#appointment-where")
    history = page.inner_text("#app-history")
    for step in ("提交申请", "告知补充材料", "补充材料后重新提交", "受理", "预约到场"):
        assert step in history
    citizen.shot("15-citizen-appointment")
    assert citizen.errors == [] and staff.errors == []
