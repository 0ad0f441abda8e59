"""Monthly settlement and a lawyer's earnings in headless Chromium, on the local stack (issue 10,
docs/decisions/many-bureaus.md §7): one 信丰 staff member prepares last month's statement, is not
offered to approve it, another approves it and the month locks; a correction is recorded in the open
month; the lawyer sees the month by bureau. Nothing of the second bureau (大余) shows to 信丰's staff.
Screenshots under test-artifacts/settlement/ at 375 px (phone) and 1280 px (desk).

Last month's 中标 lines are put straight into the stack's DynamoDB Local: an award can only happen
now, and a month can only be settled once it has ended.
"""
import secrets
from datetime import datetime, timezone

import boto3
import pytest

from chalicelib.consultations.payout import china_month, previous_month
from chalicelib.db.bureaus import Bureau
from chalicelib.db.payouts import PayoutLine
from chalicelib.settings import LOCAL_DEFAULTS
from local.layout import LOCAL_CREDENTIALS, plan_ports
from tests.e2e import test_h5_apply_browser as apply_e2e, test_h5_pages_seen_browser as seen
from tests.e2e.stack import ROOT, missing_routes, running
from tests.e2e.test_h5_consult_browser import xinfeng_lawyers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "settlement"
ROUTES_NEEDED = ("/api/staff/settlements", "/api/staff/settlements/{month}/prepare", "/api/lawyer/earnings")
XINFENG, DAYU = "360722", "360723"
DESK = {"width": 1280, "height": 900}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("settlement-stack")
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_routes(local.base, ROUTES_NEEDED)
        if missing:
            pytest.skip("the running app lacks the settlement routes: " + ", ".join(missing))
        yield local


class Person(apply_e2e.Person):
    def shot(self, name, desk=False):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_function("() => document.getElementById('zst-toast').classList.contains('zst-hidden')",
                                    timeout=5000)
        if desk:
            self.page.set_viewport_size(DESK)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}{'-desk' if desk else ''}.png"), full_page=True)
        if desk:
            self.page.set_viewport_size({"width": 375, "height": 667})


def seed(local, lawyers, last, now_month):
    """Three 信丰 lines last month, one this month, and one 大余 line (the canary) last month."""
    table = boto3.client("dynamodb", endpoint_url=f"http://127.0.0.1:{plan_ports(local.port)['dynamodb']}",
                         region_name=LOCAL_DEFAULTS["AWS_REGION"], aws_access_key_id=LOCAL_CREDENTIALS["AWS_ACCESS_KEY_ID"],
                         aws_secret_access_key=LOCAL_CREDENTIALS["AWS_SECRET_ACCESS_KEY"])
    run = secrets.token_hex(3).upper()
    (first, (name1, firm1, _)), (second, (name2, firm2, _)) = list(lawyers.items())[:2]
    rows = [(XINFENG, last, f"ZX{run}A", first, name1, firm1, 4000, "05T02:10:00Z"),
            (XINFENG, last, f"ZX{run}B", second, name2, firm2, 4000, "12T07:30:00Z"),
            (XINFENG, last, f"ZX{run}C", first, name1, firm1, 5000, "20T09:05:00Z"),
            (XINFENG, now_month, f"ZX{run}D", second, name2, firm2, 4000, "01T03:00:00Z"),
            (DAYU, last, f"ZXDAYU{run}", first, name1, firm1, 6000, "15T04:00:00Z")]
    for bureau, month, cid, lawyer, name, firm, fen, at in rows:
        line = PayoutLine(bureau=bureau, month=month, consultation_id=cid, answer_id="a" + cid, lawyer_id=lawyer,
                          lawyer_name=name, licence_no="1360720" + cid[-6:], firm=firm, category="labor",
                          category_name="劳动争议", amount_fen=fen, awarded_at=f"{month}-{at}", awarded_by="citizen")
        table.put_item(TableName=LOCAL_DEFAULTS["TABLE_NAME"], Item=line.serialize())
    dayu = Bureau(code=DAYU, name="大余县司法局", short_name="大余", regions=[DAYU], account=DAYU)
    try:  # `make run` seeds 大余 already; a stack from before that learns its name here
        table.put_item(TableName=LOCAL_DEFAULTS["TABLE_NAME"], Item=dayu.serialize(),
                       ConditionExpression="attribute_not_exists(PK)")
    except table.exceptions.ConditionalCheckFailedException:
        pass
    return run


def test_one_prepares_last_month_another_approves_and_a_correction_goes_to_the_open_month(stack, browser):
    now = datetime.now(timezone.utc)
    this, last = china_month(now), previous_month(china_month(now))
    lawyers = xinfeng_lawyers()
    run = seed(stack, lawyers, last, this)
    base = stack.base
    maker = Person(browser, base, "staff", f"e2e-maker-{run.lower()}")
    checker = Person(browser, base, "staff", f"e2e-checker-{run.lower()}")

    # Given last month holds three 信丰 lines, when the maker opens the settlement page
    page = maker.open("/h5/staff/settlement")
    page.wait_for_selector("#settle-lines .zst-ledger__line >> nth=2")
    assert page.locator(f"#settle-months [data-month='{last}'][aria-current='true']").count() == 1
    assert "共 3 笔，合计 ¥130.00" in page.inner_text("#settle-total")
    # Then nothing of 大余 shows
    assert "ZXDAYU" not in page.inner_text("body") and "60.00" not in page.inner_text("body")
    maker.shot("01-maker-before")
    # When the maker prepares it
    page.click("#settle-prepare")
    page.wait_for_selector("#settle-status:has-text('待审核')")
    # Then they are not offered to approve their own statement
    assert page.is_hidden("#settle-approve") and "须由另一位工作人员" in page.inner_text("#settle-why")
    maker.shot("02-maker-prepared")
    maker.shot("02-maker-prepared", desk=True)

    # When the checker opens the same month and approves it
    page = checker.open(f"/h5/staff/settlement?month={last}")
    page.wait_for_selector("#settle-approve:visible")
    checker.shot("03-checker-to-approve")
    page.click("#settle-approve")
    page.wait_for_selector("#settle-status:has-text('已锁定')")
    assert page.is_hidden("#settle-prepare") and page.is_hidden("#settle-approve")
    assert page.locator(f"#settle-months [data-month='{last}']").inner_text().count("已锁定") == 1
    checker.shot("04-approved", desk=True)

    # When the checker records a 10-yuan deduction on the first line
    page.select_option("#correct-line", f"ZX{run}A")
    page.fill("#correct-amount", "-10")
    page.fill("#correct-reason", "解答内容与他人雷同，扣减部分补贴")
    page.click("#correct-submit")
    # Then it is filed in the open month, and last month stays as approved
    page.wait_for_selector("#settle-corrections .zst-settle__corr")
    assert page.locator(f"#settle-months [data-month='{this}'][aria-current='true']").count() == 1
    assert "-¥10.00" in page.inner_text("#settle-corrections")
    checker.shot("05-correction-open-month")
    checker.shot("05-correction-open-month", desk=True)
    csv = checker.context.request.get(f"{base}/api/staff/payouts.csv?month={this}")
    assert csv.ok and "更正" in csv.text() and "ZXDAYU" not in csv.text()

    # And the lawyer sees last month by bureau: 信丰 settled, 大余 still open
    _, (name, _, openid) = next(iter(lawyers.items()))
    lawyer = Person(browser, base, "lawyer", openid)
    page = lawyer.open("/h5/lawyer")
    page.click("#lawyer-earnings")
    page.wait_for_selector(f"[data-month='{last}'][data-bureau='{DAYU}']")
    assert "已结算" in page.inner_text(f"[data-month='{last}'][data-bureau='{XINFENG}']")
    assert "待结算" in page.inner_text(f"[data-month='{last}'][data-bureau='{DAYU}']")
    assert "¥90.00" in page.inner_text(f"[data-month='{last}'][data-bureau='{XINFENG}']")
    lawyer.shot("06-lawyer-earnings")
    lawyer.shot("06-lawyer-earnings", desk=True)
    for person in (maker, checker, lawyer):
        assert person.errors == []


@pytest.mark.parametrize("device", ["phone", "desk"])
def test_refusals_are_seen_on_the_settlement_and_earnings_pages(stack, browser, device):
    device = seen.PHONE if device == "phone" else seen.DESK
    staff = seen.Person(browser, stack.base, "staff", f"e2e-settle-seen-{secrets.token_hex(3)}", device=device)
    staff.refuse(r".*/api/staff/settlements$")
    staff.open("/h5/staff/settlement")
    seen.seen_message(staff, seen.REFUSED, f"settlement-refused-{device['viewport']['width']}")
    _, (_, _, openid) = next(iter(xinfeng_lawyers().items()))
    lawyer = seen.Person(browser, stack.base, "lawyer", openid, device=device)
    lawyer.refuse(r".*/api/lawyer/earnings$")
    lawyer.open("/h5/lawyer/earnings")
    seen.seen_message(lawyer, seen.REFUSED, f"earnings-refused-{device['viewport']['width']}")
