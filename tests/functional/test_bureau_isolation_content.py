"""A bureau's notices and guides (issue 10, AP-77) and their isolation rows (docs/decisions/many-bureaus.md
§6): staff of 信丰 (A) publish, list and withdraw their own items; B's slug is the same 404 as a slug
nobody issued and writes nothing; the public list of A shows nothing of B; hostile input is a 400
that writes nothing."""
import json
from urllib.parse import quote

import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from tests.functional.isolation_support import clerk_tokens, table_snapshot

A, B = "360722", "360723"
B_TITLE = "大余县关于春节期间法律援助值班安排的通知"

COVERED = {
    ("GET", "/api/staff/content"),
    ("POST", "/api/staff/content"),
    ("DELETE", "/api/staff/content/{slug}"),
    ("GET", "/h5/staff/content"),
}


@pytest.fixture
def two(moto_table):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)

        def call(method, path, bureau=None, body=None):
            headers = {"content-type": "application/json"}
            if bureau:
                headers["authorization"] = f"Bearer {tokens[bureau]}"
            raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
            return getattr(client.http, method.lower())(path, body=raw, headers=headers)
        b_item = json.loads(call("POST", "/api/staff/content", B, {
            "kind": "notice", "title": B_TITLE, "body": "第一段。\n\n第二段。"}).body)
        yield call, b_item


def _table():
    return table_snapshot(sessions=False)


def _publish(call, title="信丰县法律援助中心办公地址变更公告", **extra):
    return call("POST", "/api/staff/content", A, {"kind": "notice", "title": title,
                                                  "body": "自即日起迁至新址。\n\n特此公告。", **extra})


def test_staff_publish_and_the_public_reads_it_newest_first(two):
    call, _ = two
    # Given A's clerk published two items, the older one dated earlier
    old = _publish(call, "旧公告", published="2026-01-05")
    new = call("POST", "/api/staff/content", A, {"kind": "guide", "title": "法律援助申请指南",
                                                 "body": "一、申请条件。\n\n二、所需材料。"})
    assert old.status_code == 201 and new.status_code == 201
    new = json.loads(new.body)
    # Then the public list of A has both, newest first, and the item page shows its paragraphs
    listing = json.loads(call("GET", f"/api/bureaus/{A}/content").body)
    assert [i["title"] for i in listing["items"]] == ["法律援助申请指南", "旧公告"]
    assert listing["items"][0]["paragraphs"] == ["一、申请条件。", "二、所需材料。"]
    page = call("GET", f"/h5/notices/{new['slug']}?bureau={A}").body.decode()
    assert "二、所需材料。" in page and "办事指南" in page
    listed = call("GET", f"/h5/notices?bureau={A}").body.decode()
    assert "2026年1月5日" in listed and "2026-01-05" not in listed  # dates as people read them
    # And it pages
    first = json.loads(call("GET", f"/api/bureaus/{A}/content?limit=1").body)
    second = json.loads(call("GET", f"/api/bureaus/{A}/content?limit=1&before={quote(first['next'])}").body)
    assert [i["title"] for i in first["items"] + second["items"]] == ["法律援助申请指南", "旧公告"]
    assert second["next"] is None


def test_a_withdrawn_item_leaves_the_public_list_and_stays_on_the_staff_list(two):
    call, _ = two
    slug = json.loads(_publish(call).body)["slug"]
    gone = call("DELETE", f"/api/staff/content/{slug}", A)
    assert gone.status_code == 200 and json.loads(gone.body)["status"] == "withdrawn"
    assert json.loads(call("GET", f"/api/bureaus/{A}/content").body)["items"] == []
    assert call("GET", f"/h5/notices/{slug}?bureau={A}").status_code == 404
    staff = json.loads(call("GET", "/api/staff/content", A).body)["items"]
    assert [(i["slug"], i["status"]) for i in staff] == [(slug, "withdrawn")]
    # Withdrawing again changes nothing
    before = _table()
    assert call("DELETE", f"/api/staff/content/{slug}", A).status_code == 200
    assert _table() == before


@pytest.mark.parametrize("body", [
    {"kind": "notice", "title": "长" * 61, "body": "正文"},
    {"kind": "notice", "title": "标题", "body": "字" * 5001},
    {"kind": "news", "title": "标题", "body": "正文"},
    {"kind": "notice", "title": "   ", "body": "正文"},
    {"kind": "notice", "title": "标题", "body": "正文", "published": "2099-01-01"},
    {"kind": "notice", "title": "标题", "body": "正文", "slug": "my-own-slug"},
    '{"kind": "notice", "title": "\\ud800", "body": "正文"}',
])
def test_hostile_input_is_refused_and_writes_nothing(two, body):
    call, _ = two
    before = _table()
    response = call("POST", "/api/staff/content", A, body)
    assert response.status_code == 400, response.body
    assert _table() == before


def test_the_other_bureaus_slug_is_a_missing_one_and_writes_nothing(two):
    call, b_item = two
    before = _table()
    theirs = call("DELETE", f"/api/staff/content/{b_item['slug']}", A)
    nobody = call("DELETE", "/api/staff/content/20260101-000000000000", A)
    assert theirs.status_code == 404 and theirs.body == nobody.body
    assert _table() == before
    # Nor does A's public page of B's slug open it
    assert call("GET", f"/h5/notices/{b_item['slug']}?bureau={A}").status_code == 404


def test_lists_and_pages_of_a_hold_nothing_of_b(two):
    call, b_item = two
    _publish(call)
    for path, bureau in (("/api/staff/content", A), (f"/api/bureaus/{A}/content", None),
                         (f"/h5/notices?bureau={A}", None), ("/h5/staff/content", A)):
        text = call("GET", path, bureau).body.decode()
        assert "信丰县法律援助中心" in text and B_TITLE not in text and b_item["slug"] not in text, path
    # B's own public list has B's item
    assert B_TITLE in call("GET", f"/api/bureaus/{B}/content").body.decode()


def test_the_content_routes_are_for_staff_only(two):
    call, _ = two
    assert call("GET", "/api/staff/content").status_code == 401
    assert call("POST", "/api/staff/content", body={"kind": "notice", "title": "x", "body": "y"}).status_code == 401
