"""Issue 4's H5 pages, done when: in headless Chromium on a phone-sized screen, on the local stack, a
citizen asks a question from /h5/consult with a photo that goes straight to the bucket (told once that
lawyers will read it; told plainly when the day's limit is reached); a seeded 信丰 lawyer it was
dispatched to finds it in the workbench, sees the photo and opens it full size, is told
why an answer with a WeChat id is refused, answers and edits the answer; the citizen reads it with the
lawyer's name, firm and stars, asks a follow-up (追问) and reads the reply; marks it 中标 through the
confirmation dialog and rates it; staff see one consultation, the SLA figures and the payout, in the
ledger and its CSV. A screenshot of each step is kept under test-artifacts/consult/.

The stack is `python -m local.run` as `make run` starts it, on a free PORT, with its data in a fresh
folder (so the figures count this scenario only) and a small lawyer pool.
"""
import json
import re
import secrets

import pytest

from seeds.lawyers import XINFENG, generate
from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, running, status, missing_routes

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "consult"
ROUTES_NEEDED = (
    "/api/categories", "/api/consultations", "/api/consultations/{consultation_id}",
    "/api/consultation-notice", "/api/lawyer/inbox", "/api/lawyer/answers",
    "/api/consultations/{consultation_id}/answers",
    "/api/consultations/{consultation_id}/answers/{answer_id}",
    "/api/consultations/{consultation_id}/answers/{answer_id}/followups",
    "/api/consultations/{consultation_id}/award", "/api/consultations/{consultation_id}/rating",
    "/api/staff/stats", "/api/staff/payouts", "/api/staff/payouts.csv")
# Without a session a page answers 401 (the local sign-in form); `chalice local` answers a path it
# does not route with 403 or 404.
PAGES_NEEDED = ("/h5/consult", "/h5/consultations/ZX20260101-000000", "/h5/mine", "/h5/lawyer",
                "/h5/staff/stats", "/static/js/consultation.js")
QUESTION = ("我在信丰县一家电子厂上班两年，公司已经三个月没发工资，一共欠我一万二千元，"
            "现在还口头通知我明天不用来了。我该怎么要回工资？能要求赔偿吗？")
ADVICE = ("根据《劳动合同法》第三十条，用人单位应当按时足额支付劳动报酬；无故拖欠的，您可以向县人社局劳动保障"
          "监察大队投诉，也可以向劳动人事争议仲裁委员会申请仲裁。公司口头辞退您且没有合法理由的，属于违法解除，"
          "可依第八十七条要求支付经济补偿两倍的赔偿金。请保存工资条、考勤记录、工作群聊天记录等证据。")
EDITED = ADVICE + "申请仲裁的时效为一年，从您知道权利被侵害之日起计算，请尽快行动。"
FOLLOWUP = "公司说我没签劳动合同，所以不算员工，这种情况我还能申请仲裁吗？"
REPLY = ("能。没有书面劳动合同也可以用工资转账记录、工牌、考勤和同事证言证明劳动关系；"
         "而且超过一个月未签书面合同，您还可以要求支付二倍工资。")
LIMIT_MESSAGE = ("您今天已提交 5 次法律咨询，达到每日上限（每人每天最多 5 次）。"
                 "请明天再来；紧急情况可拨打 12348 公共法律服务热线。")


def missing_backend(base):
    """What the running app lacks of what this scenario drives ([] when it is all there)."""
    missing = missing_routes(base, ROUTES_NEEDED)
    return missing + [path for path in PAGES_NEEDED if status(base + path)[0] not in (200, 401)]


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("consult-stack")
    # A fresh data folder: the staff figures of this scenario count this scenario only.
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_backend(local.base)
        if missing:
            pytest.skip("the running app lacks what this scenario drives (app.py must register "
                        "chalicelib.routes.consultations, staff_consultations and consult_pages): "
                        + ", ".join(missing))
        yield local.base


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        # A toast ("已回复…") is gone within 2 s; the picture should show the page, not the toast.
        self.page.wait_for_function("() => document.getElementById('zst-toast').classList.contains('zst-hidden')",
                                    timeout=5000)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def xinfeng_lawyers():
    """{lawyer_id: (name, firm, openid)} of the hand-named 信丰 lawyers, as the seed loader makes them."""
    named = generate(len(XINFENG["lawyers"]))
    return {lawyer["lawyer_id"]: (lawyer["name"], lawyer["firm"], lawyer["openid"]) for lawyer in named}


def test_a_citizen_asks_a_xinfeng_lawyer_answers_and_the_citizen_follows_up_awards_and_rates(stack, browser):
    base = stack
    run = secrets.token_hex(3)
    citizen = Person(browser, base, "citizen", f"o-e2e-ask-{run}")
    staff = Person(browser, base, "staff", f"e2e-staff-{run}")
    page = citizen.page

    # Given the citizen on the question form for the first time
    citizen.open("/h5/consult")
    page.wait_for_selector("#consult-categories .zst-chip")
    page.wait_for_selector("#consult-notice:not(.zst-hidden)")
    assert "律师" in page.inner_text("#consult-notice-text")
    assert page.input_value("#consult-county") == "360722"  # the bureau's county: 信丰县
    assert page.eval_on_selector(".weui-btn_primary", "e => getComputedStyle(e).backgroundColor") \
        == "rgb(7, 193, 96)"
    citizen.shot("01-consult-form")

    # When they pick 劳动争议 and send too short a question, they are told at once
    page.click("label[for=category-labor]")
    page.fill("#consult-question", "工资被拖欠了")
    page.click("#consult-submit")
    page.wait_for_selector("#error-question:not(.zst-hidden)")
    assert "至少需要 10 个字" in page.inner_text("#error-question")
    # And the count follows what they type; the notice must be acknowledged before sending
    page.fill("#consult-question", QUESTION)
    assert page.inner_text("#consult-count") == str(len(QUESTION))
    assert page.is_hidden("#error-question")
    page.click("#consult-submit")
    page.wait_for_selector("#consult-notice.zst-consent_ask")
    page.check("#consult-notice-agree")
    citizen.shot("02-consult-filled")

    # When the day's limit has been reached (the backend's 429, as its functional test proves it)
    page.route(re.compile(r".*/api/consultations$"), lambda route: route.fulfill(
        status=429, content_type="application/json",
        body=json.dumps({"error": {"code": "daily_limit_reached", "message": LIMIT_MESSAGE}})))
    page.click("#consult-submit")
    # Then the page says so plainly, in place of the form
    page.wait_for_selector("#consult-limit:not(.zst-hidden)")
    assert page.inner_text("#consult-limit-text") == LIMIT_MESSAGE and page.is_hidden("#consult-form")
    citizen.shot("03-daily-limit")
    page.unroute(re.compile(r".*/api/consultations$"))

    # When they come back, what they typed is still there, and this time it is sent
    citizen.open("/h5/consult")
    page.wait_for_selector("#consult-categories .zst-chip")
    assert page.input_value("#consult-question") == QUESTION
    assert page.is_checked("#category-labor")
    if page.is_visible("#consult-notice"):
        page.check("#consult-notice-agree")
    # And a photo of the pay slip goes up with it (a thumbnail, removable), a file that is no photo
    # is refused beside the uploader
    page.set_input_files("#photo-input", files=[
        {"name": "工资条.jpg", "mimeType": "image/jpeg", "buffer": apply_e2e.photo(page, "工资条（示例）", 0)},
        {"name": "说明.pdf", "mimeType": "application/pdf", "buffer": apply_e2e.pdf("note")}])
    page.wait_for_selector("#consult-photos .zst-photo_failed")
    assert "第 2 张" in page.inner_text("#error-photos") and "JPG、PNG、HEIC" in page.inner_text("#error-photos")
    page.wait_for_selector("#consult-photos .zst-photo:not(.weui-uploader__file_status) img")
    citizen.shot("04a-consult-photo")
    page.click("#consult-photos .zst-photo_failed .zst-photo__remove")
    assert page.inner_text("#photo-count") == "1" and page.is_hidden("#error-photos")
    page.click("#consult-submit")
    page.wait_for_url(re.compile(r"/h5/consultations/ZX\d{8}-[0-9A-Z]{6}$"))
    consultation_id = page.url.rsplit("/", 1)[1]
    page.wait_for_selector("#cons-status >> text=律师解答中")
    assert page.inner_text("#cons-question") == QUESTION
    # Then the citizen sees their photo, loaded from the bucket by its short-lived link
    page.wait_for_function("() => { const i = document.querySelector('#cons-photos img');"
                           " return i && i.complete && i.naturalWidth === 640; }")
    citizen.shot("04-consultation-waiting")

    # And it reached 信丰 lawyers at once (the staff view of the consultation shows to whom)
    view = staff.context.request.get(f"{base}/api/consultations/{consultation_id}").json()
    named = xinfeng_lawyers()
    dispatched = [d["lawyer_id"] for d in view["dispatches"] if d["lawyer_id"] in named]
    assert dispatched, f"no 信丰 named lawyer among the dispatches: {view['dispatches']}"
    name, firm, openid = named[dispatched[0]]

    # When that lawyer opens the workbench, the question waits in the inbox
    lawyer = Person(browser, base, "lawyer", openid)
    desk = lawyer.open("/h5/lawyer")
    assert name in desk.inner_text("#lawyer-me")
    link = f"#lawyer-inbox a[href$='consultation={consultation_id}']"
    desk.wait_for_selector(link)
    assert "劳动争议" in desk.inner_text(link)
    lawyer.shot("05-lawyer-inbox")
    desk.click(link)
    desk.wait_for_selector("#answer-section:not(.zst-hidden)")
    assert desk.inner_text("#detail-question") == QUESTION
    # And the county lawyer sees the citizen's photo and opens it full size
    desk.wait_for_function("() => { const i = document.querySelector('#detail-photos img');"
                           " return i && i.complete && i.naturalWidth === 640; }")
    desk.click("#detail-photos .zst-photo-strip__link")
    desk.wait_for_function("() => { const i = document.querySelector('.zst-gallery img');"
                           " return i && i.complete && i.naturalWidth === 640; }")
    lawyer.shot("05a-lawyer-photo")
    desk.click(".zst-gallery")
    assert desk.query_selector(".zst-gallery") is None

    # And an answer that asks the citizen onto WeChat is refused, with the reason shown
    desk.fill("#answer-body", ADVICE + "具体情况可以加我微信 liulawyer2024 详聊。")
    desk.click("#answer-submit")
    desk.wait_for_selector("#answer-error:not(.zst-hidden)")
    refusal = desk.inner_text("#answer-error")
    assert "不能留联系方式" in refusal and "微信" in refusal
    lawyer.shot("06-lawyer-answer-refused")

    # Then the screened answer goes through, and may be edited before the award
    desk.fill("#answer-body", ADVICE)
    desk.click("#answer-submit")
    desk.wait_for_selector("#my-answer-section:not(.zst-hidden)")
    assert desk.inner_text("#my-answer-body") == ADVICE
    desk.click("#answer-edit")
    desk.fill("#answer-body", EDITED)
    desk.click("#answer-submit")
    desk.wait_for_selector("#my-answer-body >> text=申请仲裁的时效为一年")
    assert "修改" in desk.inner_text("#my-answer-time")
    lawyer.shot("07-lawyer-answered")

    # When the citizen looks again, they read the answer with the lawyer's name, firm and stars
    page.reload()
    card = ".zst-answer"
    page.wait_for_selector(f"{card} .zst-answer__body >> text=申请仲裁的时效为一年")
    assert f"{name} 律师" in page.inner_text(f"{card} .zst-answer__lawyer")
    assert firm in page.inner_text(f"{card} .zst-answer__firm")
    assert re.fullmatch(r"★ \d\.\d", page.inner_text(f"{card} .zst-answer__stars"))
    citizen.shot("08-citizen-reads-answer")

    # And asks that lawyer a follow-up
    page.click(f"{card} .zst-followup-toggle")
    page.fill(f"{card} .zst-thread__form textarea", FOLLOWUP)
    page.click(f"{card} .zst-thread__form button[type=submit]")
    page.wait_for_selector(f"{card} .zst-msg_mine >> text={FOLLOWUP}")
    citizen.shot("09-citizen-follow-up")

    # Then the lawyer's workbench shows a follow-up waiting: a badge on 我的解答, a marker on the answer
    lawyer.open("/h5/lawyer")
    desk.wait_for_selector("#answers-waiting:not(.zst-hidden)")
    assert desk.inner_text("#answers-waiting") == "1" and desk.is_visible("#answers-waiting")
    assert desk.locator("#answers-waiting").bounding_box()["height"] >= 12
    desk.click("#tab-answers")
    waiting = f"#lawyer-answers a[href$='consultation={consultation_id}'] .zst-waiting__tag"
    desk.wait_for_selector(waiting)
    assert desk.is_visible(waiting) and desk.inner_text(waiting) == "市民追问待回复"
    lawyer.shot("09a-lawyer-follow-up-waiting")
    # And the answer opens on the thread (as the notice's link /h5/lawyer?consultation=… does)
    desk.click(f"#lawyer-answers a[href$='consultation={consultation_id}']")
    desk.wait_for_selector(f"#lawyer-thread .zst-msg_theirs >> text={FOLLOWUP}")
    desk.wait_for_selector("#thread-waiting:not(.zst-hidden)")
    desk.wait_for_function("() => { const r = document.querySelector('#thread-title').getBoundingClientRect();"
                           " return r.top >= 0 && r.top < window.innerHeight; }")
    lawyer.shot("09b-lawyer-thread-opened")
    # When they reply, nothing waits any more
    desk.fill("#reply-body", REPLY)
    desk.click("#reply-submit")
    desk.wait_for_selector("#lawyer-thread .zst-msg_mine >> text=没有书面劳动合同")
    assert desk.is_hidden("#thread-waiting")
    lawyer.shot("10-lawyer-replies")
    with desk.expect_response(lambda r: r.url.endswith("/api/lawyer/answers")) as counted:
        lawyer.open("/h5/lawyer")
    assert counted.value.ok and not any(a["awaiting_reply"] for a in counted.value.json())
    assert desk.is_hidden("#answers-waiting")
    desk.goto(f"{base}/h5/lawyer?consultation={consultation_id}")

    # When the citizen reads the reply and marks the answer 中标, a dialog asks them to confirm
    page.reload()
    page.wait_for_selector(f"{card} .zst-msg_theirs >> text=没有书面劳动合同")
    page.click(f"{card} .zst-award")
    page.wait_for_selector("#award-dialog:not(.zst-hidden)")
    assert name in page.inner_text("#award-dialog-text") and "不能更改" in page.inner_text("#award-dialog-text")
    citizen.shot("11-award-dialog")
    page.click("#award-cancel")  # they may think again: nothing happens
    assert page.is_hidden("#award-dialog") and page.is_visible(f"{card} .zst-award")
    page.click(f"{card} .zst-award")
    page.click("#award-confirm")
    # Then the answer is 中标 and they rate it
    page.wait_for_selector("#cons-status >> text=已选定中标回答")
    page.wait_for_selector(f"{card}.zst-answer_awarded .zst-badge-award")
    assert page.query_selector(".zst-award") is None
    page.wait_for_selector("#cons-rating:not(.zst-hidden)")
    page.click("label[for=star-5]")
    assert page.inner_text("#rating-word") == "非常满意"
    page.fill("#rating-comment", "解答很具体，依据清楚，谢谢律师！")
    citizen.shot("12-rating")
    page.click("#rating-submit")
    page.wait_for_selector("#rating-done:not(.zst-hidden)")
    assert page.inner_text("#rating-done-stars").startswith("★★★★★")
    citizen.shot("13-rated")

    # And the answers page explains how stars move (星级说明), readable when opened
    page.click("#stars-note summary")
    assert page.is_visible("#stars-note p") and "被选为中标都不改变星级" in page.inner_text("#stars-note")
    page.locator("#stars-note").scroll_into_view_if_needed()
    citizen.shot("13b-stars-note")

    # And the lawyer can no longer edit the awarded answer
    desk.reload()
    desk.wait_for_selector("#my-answer-time >> text=已被选为中标回答")
    assert desk.is_hidden("#answer-edit")
    # And their stars moved only by the rating, as the formula on their workbench says
    assert re.fullmatch(r".*★ \d\.\d", desk.inner_text("#lawyer-me"))
    assert desk.is_visible("#stars-note summary")
    lawyer.shot("13a-lawyer-stars")

    # And the citizen's list shows the consultation, newest first
    citizen.open("/h5/mine")
    page.wait_for_selector(f"#mine-consultations a[href$='/h5/consultations/{consultation_id}']")
    assert "已选定中标回答" in page.inner_text("#mine-consultations")
    citizen.shot("14-mine")

    # When staff open the figures, they see this one consultation, answered within 10 minutes,
    # and the payout of 劳动争议 (40 yuan, categories.json) in the figures, the ledger and its CSV
    board = staff.open("/h5/staff/stats")
    board.wait_for_selector("[data-figure=consultations]")
    figure = lambda key: board.inner_text(f"[data-figure={key}] .zst-figure__value")  # noqa: E731
    assert figure("consultations") == "1"
    assert figure("first_response_10min_rate") == "100.0%"
    assert figure("award_rate") == "100.0%" and figure("answers_per_consultation") == "1"
    assert figure("payouts_fen") == "¥40.00"
    board.wait_for_selector(f"#ledger-lines >> text={name}")
    assert "共 1 笔，合计 ¥40.00" in board.inner_text("#ledger-total")
    staff.shot("15-staff-stats")
    href = board.get_attribute("#ledger-csv", "href")
    assert href.endswith(f"/api/staff/payouts.csv?month={board.input_value('#ledger-month')}"), href
    csv = staff.context.request.get(base + href if href.startswith("/") else href)
    text = csv.body().decode("utf-8-sig")
    assert csv.ok and name in text and consultation_id in text and "40.00" in text

    # And the staff view of the consultation shows to whom it was dispatched
    staff.open(f"/h5/staff/consultations/{consultation_id}")
    staff.page.wait_for_selector("#cons-dispatches .weui-cell >> text=本县")
    staff.shot("16-staff-consultation")
    assert citizen.errors == [] and lawyer.errors == [] and staff.errors == []
