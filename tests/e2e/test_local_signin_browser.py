"""Issue 9's local sign-in and notices, in headless Chromium on a phone-sized screen, on the local
stack: the lawyer sign-in offers the county's seeded lawyers by name; a citizen signs in through the
page as a follower (the default) or not; one who does not follow is asked to follow and is never
promised a WeChat notice; a follower's 已有律师解答 notice reaches the WeChat stand-in linking to the
consultation, with Beijing time in the house form. Screenshots under test-artifacts/local-signin/."""
import re
import secrets

import pytest

from tests.e2e.stack import PHONE, ROOT, STEP, running
from tests.e2e.test_h5_consult_browser import ADVICE, QUESTION, xinfeng_lawyers

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "local-signin"
PROMISE = "会通过微信通知您"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signin-stack")
    with running(folder / "stack.log", folder / "data") as local:
        yield local.base


ERRORS = []  # script errors on any page of the scenario: each one is a bug


def phone(browser):
    context = browser.new_context(**PHONE)
    context.set_default_timeout(STEP)
    context.on("weberror", lambda error: ERRORS.append(str(error.error)))
    return context, context.new_page()


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def sign_in_as_citizen(browser, base, openid, *, follow):
    """A stranger opens the question form and signs in through the local sign-in page."""
    context, page = phone(browser)
    page.goto(base + "/h5/consult")
    page.wait_for_selector("#zst-signin")
    box = page.locator("#signin-follow-cell")
    assert box.is_visible() and page.is_checked("#signin-follow")  # a follower unless unticked
    assert box.bounding_box()["height"] >= 44
    page.fill("#signin-id", openid)
    if not follow:
        page.click("label[for=signin-follow]")
        assert not page.is_checked("#signin-follow")
    shot(page, f"01-citizen-signin-{'follows' if follow else 'not-following'}")
    page.click("#zst-signin button[type=submit]")
    page.wait_for_selector("#consult-form")  # the same address, now the form itself
    return context, page


def ask(context, base):
    response = context.request.post(f"{base}/api/consultations",
                                    data={"category": "labor", "question": QUESTION})
    assert response.status == 201, response.text()
    return response.json()["id"]


def test_local_sign_in_lawyers_by_name_citizens_as_followers_and_notices_they_can_act_on(stack, browser):
    base, run = stack, secrets.token_hex(3)
    named = {openid: name for name, _, openid in xinfeng_lawyers().values()}

    # Given a stranger opening the lawyer's workbench on the local stage
    context, page = phone(browser)
    page.goto(base + "/h5/lawyer")
    # Then the sign-in offers the county's seeded lawyers by name, not a blank openid box
    picker = page.locator("select#signin-id")
    assert picker.is_visible() and picker.bounding_box()["height"] >= 40
    offered = page.eval_on_selector_all("select#signin-id option", "os => os.map(o => [o.value, o.textContent])")
    assert len(offered) >= 5 and all(value in named for value, _ in offered[:5])
    assert all(named[value] in text for value, text in offered if value in named)
    shot(page, "02-lawyer-signin")
    # When they pick one, they are in that lawyer's workbench
    value, text = offered[1]
    picker.select_option(value)
    page.click("#zst-signin button[type=submit]")
    page.wait_for_selector("#lawyer-me")
    assert named[value] in page.inner_text("#lawyer-me")
    context.close()

    # Given a citizen who signs in without following the account, and asks
    context, page = sign_in_as_citizen(browser, base, f"o-e2e-nofollow-{run}", follow=False)
    consultation = ask(context, base)
    page.goto(f"{base}/h5/consultations/{consultation}")
    page.wait_for_selector("#cons-status >> text=律师解答中")
    # Then the page asks them to follow and promises no WeChat notice
    ask_box = page.locator("#zst-follow-ask")
    assert ask_box.is_visible() and ask_box.bounding_box()["height"] >= 60
    assert "关注" in ask_box.inner_text()
    assert PROMISE not in page.inner_text("body")
    shot(page, "03-consultation-not-following")
    context.close()

    # Given a citizen who signs in as a follower (the default), and asks
    openid = f"o-e2e-follows-{run}"
    context, page = sign_in_as_citizen(browser, base, openid, follow=True)
    consultation = ask(context, base)
    page.goto(f"{base}/h5/consultations/{consultation}")
    page.wait_for_selector("#cons-status >> text=律师解答中")
    # Then the page promises the notice and asks nothing about following
    assert page.locator("#zst-follow-ask").count() == 0 and PROMISE in page.inner_text("#cons-hint")
    # And, outside WeChat's 48-hour window only notices they allowed reach them: they allow one
    page.wait_for_selector("#zst-subscribe-ask:not(.zst-hidden)")
    page.click("#zst-subscribe-button")
    page.wait_for_selector("#zst-subscribe-done:not(.zst-hidden)")
    shot(page, "04-consultation-follows")
    # When a 信丰 lawyer it reached answers
    staff, _ = phone(browser)
    assert staff.request.post(f"{base}/dev/login", data={"role": "staff", "id": f"e2e-{run}"}).ok
    view = staff.request.get(f"{base}/api/consultations/{consultation}").json()
    lawyer_openid = next(xinfeng_lawyers()[d["lawyer_id"]][2] for d in view["dispatches"]
                         if d["lawyer_id"] in xinfeng_lawyers())
    lawyer, _ = phone(browser)
    assert lawyer.request.post(f"{base}/dev/login", data={"role": "lawyer", "id": lawyer_openid}).ok
    answered = lawyer.request.post(f"{base}/api/consultations/{consultation}/answers", data={"body": ADVICE})
    assert answered.status == 201, answered.text()
    # Then the citizen's notice reached WeChat (the stand-in), linking to the consultation, in
    # Beijing time as a person reads it
    page.wait_for_timeout(100)
    notices = []
    for _ in range(50):
        notices = staff.request.get(f"{base}/dev/wechat/notifications?openid={openid}").json()["records"]
        if notices:
            break
        page.wait_for_timeout(200)
    (notice,) = notices
    # (its page names the bureau, so a reader without a session signs in on that bureau's account)
    assert notice["ok"] and notice["url"].endswith(f"/h5/consultations/{consultation}?bureau=360722")
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}", notice["data"]["time"])
    assert notice["data"]["status"] == "已有解答"  # words, not the kind's code (a phrase: ≤ 5 characters)
    # And the consultation page shows the answer's time in the same form
    page.reload()
    page.wait_for_selector(".zst-answer__time")
    assert re.match(r"\d{1,2}月\d{1,2}日 \d{2}:\d{2} 解答", page.inner_text(".zst-answer__time"))
    shot(page, "05-consultation-answered")
    # And in the WeChat simulator the citizen's notice opens the consultation
    sim = page.context.new_page()
    sim.goto(base + "/dev/wechat")
    sim.click("#zsw-new")
    sim.fill("#zsw-new-name", "关注的市民")
    sim.fill("#zsw-new-openid", openid)
    sim.click("#zsw-new-form button[type=submit]")
    sim.click("#zsw-tab-notices")
    link = sim.locator(f"#zsw-notices-list a[href*='/h5/consultations/{consultation}']").first
    link.wait_for()
    assert link.is_visible() and notice["data"]["time"] in sim.inner_text("#zsw-notices-list")
    shot(sim, "06-simulator-notice")
    for c in (context, staff, lawyer):
        c.close()
    assert not ERRORS, ERRORS
