"""/h5/staff/ops, done when: in headless Chromium on a phone-sized screen, on the local stack, staff
are told plainly that an unknown lawyer id has no lawyer; look up a seeded 信丰 lawyer, see their
name, firm and that they are already bound; issue a binding code and see it large with its expiry and
the message to send, which names the bind link; and, after the WeChat stand-in refused a new
consultation's notices (errcode 40037, which delivery does not retry), see the parked messages and
send one again, which WeChat then receives. Screenshots under test-artifacts/staff_ops/.
"""
import json
import re
import secrets
import time
import urllib.request

import pytest

from local.layout import plan_ports
from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, running, status, missing_routes
from tests.e2e.test_h5_consult_browser import QUESTION, xinfeng_lawyers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "staff_ops"
ROUTES_NEEDED = ("/api/staff/lawyers/{lawyer_id}", "/api/staff/binding-codes",
                 "/api/staff/notifications/failed", "/api/staff/notifications/{notification_id}/retry",
                 "/api/consultations")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("staff-ops-stack")
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_routes(local.base, ROUTES_NEEDED)
        if missing or status(local.base + "/h5/staff/ops")[0] != 401:
            pytest.skip("the running app lacks what this scenario drives: " + ", ".join(missing or ["/h5/staff/ops"]))
        yield local


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def wechat_stub(stack, path, body=None):
    """Call the local WeChat stand-in beside the stack (its control endpoints)."""
    url = f"http://127.0.0.1:{plan_ports(stack.port)['wechat']}{path}"
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read() or b"null")


def test_staff_issue_a_binding_code_for_a_xinfeng_lawyer(stack, browser):
    run = secrets.token_hex(3)
    staff = Person(browser, stack.base, "staff", f"e2e-ops-{run}")
    page = staff.page
    lawyer_id, (name, firm, _) = next(iter(xinfeng_lawyers().items()))

    # Given staff on the page with nothing parked yet
    staff.open("/h5/staff/ops")
    page.wait_for_selector("#ops-failed-empty")
    assert page.inner_text("#ops-failed") == "没有发送失败的消息"

    # When they look up an id nobody holds, they are told so in Chinese
    page.fill("#ops-lawyer-id", "L" + "0" * 17)
    page.click("#ops-lookup-submit")
    page.wait_for_selector("#ops-bind-error:not(.zst-hidden)")
    assert "没有这位律师" in page.inner_text("#ops-bind-error")
    assert page.is_hidden("#ops-lawyer")
    staff.shot("01-unknown-lawyer")

    # When they search by a surname, the county's lawyers of that name are listed with firm and licence
    page.fill("#ops-lawyer-id", name[0])
    page.click("#ops-lookup-submit")
    page.wait_for_selector("#ops-results:not(.zst-hidden) .zst-ops__result")
    listed = page.locator(".zst-ops__result-name").all_inner_texts()
    assert name in listed and all(other.startswith(name[0]) for other in listed), listed
    result = page.locator(f".zst-ops__result[data-lawyer='{lawyer_id}']")
    assert result.is_visible() and lawyer_id[1:] in result.inner_text()
    staff.shot("01b-search-by-name")
    # And a part of a firm's name lists that firm's lawyers
    page.fill("#ops-lawyer-id", firm[2:6])
    page.click("#ops-lookup-submit")
    page.wait_for_selector("#ops-results:not(.zst-hidden)")  # hidden while a search runs
    metas = page.locator(".zst-ops__result .zst-muted").all_inner_texts()
    assert metas and all(firm[2:6] in meta for meta in metas), metas
    # Then picking their name again from the surname list opens the lawyer
    page.fill("#ops-lawyer-id", name)
    page.click("#ops-lookup-submit")
    page.wait_for_selector(f"#ops-results .zst-ops__result[data-lawyer='{lawyer_id}']")

    # When they pick the seeded 信丰 lawyer, they see who it is and that WeChat is already bound
    page.click(f".zst-ops__result[data-lawyer='{lawyer_id}']")
    page.wait_for_selector("#ops-lawyer:not(.zst-hidden)")
    assert name in page.inner_text("#ops-lawyer-name") and firm in page.inner_text("#ops-lawyer-meta")
    assert page.is_visible("#ops-lawyer-bound")

    # And they issue a code: shown large, with its expiry and the message naming the bind link
    page.click("#ops-issue")
    page.wait_for_selector("#ops-code:not(.zst-hidden)")
    code = page.inner_text("#ops-code-value")
    assert re.fullmatch(r"[A-Z0-9]{10}", code), code
    assert re.fullmatch(r"(\d{4}年)?\d{1,2}月\d{1,2}日 \d{2}:\d{2}", page.inner_text("#ops-code-expiry"))
    message = page.input_value("#ops-code-message")
    assert code in message and f"{stack.base}/h5/lawyer/bind" in message and name in message
    assert float(page.eval_on_selector("#ops-code-value", "e => parseFloat(getComputedStyle(e).fontSize)")) >= 28
    staff.shot("02-binding-code")

    # Then the code is real: a citizen who redeems it becomes that lawyer
    lawyer = Person(browser, stack.base, "citizen", f"o-e2e-bind-{run}")
    redeemed = lawyer.context.request.post(f"{stack.base}/api/auth/bind-lawyer", data={"code": code})
    assert redeemed.ok and redeemed.json()["lawyer_id"] == lawyer_id
    assert not staff.errors, staff.errors


def test_staff_send_again_a_message_wechat_refused(stack, browser):
    run = secrets.token_hex(3)
    # Given WeChat refuses every call with an error delivery does not retry (invalid template id)
    wechat_stub(stack, "/_behaviour", {"fail_with": 40037, "times": None})
    try:
        # When a citizen asks a question, its notices to the dispatched lawyers are refused and parked
        citizen = Person(browser, stack.base, "citizen", f"o-e2e-ops-{run}")
        asked = citizen.context.request.post(f"{stack.base}/api/consultations",
                                             data={"category": "labor", "question": QUESTION})
        assert asked.status == 201, asked.text()
        staff = Person(browser, stack.base, "staff", f"e2e-ops-retry-{run}")
        parked = []
        deadline = time.monotonic() + 30
        while not parked and time.monotonic() < deadline:
            time.sleep(0.3)
            parked = staff.context.request.get(f"{stack.base}/api/staff/notifications/failed").json()
        assert parked, "no notification was parked"
    finally:
        wechat_stub(stack, "/_behaviour", {})  # WeChat is back
    page = staff.page
    staff.open("/h5/staff/ops")
    page.wait_for_selector(".zst-ops__note")
    first = page.locator(".zst-ops__note").first
    target = first.get_attribute("data-notification")
    assert "40037" in first.inner_text() and "新咨询通知 → 律师" in first.inner_text()
    staff.shot("03-failed-messages")

    # When staff send it again
    first.locator("button").click()
    # Then the row says so, the button cannot be pressed twice, and WeChat receives the message
    page.wait_for_selector(f"[data-notification='{target}'] .zst-ops__status_ok")
    assert first.locator("button").is_disabled()
    staff.shot("04-sent-again")
    deadline = time.monotonic() + 30
    remaining = parked
    while any(n["notification_id"] == target for n in remaining) and time.monotonic() < deadline:
        time.sleep(0.3)
        remaining = staff.context.request.get(f"{stack.base}/api/staff/notifications/failed").json()
    assert all(n["notification_id"] != target for n in remaining)
    sent = wechat_stub(stack, "/_records?path=/cgi-bin/message/template/send")
    assert any(r.get("answer", {}).get("errcode") == 0 for r in sent), sent[-3:]
    assert not staff.errors, staff.errors
