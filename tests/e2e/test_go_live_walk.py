"""Issue 11, done when: an integration test walks docs/go-live.md on the local stack — the operator's
own commands where they run locally (`bureaus`, `make wechat-templates`, the first admin, `due`),
the roster import as the documented curl, the rest through the HTTP routes and the WeChat stand-in:
a roster imported, a self-registered lawyer approved, a reviewer invited, the templates checked
against the stand-in, and a first question answered with every notice carrying its link and Beijing
time. The stack loads only what `make seed` loads outside local/dev (reference data, no invented
lawyers or staff), so every person in the walk came in the way a real bureau's do. Screenshots of
the answered consultation and of a notice opened signed in, at 375 px, under test-artifacts/go-live/.
"""
import json
import os
import re
import secrets
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests

from local import layout
from tests.e2e.stack import PHONE, ROOT, STEP, running

DESK = {"viewport": {"width": 1280, "height": 900}, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}
from tests.e2e.test_h5_apply_browser import photo
from tests.e2e.test_h5_consult_browser import ADVICE, QUESTION
from tests.notice_checks import ACTING_PAGES, MACHINE_TIME, MACHINE_WORD

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "go-live"
# What `make seed` loads in any stage but local and dev (seeds/datasets.py): no invented people.
REFERENCE_ONLY = "--only categories,regions,bureaus,catalog,laws,cases"
BUREAU = "360722"
BEIJING = timezone(timedelta(hours=8))
HUMAN_TIME = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日 (\d{2}):(\d{2})")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("go-live-stack")
    with running(folder / "stack.log", folder / "data", seed_args=REFERENCE_ONLY) as local:
        yield local, folder / "data"


def operator_env(port, data_dir):
    """The environment an operator's shell has against this stack: what `make run` gives its app
    (the table, DynamoDB Local, the WeChat stand-in, the accounts), as docs/go-live.md step 5 sets."""
    variables = {k: v for k, v in os.environ.items()
                 if k not in layout.CONTRACT and not k.startswith("AWS_")}
    variables.update(PORT=str(port), LOCAL_DATA_DIR=str(data_dir))
    env = layout.plan_stack(variables, layout.plan_ports(port)).env
    env["PATH"] = "/usr/bin:/bin"
    return env


class Operator:
    """Runs docs/go-live.md's commands, as written there, against the local stack."""

    def __init__(self, env):
        self.env, self.said = env, []

    def run(self, *command, stdin=None, expect=0):
        if command[0] == "make":  # the shared venv is installed already: never reinstall it here
            command = ("make", "--no-print-directory", "-o", ".venv/.installed-run", *command[1:])
        elif command[0] == "python":
            command = (sys.executable, *command[1:])
        done = subprocess.run(command, cwd=ROOT, env=self.env, input=stdin, capture_output=True,
                              text=True, timeout=180)
        self.said.append((command, done.returncode, done.stdout, done.stderr))
        assert done.returncode == expect, f"{command} -> {done.returncode}\n{done.stdout}\n{done.stderr}"
        return done.stdout


class Person:
    """Someone using the HTTP routes with a bearer token, as the pages (and docs' curl) do."""

    def __init__(self, base, token=None):
        self.base, self.session = base, requests.Session()
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"

    @classmethod
    def signed_in(cls, base, **login):
        """A local sign-in (`/dev/login`, what WeChat's OAuth gives on AWS)."""
        answer = requests.post(f"{base}/dev/login", json=login, timeout=30)
        assert answer.ok, answer.text
        return cls(base, answer.json()["token"])

    def call(self, method, path, expect=200, **kwargs):
        answer = self.session.request(method, self.base + path, timeout=60, **kwargs)
        assert answer.status_code == expect, f"{method} {path} -> {answer.status_code}: {answer.text}"
        return answer.json() if answer.content else None


def notices(base, openid, count=1, wait=20.0):
    """What the WeChat stand-in received for `openid` (newest first), once there are `count`."""
    deadline = time.monotonic() + wait
    while True:
        found = requests.get(f"{base}/dev/wechat/notifications", params={"openid": openid},
                             timeout=30).json()["records"]
        if len(found) >= count:
            return found
        if time.monotonic() > deadline:
            break
        time.sleep(0.2)
    pytest.fail(f"{openid} got {len(found)} notices, not {count}: {found}")


def readable(record, audience, sent_between):
    """Why a notice the stand-in received fails its reader: no link to the page that acts on it, no
    Beijing time of when it was sent, machine time or codes where a person reads words."""
    found, url = [], record["url"] or ""
    path = url.split("://", 1)[-1].partition("/")[2]
    if not record["ok"] or not ACTING_PAGES[audience].match("/" + path):
        found.append(f"link {url!r} is not the page that acts on it ({record['error']})")
    values = [str(v) for v in record["data"].values()]
    times = [m for m in map(HUMAN_TIME.fullmatch, values) if m]
    if len(times) != 1:
        found.append(f"no single Beijing time in {record['data']}")
    else:
        shown = datetime(*map(int, times[0].groups()), tzinfo=BEIJING)
        start, end = sent_between
        if not start - timedelta(minutes=1) <= shown <= end:
            found.append(f"{times[0].group(0)} is not Beijing time between {start:%H:%M} and {end:%H:%M} UTC")
    found += [f"machine text {v!r}" for v in values if MACHINE_TIME.search(v) or MACHINE_WORD.fullmatch(v)]
    return found


def roster_csv(licences):
    """The bureau's roster as a spreadsheet saves it: three 信丰 lawyers."""
    rows = [("姓名", "执业证号", "律所", "服务县区", "专长", "手机"),
            ("邱文华", licences[0], "江西信丰正道律师事务所", "信丰县", "劳动争议、婚姻家庭", "138 0797 2001"),
            ("温雅琴", licences[1], "江西信丰正道律师事务所", "信丰", "交通事故", ""),
            ("廖建平", licences[2], "江西赣南律师事务所", "360722", "合同纠纷", "")]
    return ("\r\n".join(",".join(r) for r in rows) + "\r\n").encode("utf-8")


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def phone_signed_in(browser, base, **login):
    """A phone whose browser holds the session of a local sign-in (its cookie), as a notice's
    link opens inside WeChat once OAuth has signed the reader in."""
    return signed_in_browser(browser, base, PHONE, **login)


def signed_in_browser(browser, base, screen, **login):
    context = browser.new_context(**screen)
    context.set_default_timeout(STEP)
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    assert context.request.post(f"{base}/dev/login", data=login).ok
    return context, errors


def test_the_go_live_checklist_walked_from_a_table_with_no_people_to_a_first_answered_question(
        stack, browser, tmp_path):
    local, data_dir = stack
    base, run = local.base, secrets.token_hex(3)
    operator = Operator(operator_env(local.port, data_dir))
    started = datetime.now(timezone.utc)

    # -- step 5: the reference data, the bureau, its jobs (the stack ran `make seed`'s loader) ------
    # Given the bureau as the seeds wrote it (outside local and dev `make seed` leaves it onboarding;
    # the local stack's seeds put it live at once, on its stand-in account — the walk does not switch
    # it back: the running app sees an account's status only every 5 minutes)
    listed = operator.run("python", "-m", "chalicelib.admin.bureaus", "list")
    assert re.search(rf"^{BUREAU}\s+信丰\s+live\s+信丰县司法局$", listed, re.M), listed
    # Then its jobs are there and nothing is due without a handler
    operator.run("python", "-m", "chalicelib.admin.due")

    # -- step 7: templates, checked against the WeChat stand-in ------------------------------------
    # When the operator checks the account before configuring it, every kind is named as having none
    before = operator.run("make", "wechat-templates", f"ACCOUNT={BUREAU}", expect=2)
    kinds = re.search(r"^0 of (\d+) kinds have a fitting template", before, re.M).group(1)
    assert re.search(r"^  NONE     consultation_dispatched \(template, ", before, re.M)
    # And switching the bureau live is refused, naming what has no template
    operator.run("python", "-m", "chalicelib.admin.bureaus", "live", "--code", BUREAU, expect=2)
    assert f"cannot go live: {kinds} notice kinds have no template" in operator.said[-1][3]
    # When it sets the templates of the bureau's and the lawyers' account (the local example file)
    templates = (ROOT / "local" / "wechat-templates.json").read_text("utf-8")
    for account in (BUREAU, "lawyers"):
        set_ = operator.run("python", "-m", "chalicelib.admin.bureaus", "templates", "--code", account,
                            stdin=templates)
        assert set_.endswith("every notice kind it sends has one\n"), set_
        # Then `make wechat-templates` lists the account's templates at WeChat and passes
        after = operator.run("make", "wechat-templates", f"ACCOUNT={account}")
        assert re.search(r"^Account \S+: 10 templates at WeChat$", after, re.M), after
        assert re.search(r"^(\d+) of \1 kinds have a fitting template$", after, re.M), after

    # -- step 8: the menu -------------------------------------------------------------------------
    menu = operator.run("python", "-m", "chalicelib.admin.bureaus", "menu", "--code", BUREAU, "--dry-run")
    assert '"name": "我要咨询"' in menu  # what step 12's first asker taps
    assert "menu published" in operator.run("make", "wechat-menu")

    # -- step 9: the first admin, then a reviewer ------------------------------------------------
    said = operator.run("python", "-m", "chalicelib.admin.staff", "first-admin", "--bureau", BUREAU,
                        "--name", "陈志刚")
    code = re.search(r"one-time code: (\S+)", said).group(1)
    assert f"/h5/join-staff?bureau={BUREAU}" in said
    # When the person, following the bureau's account, redeems it
    # (in a desk browser: the join answers with the staff session's token and its cookie)
    admin_openid = f"o-golive-admin-{run}"
    admin_desk, admin_errors = signed_in_browser(browser, base, DESK, role="citizen", id=admin_openid,
                                                 follow=True)
    joined = admin_desk.request.post(f"{base}/api/auth/join-staff", data={"code": code})
    assert joined.ok, joined.text()
    admin = Person(base, joined.json()["token"])
    # Then they are the bureau's admin, and a second first admin is refused
    assert [m["roles"] for m in admin.call("GET", "/api/staff/members")["members"]] == [["admin"]]
    operator.run("python", "-m", "chalicelib.admin.staff", "first-admin", "--bureau", BUREAU,
                 "--name", "李四", expect=1)
    # When the admin invites a reviewer, who redeems the one-time code from WeChat
    invite = admin.call("POST", "/api/staff/invites", json={"name": "张敏", "roles": ["reviewer"]},
                        expect=201)
    reviewer_openid = f"o-golive-reviewer-{run}"
    reviewer = Person.signed_in(base, role="citizen", id=reviewer_openid, follow=True)
    reviewer = Person(base, reviewer.call("POST", "/api/auth/join-staff",
                                          json={"code": invite["code"]})["token"])
    # Then the bureau has both, and the reviewer may not import lawyers (an admin's route)
    members = admin.call("GET", "/api/staff/members")["members"]
    assert sorted((m["name"], m["roles"][0], m["bound"]) for m in members) == [
        ("张敏", "reviewer", True), ("陈志刚", "admin", True)]
    reviewer.call("POST", "/api/staff/lawyers/import?dry_run=1", expect=403, data=b"x",
                  headers={"Content-Type": "application/octet-stream"})

    # -- step 10: the roster, imported with the documented curl ----------------------------------
    serial = int(run, 16) % 9000
    licences = [f"136072019120{serial:04d}{n}" for n in range(3)]
    (tmp_path / "roster.csv").write_bytes(roster_csv(licences))

    def curl(dry_run):
        query = "?dry_run=1" if dry_run else ""
        out = operator.run("curl", "-fsS", "-X", "POST", f"{base}/api/staff/lawyers/import{query}",
                           "-H", f"Authorization: Bearer {admin.session.headers['Authorization'][7:]}",
                           "-H", "Content-Type: application/octet-stream",
                           "--data-binary", f"@{tmp_path / 'roster.csv'}")
        return json.loads(out)
    preview = curl(dry_run=True)
    assert (preview["created"], preview["updated"], preview["unchanged"], preview["errors"]) == (3, 0, 0, [])
    assert curl(dry_run=False)["created"] == 3
    assert curl(dry_run=True)["unchanged"] == 3  # idempotent by licence number

    # -- step 10: a lawyer registers themselves, an admin approves ---------------------------------
    lawyer_openid = f"o-golive-lawyer-{run}"
    applicant = Person.signed_in(base, role="citizen", id=lawyer_openid, account="lawyers", follow=True)
    join_phone, join_errors = signed_in_browser(browser, base, PHONE, role="citizen", id=lawyer_openid,
                                                account="lawyers", follow=True)
    page = join_phone.new_page()
    page.goto(f"{base}/h5/lawyer/join")
    page.wait_for_selector("#lawyer-join:not(.zst-hidden)")
    assert page.inner_text("footer") == "掌上通 · 律师服务"  # a lawyers' page, not one bureau's
    shot(page, "00-lawyer-join")
    join_phone.close()
    page_context, _ = phone_signed_in(browser, base, role="citizen", id=f"o-golive-page-{run}")
    licence_photo = photo(page_context.new_page(), "律师执业证（示例）", 0)
    page_context.close()
    grant = applicant.call("POST", "/api/lawyer/join/photo", expect=201, json={
        "filename": "执业证.jpg", "content_type": "image/jpeg", "size": len(licence_photo), "consent": True})
    uploaded = requests.post(grant["url"], data=grant["fields"], timeout=60,
                             files={"file": ("执业证.jpg", licence_photo, "image/jpeg")})
    assert uploaded.status_code in (200, 201, 204), uploaded.text
    applied = applicant.call("POST", "/api/lawyer/join", expect=201, json={
        "name": "邱文华", "licence_no": licences[0], "firm": "江西信丰正道律师事务所", "counties": [BUREAU],
        "specialties": ["labor"], "photo": grant["upload_id"], "consent": True})
    assert applied["status"] == "pending"
    # Then the admin sees it beside the roster line for that licence, not yet bound
    (request,) = admin.call("GET", "/api/staff/lawyers/join-requests")
    assert request["roster"]["name"] == "邱文华" and request["roster"]["bound"] is False
    assert requests.get(request["photo_url"], timeout=30).content == licence_photo
    # When they approve it, the roster lawyer is bound to the openid, and the lawyer is told
    approved = admin.call("POST", f"/api/staff/lawyers/join-requests/{request['request_id']}/approve")
    assert approved["status"] == "approved" and approved["created"] is False
    lawyer_id = approved["lawyer_id"]
    (told,) = notices(base, lawyer_openid)
    assert told["account"] == "lawyers" and told["url"].endswith(f"/h5/lawyer/join?request={request['request_id']}")
    # And the annual assessment is set a year ahead
    due = (datetime.now(BEIJING) + timedelta(days=365)).date().isoformat()
    admin.call("PUT", f"/api/staff/lawyers/{lawyer_id}/assessment", json={"due": due})

    # -- step 11: the bureau goes live, the stack passes its smoke test ---------------------------
    assert f"bureau {BUREAU}: live -> live" in operator.run(
        "python", "-m", "chalicelib.admin.bureaus", "live", "--code", BUREAU)
    # (the local scheduler ticks at each minute; a tick now spares a fresh stack waiting for it)
    now = datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    assert requests.post(f"{base}/dev/tick", json={"time": now}, timeout=60).ok
    smoke = operator.run("make", "smoke", f"BASE_URL={base}")
    assert "ok    health" in smoke and "ok    url verification" in smoke

    # -- step 12: the first real question ---------------------------------------------------------
    # Given a citizen following the bureau's account, on the consultation page, who allows notices
    asker_openid = f"o-golive-asker-{run}"
    asker_phone, asker_errors = phone_signed_in(browser, base, role="citizen", id=asker_openid, follow=True)
    asker = Person.signed_in(base, role="citizen", id=asker_openid, follow=True)
    allowed = asker.call("GET", "/api/me/subscriptions")["offer"]["consultation"]  # what its page offers
    assert allowed
    asker.call("POST", "/api/me/subscriptions", json={"request_id": f"golive{run}", "accepted": allowed})
    # When they ask
    consultation = asker.call("POST", "/api/consultations", expect=201,
                              json={"category": "labor", "question": QUESTION})["id"]
    # Then the approved lawyer, the county's only lawyer on WeChat, gets the question
    dispatched = notices(base, lawyer_openid, count=2)[0]
    assert dispatched["url"].endswith(f"/h5/lawyer?consultation={consultation}"), dispatched
    # When the lawyer opens it, signed in, and answers
    lawyer = Person.signed_in(base, role="lawyer", id=lawyer_openid)
    answer = lawyer.call("POST", f"/api/consultations/{consultation}/answers", json={"body": ADVICE},
                         expect=201)
    # Then the asker is told, with a link to the consultation naming the bureau
    answered = notices(base, asker_openid)[0]
    assert answered["url"].endswith(f"/h5/consultations/{consultation}?bureau={BUREAU}"), answered
    # When they choose it as the answer (中标), the lawyer is told too
    asker.call("POST", f"/api/consultations/{consultation}/award", json={"answer_id": answer["id"]})
    notices(base, lawyer_openid, count=3)
    ended = datetime.now(timezone.utc)

    # -- every notice of the walk carries its link and Beijing time ------------------------------
    walk = {lawyer_openid: "lawyer", asker_openid: "citizen", admin_openid: "staff", reviewer_openid: "staff"}
    received = {openid: notices(base, openid, count=0, wait=0) for openid in walk}
    assert len(received[lawyer_openid]) == 3 and len(received[asker_openid]) >= 1
    problems = [f"{openid}: {p}" for openid, records in received.items() for record in records
                for p in readable(record, walk[openid], (started, ended))]
    assert not problems, "\n".join(problems)
    # And nothing was parked, nothing is due that is late or unhandled
    assert admin.call("GET", "/api/staff/notifications/failed") == []
    operator.run("python", "-m", "chalicelib.admin.due")

    # -- looked at: the answered consultation, and the lawyer's notice opened signed in ------------
    page = asker_phone.new_page()
    page.goto(answered["url"])
    page.wait_for_selector(".zst-answer__time")
    assert "中标" in page.inner_text("body")
    shot(page, "01-consultation-answered")
    lawyer_phone, lawyer_errors = phone_signed_in(browser, base, role="lawyer", id=lawyer_openid)
    page = lawyer_phone.new_page()
    page.goto(dispatched["url"])
    page.wait_for_selector(f"text={ADVICE[:12]}")
    shot(page, "02-lawyer-notice-opened")

    # -- step 12.5: where citizens' personal-information requests arrive -------------------------
    # When the asker asks for deletion, the admin sees whose request it is at /h5/staff/privacy
    # (on /h5/me/privacy, where a follower is asked to allow the result's notice, and allows it)
    privacy_page = asker_phone.new_page()
    privacy_page.goto(f"{base}/h5/me/privacy")
    privacy_page.wait_for_selector("#zst-subscribe-ask:not(.zst-hidden)")
    privacy_page.fill("#privacy-reason", "不再需要")
    privacy_page.click("#zst-subscribe-button")
    privacy_page.wait_for_selector("#zst-subscribe-done:not(.zst-hidden)")
    privacy_page.on("dialog", lambda dialog: dialog.accept())
    privacy_page.click("#privacy-delete-submit")
    privacy_page.wait_for_selector("#privacy-requests .weui-cell")
    shot(privacy_page, "04-citizen-privacy-asked")
    page = admin_desk.new_page()
    page.goto(f"{base}/h5/staff/privacy")
    page.wait_for_selector("#privacy-list [data-request]")
    row = page.inner_text("#privacy-list [data-request]")
    assert row.startswith("群众（未留姓名和电话） · ") and asker_openid[:8] not in row, row
    shot(page, "03-staff-privacy-desk")
    # When they complete it, Then the asker is told, with the link and Beijing time every notice has
    page.on("dialog", lambda dialog: dialog.accept())
    page.click("#privacy-list [data-request] button")
    page.wait_for_function("() => /没有待处理的请求/.test(document.querySelector('#privacy-list').textContent)")
    done = notices(base, asker_openid, count=2)[0]
    assert done["url"].endswith(f"/h5/me/privacy?bureau={BUREAU}"), done
    assert not readable(done, "citizen", (started, datetime.now(timezone.utc)))
    for context in (asker_phone, lawyer_phone, admin_desk):
        context.close()
    errors = asker_errors + lawyer_errors + admin_errors + join_errors
    assert not errors, errors
