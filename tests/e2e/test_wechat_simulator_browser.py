"""Issue 3, the local WeChat simulator, done when: in headless Chromium on a phone-sized screen, on the
local stack, a person creates a WeChat user, follows the account, asks a legal question and gets its
consultation number and link, clicks a menu item and gets its card, opens an H5 link signed in as that
user, and sees the notifications the WeChat API stand-in received — none for the citizen, the new
question for a seeded 信丰 lawyer once the first dispatch tier has run. Every push went through the
real signed /wechat callback. Screenshots are kept under test-artifacts/wechat-sim/.

The stack is `python -m local.run` as `make run` starts it, on a free PORT, with a small lawyer
pool. Each stack gets a data folder of its own, its table copied from .local/e2e-wechat-seeded (kept
by the first run, the only one that loads the seeds): a lawyer takes at most 5 open questions, so
stacks sharing one table would soon leave nobody in the county to dispatch a question to.
"""
import json
import os
import re
import shutil
import time
import urllib.request
from datetime import datetime, timezone

import pytest

from local.layout import plan_ports
from tests.e2e.stack import PHONE, ROOT, STEP, Stack, free_stack_port, status

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

SEEDED = ROOT / ".local" / "e2e-wechat-seeded"
ARTIFACTS = ROOT / "test-artifacts" / "wechat-sim"
QUESTION = "公司拖欠我三个月工资不发，我该怎么维权？"
SAFE_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"  # Tencent's published sample EncodingAESKey


def fresh_data_dir(folder):
    """`folder` with the seeded table in it, when a previous run kept one."""
    if (SEEDED / "dynamodb").is_dir():
        shutil.copytree(SEEDED / "dynamodb", folder / "dynamodb")
    return folder


def keep_seeded(folder):
    """After a stack has stopped: keep its table as the template, unless there is one already."""
    if (SEEDED / "dynamodb").is_dir() or not (folder / "dynamodb").is_dir():
        return
    partial = SEEDED.with_name(SEEDED.name + f".{os.getpid()}")
    shutil.copytree(folder / "dynamodb", partial / "dynamodb")
    try:
        partial.rename(SEEDED)  # atomic: a run beside this one sees all of it or nothing
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)


@pytest.fixture(scope="module")
def stack(request, tmp_path_factory):
    """The stack in plaintext mode, or in safe mode when a test asks for "safe". One at a time:
    pytest ends one instance of a parametrized module fixture before it starts the next."""
    folder = tmp_path_factory.mktemp("wechat-sim-stack")
    data_dir = fresh_data_dir(folder / "data")
    aes_key = SAFE_KEY if getattr(request, "param", "") == "safe" else ""
    local = Stack(free_stack_port(), folder / "stack.log", data_dir, WECHAT_ENCODING_AES_KEY=aes_key)
    try:
        local.wait_healthy()
        if status(local.base + "/dev/wechat")[0] != 200:
            pytest.skip("GET /dev/wechat is missing: app.py must register chalicelib.routes.dev_wechat")
        yield local.base, plan_ports(local.port)
    finally:
        if local.shut_down() == 0:  # stopped cleanly: its table is whole
            keep_seeded(data_dir)


def template_recipients(wechat_port, number):
    """Who the WeChat API stand-in was asked to send a template message about consultation `number`."""
    url = f"http://127.0.0.1:{wechat_port}/_records?path=/cgi-bin/message/template/send"
    with urllib.request.urlopen(url, timeout=15) as response:
        records = json.loads(response.read())
    return [r["json"]["touser"] for r in records
            if (r["json"].get("data") or {}).get("consultation", {}).get("value") == number]


def tick(base):
    """Run the scheduled functions now, as the stack's minute scheduler would within a minute."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    request = urllib.request.Request(base + "/dev/tick", data=json.dumps({"time": now}).encode(),
                                     method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


# How much of the box's placeholder is cut: its text's width beyond the box's content width (0: whole)
PLACEHOLDER_OVERFLOW = """(box) => {
  const style = getComputedStyle(box);
  const measure = document.createElement('canvas').getContext('2d');
  measure.font = `${style.fontSize} ${style.fontFamily}`;
  const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  return Math.max(0, Math.ceil(measure.measureText(box.placeholder).width - room));
}"""


class Phone:
    def __init__(self, browser, base):
        self.base = base
        self.context = browser.new_context(**PHONE)
        self.context.set_default_timeout(STEP)
        self.page = self.context.new_page()
        self.errors = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", lambda m: m.type == "error" and "Failed to load resource" not in m.text
                     and self.errors.append(m.text))

    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"))

    def last_reply(self):
        return self.page.locator(".zsw-msg_app").last


@pytest.mark.parametrize("stack", ["plaintext"], indirect=True)
def test_a_person_talks_to_the_account_through_the_signed_callback_and_sees_the_notifications(
        stack, browser):
    base, ports = stack
    phone = Phone(browser, base)
    page = phone.page

    # Given the simulator, and a new WeChat user created on it
    page.goto(base + "/dev/wechat")
    page.click("#zsw-new")
    page.fill("#zsw-new-name", "张三")
    openid = page.input_value("#zsw-new-openid")
    assert re.fullmatch(r"o[A-Za-z0-9_-]{27}", openid)
    page.click("#zsw-new-form button[type=submit]")
    assert page.input_value("#zsw-user") == openid
    mode = page.inner_text("#zsw-mode")

    # When they follow the account
    page.click("#zsw-follow")
    # Then the welcome comes back through the callback, with a link to the H5 home
    welcome = phone.last_reply()
    welcome.locator("text=欢迎关注").wait_for()
    assert welcome.locator("a", has_text="进入掌上通首页").get_attribute("href") == base + "/h5/"
    assert page.inner_text("#zsw-follow") == "取消关注"
    phone.shot("01-followed")

    # When they ask a legal question in chat
    page.fill("#zsw-text", QUESTION)
    page.click("#zsw-send")
    # Then it is answered with a consultation number and the link to it
    page.locator(".zsw-msg_me", has_text=QUESTION).wait_for()
    opened = phone.last_reply()
    opened.locator("text=咨询编号").wait_for()
    number = re.search(r"咨询编号：(ZX\d{8}-[0-9A-Z]{6})", opened.inner_text()).group(1)
    link = opened.locator("a", has_text="查看咨询详情")
    assert link.get_attribute("href") == f"{base}/h5/consultations/{number}"
    # And the exchange was signed as WeChat signs it (the trace shows the query sent)
    trace = page.locator(".zsw-trace").last
    assert "HTTP 200" in trace.locator("summary").inner_text() and mode in trace.inner_text()
    trace.locator("summary").click()
    assert re.search(r"signature=[0-9a-f]{40}&timestamp=\d+&nonce=\d+&openid=" + openid,
                     trace.inner_text())
    trace.locator("pre").first.scroll_into_view_if_needed()
    phone.shot("02-question-answered")
    trace.locator("summary").click()

    # When they open the service menu and click 法律援助
    page.click(".zsw-menu__btn:has-text('办事服务')")
    page.locator(".zsw-menu__sub:not(.zst-hidden)").wait_for()
    phone.shot("03-menu-open")
    page.click("button.zsw-menu__leaf[data-key=LEGAL_AID]")
    # Then the account answers with the legal-aid card linking to its H5 page
    card = page.locator(".zsw-card", has_text="申请法律援助").last
    card.wait_for()
    assert card.get_attribute("href") == base + "/h5/services/legal_aid"
    phone.shot("04-menu-card")

    # And the citizen has received no notification: nothing in the flow so far writes one for them
    page.click("#zsw-tab-notices")
    page.locator("#zsw-notices-empty:not(.zst-hidden)").wait_for()
    assert page.locator(".zsw-notice").count() == 0
    phone.shot("05-citizen-no-notifications")

    # When the first dispatch tier has run (it starts with the question; the tick brings the
    # scheduler's next minute forward in case it waits for the sweep)
    tick(base)
    # And the simulator switches to one of the seeded 信丰 lawyers the question was sent to
    offered = page.eval_on_selector_all("#zsw-user option", "options => options.map(o => o.value)")
    deadline = time.monotonic() + STEP / 1000
    while not (lawyers := [o for o in template_recipients(ports["wechat"], number) if o in offered]):
        assert time.monotonic() < deadline, "no seeded lawyer was notified of " + number
        time.sleep(0.3)
    page.select_option("#zsw-user", lawyers[0])
    # Then the stand-in's template message telling them of the new question shows, within seconds
    notice = page.locator(".zsw-notice:not(.zsw-notice_failed)", has_text=number)
    notice.wait_for(timeout=STEP)
    assert "新咨询待解答" in notice.inner_text() and "劳动争议" in notice.inner_text()
    assert notice.locator("a", has_text="详情").get_attribute("href").startswith(base + "/h5/lawyer")
    phone.shot("06-lawyer-notification")

    # When the person goes back to the citizen: the conversation is still there after a reload
    page.select_option("#zsw-user", openid)
    page.click("#zsw-tab-chat")
    page.reload()
    assert page.input_value("#zsw-user") == openid
    page.locator(".zsw-bubble", has_text=number).first.wait_for()
    # And an H5 link in a reply opens signed in as that WeChat user
    page.locator(".zsw-msg_app a", has_text="进入掌上通首页").first.click()
    page.wait_for_url(base + "/h5/")
    page.locator("#zst-mine >> text=还没有办事申请").wait_for()
    phone.shot("07-h5-home-signed-in")

    # When they unfollow, the callback answers "success": WeChat shows nothing
    page.goto(base + "/dev/wechat")
    page.click("#zsw-follow")
    page.locator(".zsw-system", has_text="公众号没有回复").last.wait_for()
    assert page.inner_text("#zsw-follow") == "关注公众号"
    phone.shot("08-unfollowed")
    assert phone.errors == []


@pytest.mark.parametrize("stack", ["plaintext"], indirect=True)
def test_a_person_speaks_a_question_and_confirms_what_was_heard_in_one_tap(stack, browser):
    base, _ = stack
    phone = Phone(browser, base)
    page = phone.page
    # Given a new WeChat user who follows the account, with no consultation open
    page.goto(base + "/dev/wechat")
    page.click("#zsw-new")
    page.fill("#zsw-new-name", "李大爷")
    page.click("#zsw-new-form button[type=submit]")
    page.click("#zsw-follow")
    phone.last_reply().locator("text=欢迎关注").wait_for()
    # And the box's hint reads whole on a 375 px phone
    box = page.locator("#zsw-text")
    assert box.evaluate(PLACEHOLDER_OVERFLOW) == 0, box.get_attribute("placeholder")
    # When they tap 语音 with nothing in the box, Then the hint tells them what to do, whole
    page.click("#zsw-voice")
    assert "语音" in box.get_attribute("placeholder")
    assert box.evaluate(PLACEHOLDER_OVERFLOW) == 0, box.get_attribute("placeholder")
    phone.shot("08b-voice-hint")
    # When they speak their question (the simulator sends what is in the box as WeChat's Recognition)
    said = "我家的宅基地被邻居占了一半，村里调解不成，我该去哪里告他"
    page.fill("#zsw-text", said)
    page.click("#zsw-voice")
    # Then the account shows what it heard, with a link to confirm it in one tap
    heard = phone.last_reply()
    heard.locator("text=我们听到您说").wait_for()
    assert said in heard.inner_text()
    confirm = heard.locator("a.zsw-menu-msg", has_text="点这里确认提交")
    assert confirm.is_visible() and confirm.bounding_box()["height"] > 10
    phone.shot("09-voice-heard")
    # When they tap it, Then the question is opened as a consultation, the voice attached
    confirm.click()
    page.locator(".zsw-msg_me", has_text="确认").wait_for()
    opened = phone.last_reply()
    opened.locator("text=咨询编号").wait_for()
    assert "语音已一起附在咨询中" in opened.inner_text()
    number = re.search(r"咨询编号：(ZX\d{8}-[0-9A-Z]{6})", opened.inner_text()).group(1)
    phone.shot("10-voice-confirmed")
    # And the consultation page holds the spoken words as the question
    opened.locator("a", has_text="查看咨询详情").click()
    page.wait_for_url(f"{base}/h5/consultations/{number}")
    page.locator("#cons-question", has_text=said).wait_for()
    phone.shot("11-voice-consultation")
    assert phone.errors == []


@pytest.mark.parametrize("stack", ["safe"], indirect=True)
def test_in_safe_mode_the_question_goes_encrypted_and_the_sealed_reply_is_read(stack, browser):
    base, _ = stack
    phone = Phone(browser, base)
    page = phone.page
    # Given the simulator on a stack with an EncodingAESKey
    page.goto(base + "/dev/wechat")
    assert page.inner_text("#zsw-mode") == "安全模式"
    # When the person asks a legal question
    page.fill("#zsw-text", QUESTION)
    page.click("#zsw-send")
    # Then the real callback opened the encrypted push and its sealed reply was verified and read
    opened = phone.last_reply()
    opened.locator("text=咨询编号").wait_for()
    assert re.search(r"咨询编号：ZX\d{8}-[0-9A-Z]{6}", opened.inner_text())
    trace = page.locator(".zsw-trace").last
    trace.locator("summary").click()
    sent = trace.inner_text()
    assert "安全模式 · HTTP 200" in sent
    assert re.search(r"encrypt_type=aes&msg_signature=[0-9a-f]{40}", sent)
    assert "加密后：" in sent and "<Encrypt>" in sent and "解密后：" in sent
    trace.locator("pre").last.scroll_into_view_if_needed()
    phone.shot("09-safe-mode")
    assert phone.errors == []
