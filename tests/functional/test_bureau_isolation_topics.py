"""热点普法 (issue 13, AP-242…247) and its isolation rows (docs/decisions/many-bureaus.md §6): 信丰's (A)
clerk writes a draft, previews, publishes now or at a time — the article appears when the clock
reaches its time with nothing written in between — pins, unpublishes and pushes within the month's
quota; hostile Markdown reaches the page as text; B's article ids are the same 404 as random ids on
every route and write nothing; nothing of B shows to A."""
import json
from datetime import timedelta

import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from chalicelib.db.messaging import Notification
from tests.functional.isolation_support import clerk_tokens, table_snapshot

A, B = "360722", "360723"
RANDOM = "20260101-000000000000"
B_TITLE = "大余县宪法宣传周活动安排（B 独有）"
COVERED = {
    ("GET", "/api/staff/topics"), ("POST", "/api/staff/topics"), ("POST", "/api/staff/topics/preview"),
    ("GET", "/api/staff/topics/{topic_id}"), ("PUT", "/api/staff/topics/{topic_id}"),
    ("POST", "/api/staff/topics/{topic_id}/publish"), ("POST", "/api/staff/topics/{topic_id}/unpublish"),
    ("POST", "/api/staff/topics/{topic_id}/pin"), ("POST", "/api/staff/topics/{topic_id}/push"),
    ("GET", "/h5/staff/topics"), ("GET", "/h5/staff/topics/{topic_id}"),
}
BODY = "# 宪法是根本法\n\n**12月4日**是国家宪法日。\n\n- 学宪法\n- 讲宪法\n\n见[第三十三条](/h5/laws/constitution#art-33)"


@pytest.fixture
def world(moto_table, clock):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)

        def call(method, path, bureau=None, body=None):
            headers = {"content-type": "application/json"}
            if bureau:
                headers["authorization"] = f"Bearer {tokens[bureau]}"
            raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
            response = getattr(client.http, method.lower())(path, body=raw, headers=headers)
            return response.status_code, response.body.decode()

        def new(bureau, title="宪法日说宪法", body=BODY, publish=False, **extra):
            status, text = call("POST", "/api/staff/topics", bureau, {"title": title, "body": body, **extra})
            assert status == 201, text
            found = json.loads(text)
            if publish:
                status, text = call("POST", f"/api/staff/topics/{found['topic_id']}/publish", bureau,
                                    {"version": found["version"]})
                assert status == 200, text
                found = json.loads(text)
            return found
        b_topic = new(B, B_TITLE, "大余县的安排。", publish=True)
        yield call, new, b_topic, clock


def _table():
    return table_snapshot(sessions=False)


def test_a_draft_is_not_public_until_published_and_renders_safely(world):
    call, new, _, _ = world
    # Given a draft tied to a law and to 国家宪法日
    draft = new(A, laws=[{"law": "constitution", "article": 33}], plan_day="12-04")
    assert draft["state"] == "draft" and draft["plan_day"]["name"] == "国家宪法日"
    assert call("GET", f"/api/bureaus/{A}/topics/{draft['topic_id']}")[0] == 404
    # When it is published now
    status, text = call("POST", f"/api/staff/topics/{draft['topic_id']}/publish", A, {"version": 1})
    assert status == 200 and json.loads(text)["state"] == "published"
    # Then the public page shows the rendered article, its law linked
    page = call("GET", f"/h5/topics/{draft['topic_id']}?bureau={A}")[1]
    assert "<h2>宪法是根本法</h2>" in page and "<strong>12月4日</strong>" in page
    assert '/h5/laws/constitution#art-33">《宪法》第三十三条' in page
    assert B_TITLE not in call("GET", f"/h5/topics?bureau={A}")[1]


def test_a_scheduled_article_appears_when_its_time_comes_with_nothing_written(world):
    call, new, _, clock = world
    draft = new(A, "交通安全日提醒")
    # Given it is scheduled for 2 hours from now, China time (the clock is 2026-03-02 02:00Z = 10:00)
    status, text = call("POST", f"/api/staff/topics/{draft['topic_id']}/publish", A,
                        {"version": 1, "at": "2026-03-02T12:00"})
    assert status == 200 and json.loads(text)["state"] == "scheduled"
    assert json.loads(text)["publish_at"] == "2026-03-02T04:00:00Z"
    assert "交通安全日提醒" not in call("GET", f"/api/bureaus/{A}/topics")[1]
    assert call("GET", f"/h5/topics/{draft['topic_id']}?bureau={A}")[0] == 404
    before = _table()
    # When the clock reaches the time
    clock.advance(timedelta(hours=2))
    # Then it is listed and readable, and nothing was written for it to go live
    listing = json.loads(call("GET", f"/api/bureaus/{A}/topics")[1])
    assert [t["title"] for t in listing["items"]] == ["交通安全日提醒"]
    assert call("GET", f"/h5/topics/{draft['topic_id']}?bureau={A}")[0] == 200
    assert _table() == before


@pytest.mark.parametrize("at", ["2026-03-01T09:00", "2027-06-01T09:00", "tomorrow", "2026-03-02T25:00"])
def test_a_time_in_the_past_too_far_ahead_or_unreadable_is_refused(world, at):
    call, new, _, _ = world
    draft = new(A)
    before = _table()
    status, text = call("POST", f"/api/staff/topics/{draft['topic_id']}/publish", A, {"version": 1, "at": at})
    assert status == 400 and "时间" in json.loads(text)["error"]["message"]
    assert _table() == before


def test_hostile_markdown_reaches_the_page_as_text(world):
    call, new, _, _ = world
    hostile = ("<script>alert(1)</script>\n\n[点我](javascript:void)\n\n[外站](//evil.example)\n\n"
               "<img src=x onerror=alert(1)>")
    topic = new(A, "测试", hostile, publish=True)
    page = call("GET", f"/h5/topics/{topic['topic_id']}?bureau={A}")[1]
    body = page.split('id="topic-body">')[1].split("</article>")[0]
    assert "<script>" not in body and "<img" not in body and "href" not in body
    assert "&lt;script&gt;" in body and "点我" in body
    status, text = call("POST", "/api/staff/topics/preview", A, {"body": hostile})
    assert status == 200 and "<script>" not in json.loads(text)["html"]


def test_pinned_first_then_newest_and_unpublish_takes_it_away(world):
    call, new, _, clock = world
    old = new(A, "旧文", publish=True)
    clock.advance(timedelta(minutes=1))
    new(A, "新文", publish=True)
    status, _ = call("POST", f"/api/staff/topics/{old['topic_id']}/pin", A, {"version": 2, "pinned": True})
    assert status == 200
    listing = json.loads(call("GET", f"/api/bureaus/{A}/topics")[1])
    assert [t["title"] for t in listing["pinned"]] == ["旧文"] and [t["title"] for t in listing["items"]] == ["新文"]
    assert call("POST", f"/api/staff/topics/{old['topic_id']}/unpublish", A, {"version": 3})[0] == 200
    listing = json.loads(call("GET", f"/api/bureaus/{A}/topics")[1])
    assert listing["pinned"] == [] and [t["title"] for t in listing["items"]] == ["新文"]
    trail = json.loads(call("GET", f"/api/staff/topics/{old['topic_id']}", A)[1])["history"]
    assert [h["action"] for h in trail] == ["unpublish", "pin", "publish", "create"]


def test_a_stale_version_is_a_409_that_writes_nothing(world):
    call, new, _, _ = world
    topic = new(A)
    assert call("PUT", f"/api/staff/topics/{topic['topic_id']}", A, {"title": "改", "body": "改", "version": 1})[0] == 200
    before = _table()
    status, text = call("PUT", f"/api/staff/topics/{topic['topic_id']}", A, {"title": "再改", "body": "x", "version": 1})
    assert status == 409 and "刷新" in json.loads(text)["error"]["message"]
    assert _table() == before


def test_a_push_is_once_per_article_and_within_the_months_quota(world, moto_table):
    call, new, _, _ = world
    quota = moto_table.settings.mass_sends_per_month
    draft = new(A, "草稿不能推送")
    assert call("POST", f"/api/staff/topics/{draft['topic_id']}/push", A)[0] == 409
    pushed = []
    for n in range(quota):
        topic = new(A, f"第{n + 1}篇", publish=True)
        status, text = call("POST", f"/api/staff/topics/{topic['topic_id']}/push", A)
        assert status == 201, text
        pushed.append(json.loads(text))
    assert pushed[-1]["used"] == quota and pushed[-1]["left"] == 0
    note = Notification.get(f"OUTBOX#{pushed[0]['notification_id']}", "OUTBOX")
    assert (note.audience, note.channel, note.template_key, note.account) == ("followers", "mass", "hot_topic", A)
    assert "【热点普法】第1篇" in note.payload["text"] and "/h5/topics/" in note.payload["url"]
    before = _table()
    # The same article again, and one more article past the quota: 409, nothing written
    status, text = call("POST", f"/api/staff/topics/{topic['topic_id']}/push", A)
    assert status == 409 and "已经推送" in json.loads(text)["error"]["message"]
    extra = new(A, "超出配额", publish=True)
    before = _table()
    status, text = call("POST", f"/api/staff/topics/{extra['topic_id']}/push", A)
    assert status == 409 and "群发次数" in json.loads(text)["error"]["message"]
    assert _table() == before
    # B's quota is its own
    b_topic = new(B, "大余的文章", publish=True)
    assert call("POST", f"/api/staff/topics/{b_topic['topic_id']}/push", B)[0] == 201


@pytest.mark.parametrize("body", [
    {"title": "", "body": "正文"},
    {"title": "长" * 61, "body": "正文"},
    {"title": "标题", "body": "字" * 20001},
    {"title": "标题", "body": "正文", "laws": [{"law": "no-such-law"}]},
    {"title": "标题", "body": "正文", "laws": [{"law": "civil-code", "article": 0}]},
    {"title": "标题", "body": "正文", "laws": [{"law": "civil-code"}] * 6},
    {"title": "标题", "body": "正文", "plan_day": "02-30"},
    {"title": "标题", "body": "正文", "status": "published"},
    {"title": "标题", "body": "正文", "bureau": B},
    '{"title": "\\ud800", "body": "正文"}',
])
def test_hostile_drafts_are_refused_and_write_nothing(world, body):
    call, _, _, _ = world
    before = _table()
    status, text = call("POST", "/api/staff/topics", A, body)
    assert status == 400, text
    assert _table() == before


def test_bs_article_is_a_missing_one_to_a_on_every_route_and_writes_nothing(world):
    call, _, b_topic, _ = world
    theirs, before = b_topic["topic_id"], _table()
    for method, tail, body in (("GET", "", None), ("PUT", "", {"title": "x", "body": "y", "version": 2}),
                               ("POST", "/publish", {"version": 2}), ("POST", "/unpublish", {"version": 2}),
                               ("POST", "/pin", {"version": 2, "pinned": True}), ("POST", "/push", None)):
        mine = call(method, f"/api/staff/topics/{theirs}{tail}", A, body)
        nobody = call(method, f"/api/staff/topics/{RANDOM}{tail}", A, body)
        assert mine[0] == 404 and mine == nobody, (method, tail)
    assert call("GET", f"/h5/staff/topics/{theirs}", A)[0] == 404
    assert call("GET", f"/h5/topics/{theirs}?bureau={A}")[0] == 404
    assert call("GET", f"/api/bureaus/{A}/topics/{theirs}")[0] == 404
    assert _table() == before


def test_lists_and_pages_of_a_hold_nothing_of_b(world):
    call, new, b_topic, _ = world
    mine = new(A, "信丰的文章", publish=True)
    for path, bureau in (("/api/staff/topics", A), ("/h5/staff/topics", A), (f"/api/bureaus/{A}/topics", None),
                         (f"/h5/topics?bureau={A}", None), (f"/h5/staff/topics/{mine['topic_id']}", A)):
        text = call("GET", path, bureau)[1]
        assert "信丰的文章" in text and B_TITLE not in text and b_topic["topic_id"] not in text, path
    assert B_TITLE in call("GET", f"/api/bureaus/{B}/topics")[1]


def test_the_topic_routes_are_for_staff_only(world):
    call, _, b_topic, _ = world
    assert call("GET", "/api/staff/topics")[0] == 401
    assert call("POST", f"/api/staff/topics/{b_topic['topic_id']}/push")[0] == 401
