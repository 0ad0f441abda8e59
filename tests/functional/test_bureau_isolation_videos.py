"""普法视频 (issue 13, AP-255…260) and its isolation rows: 信丰's (A) clerk creates a video, uploads
it in parts (here straight to moto — the presigned part URLs are exercised against SeaweedFS in
tests/integration/test_videos_seaweedfs.py), publishes it; citizens list it by series and open it
with 15-minute links; a play counts once per session and day; hostile input is a 4xx that writes
nothing; B's video ids are the same 404 as random ids on every route, and nothing of B shows to A."""
import json
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db.bureaus import Bureau
from tests.functional.isolation_support import clerk_tokens, table_snapshot

A, B = "360722", "360723"
RANDOM = "20260101-000000000000"
B_TITLE = "大余县普法小剧场（B 独有）"
SAMPLE = (Path(__file__).parents[2] / "seeds" / "videos" / "sample.mp4").read_bytes()
COVERED = {
    ("GET", "/api/staff/videos"), ("POST", "/api/staff/videos"), ("GET", "/api/staff/videos/{video_id}"),
    ("PUT", "/api/staff/videos/{video_id}"), ("POST", "/api/staff/videos/{video_id}/upload"),
    ("POST", "/api/staff/videos/{video_id}/upload/complete"), ("POST", "/api/staff/videos/{video_id}/files/{kind}"),
    ("POST", "/api/staff/videos/{video_id}/files/{kind}/confirm"), ("POST", "/api/staff/videos/{video_id}/publish"),
    ("POST", "/api/staff/videos/{video_id}/unpublish"), ("GET", "/h5/staff/videos"),
}


@pytest.fixture
def world(moto_table, clock):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    s3, bucket = moto_table.s3(), moto_table.settings.upload_bucket
    s3.create_bucket(Bucket=bucket)
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)

        def citizen(name, bureau=A):
            body, _ = sign_in(Caller("citizen", name, openid=name, bureau=bureau), settings=moto_table.settings,
                              clock=moto_table.clock)
            return body["token"]
        tokens["citizen"] = citizen("o-citizen-1")

        def call(method, path, who=None, body=None):
            headers = {"content-type": "application/json"}
            if who:
                headers["authorization"] = f"Bearer {tokens.get(who) or who}"
            raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
            response = getattr(client.http, method.lower())(path, body=raw, headers=headers)
            return response.status_code, response.body.decode()

        def new(bureau, title="拖欠工资怎么办", series="普法小剧场", publish=False, data=SAMPLE):
            status, text = call("POST", "/api/staff/videos", bureau, {"title": title, "series": series,
                                                                      "tags": ["劳动", "欠薪"], "awards": ["全省普法微视频一等奖"]})
            assert status == 201, text
            found = json.loads(text)
            if publish:
                found = upload(bureau, found, data)
                status, text = call("POST", f"/api/staff/videos/{found['video_id']}/publish", bureau,
                                    {"version": found["version"]})
                assert status == 200, text
                found = json.loads(text)
            return found

        def upload(bureau, video, data):
            path = f"/api/staff/videos/{video['video_id']}/upload"
            status, text = call("POST", path, bureau, {"version": video["version"], "content_type": "video/mp4",
                                                      "size": len(data), "filename": "a.mp4"})
            assert status == 201, text
            plan = json.loads(text)
            for part in plan["parts"]:  # the browser's PUTs, as the part URL names them
                query = parse_qs(urlparse(part["url"]).query)
                where = urlparse(part["url"]).path  # virtual-hosted (AWS) or path style
                key = where.removeprefix(f"/{bucket}/") if where.startswith(f"/{bucket}/") else where[1:]
                s3.upload_part(Bucket=bucket, Key=key, UploadId=query["uploadId"][0],
                               PartNumber=part["part_number"], Body=data[part["start"]:part["end"]])
            status, text = call("POST", path + "/complete", bureau, {"version": plan["version"],
                                                                     "upload_id": plan["upload_id"]})
            assert status == 200, text
            return json.loads(text)
        b_video = new(B, B_TITLE, "大余系列", publish=True)
        yield call, new, b_video, clock, citizen


def _table():
    return table_snapshot(sessions=False)


def test_a_published_video_is_listed_by_series_and_plays_through_short_lived_links(world):
    call, new, _, clock, _ = world
    # Given a draft: not public
    draft = new(A, "借条怎么写", "以案说法")
    assert call("GET", f"/api/videos/{draft['video_id']}?bureau={A}")[0] == 404
    status, text = call("POST", f"/api/staff/videos/{draft['video_id']}/publish", A, {"version": draft["version"]})
    assert status == 409 and "上传视频" in json.loads(text)["error"]["message"]
    # When two videos are published in two series
    first = new(A, publish=True)
    clock.advance(timedelta(minutes=1))
    new(A, "醉驾的后果", "交通安全", publish=True)
    # Then the list holds both, newest first, with the series for the filter; a series narrows it
    listing = json.loads(call("GET", f"/api/videos?bureau={A}")[1])
    assert [v["title"] for v in listing["items"]] == ["醉驾的后果", "拖欠工资怎么办"]
    assert listing["all_series"] == ["交通安全", "普法小剧场"]
    only = json.loads(call("GET", f"/api/videos?bureau={A}&series=普法小剧场")[1])
    assert [v["title"] for v in only["items"]] == ["拖欠工资怎么办"]
    # And the item's video link is a presigned GET valid for 15 minutes
    item = json.loads(call("GET", f"/api/videos/{first['video_id']}?bureau={A}")[1])
    query = parse_qs(urlparse(item["video_url"]).query)
    assert query["X-Amz-Expires"] == ["900"] and item["links_expire_at"] == "2026-03-02T02:16:00Z"
    assert item["subtitles_url"] is None and item["awards"] == ["全省普法微视频一等奖"]
    # And the pages show the cards, the filter and an HTML5 player
    page = call("GET", f"/h5/videos?bureau={A}")[1]
    assert "拖欠工资怎么办" in page and "series=%E4%BA%A4%E9%80%9A%E5%AE%89%E5%85%A8" in page
    status, player = call("GET", f"/h5/videos/{first['video_id']}?bureau={A}")
    assert status == 200 and '<video id="video-player"' in player and 'type="video/mp4"' in player


def test_a_play_counts_once_per_session_and_day(world):
    call, new, _, clock, citizen = world
    video = new(A, publish=True)
    path = f"/api/videos/{video['video_id']}/views?bureau={A}"
    # Given an anonymous play: not counted (401), nothing written
    before = _table()
    assert call("POST", path)[0] == 401 and _table() == before
    # When a citizen plays it twice the same day, and another citizen once
    first = json.loads(call("POST", path, "citizen")[1])
    again = json.loads(call("POST", path, "citizen")[1])
    other = json.loads(call("POST", path, citizen("o-citizen-2"))[1])
    # Then it counted twice
    assert (first, again, other) == ({"counted": True, "views": 1}, {"counted": False, "views": 1},
                                     {"counted": True, "views": 2})
    assert json.loads(call("GET", f"/api/staff/videos/{video['video_id']}", A)[1])["views"] == 2
    # And a session playing at 23:40 and 23:50 China time counts again at 00:10, the next China day
    clock.advance(timedelta(hours=13, minutes=40))
    late = citizen("o-citizen-3")
    assert json.loads(call("POST", path, late)[1]) == {"counted": True, "views": 3}
    clock.advance(timedelta(minutes=10))
    assert json.loads(call("POST", path, late)[1]) == {"counted": False, "views": 3}
    clock.advance(timedelta(minutes=20))
    assert json.loads(call("POST", path, late)[1]) == {"counted": True, "views": 4}


def test_an_unpublished_video_leaves_the_list_and_counts_no_play(world):
    call, new, _, _, _ = world
    video = new(A, publish=True)
    status, text = call("POST", f"/api/staff/videos/{video['video_id']}/unpublish", A, {"version": video["version"]})
    assert status == 200 and json.loads(text)["status"] == "draft"
    assert json.loads(call("GET", f"/api/videos?bureau={A}")[1])["items"] == []
    before = _table()
    assert call("POST", f"/api/videos/{video['video_id']}/views?bureau={A}", "citizen")[0] == 404
    assert _table() == before


@pytest.mark.parametrize("before", ["zzz", "2026-12-02#x", "2026-12-02T08:00:00%2B00:00%23" + "0" * 21])
def test_a_paging_cursor_that_is_not_the_lists_own_is_refused(world, before):
    # Given a bureau with a published video
    call, new, _, _, _ = world
    new(A, publish=True)
    # When the list is asked for with a cursor it never gave out
    status, text = call("GET", f"/api/videos?bureau={A}&before={before}")
    # Then it is a 400 naming the parameter, not a quietly empty page
    assert status == 400, text
    assert json.loads(text)["error"]["message"] == "分页参数不正确"


def test_the_next_cursor_the_list_gives_out_is_taken_back(world):
    call, new, _, _, _ = world
    for _ in range(21):
        new(A, publish=True)
    first = json.loads(call("GET", f"/api/videos?bureau={A}")[1])
    assert len(first["items"]) == 20 and first["next"]
    status, text = call("GET", f"/api/videos?bureau={A}&before={quote(first['next'], safe='')}")
    assert status == 200 and len(json.loads(text)["items"]) == 1


@pytest.mark.parametrize("body", [
    {"title": ""}, {"title": "长" * 61}, {"title": "标题", "series": "系" * 31},
    {"title": "标题", "tags": ["t"] * 9}, {"title": "标题", "tags": [""]}, {"title": "标题", "awards": ["奖" * 61]},
    {"title": "标题", "summary": "字" * 1001}, {"title": "标题", "status": "published"},
    {"title": "标题", "bureau": B}, '{"title": "\\ud800"}', "not json", {"title": ["x"]},
])
def test_hostile_videos_are_refused_and_write_nothing(world, body):
    call, _, _, _, _ = world
    before = _table()
    status, text = call("POST", "/api/staff/videos", A, body)
    assert status == 400, text
    assert json.loads(text)["error"]["message"] and _table() == before


@pytest.mark.parametrize("body, status, words", [
    ({"content_type": "video/quicktime", "size": 1000}, 400, "MP4"),
    ({"content_type": "video/mp4", "size": 2 * 1024 ** 3 + 1}, 413, "2 GB"),
    ({"content_type": "video/mp4", "size": 0}, 400, "空"),
    ({"content_type": "video/mp4", "size": -1}, 400, None),
    ({"content_type": "video/mp4", "size": 10, "version": 9}, 409, "刷新"),
    ({"content_type": "video/mp4", "size": 10, "key": "videos/360723/x.mp4"}, 400, None),
])
def test_hostile_upload_starts_are_refused_and_write_nothing(world, body, status, words):
    call, new, _, _, _ = world
    video = new(A)
    before = _table()
    found, text = call("POST", f"/api/staff/videos/{video['video_id']}/upload", A, dict({"version": 1}, **body))
    assert found == status, text
    assert words is None or words in json.loads(text)["error"]["message"]
    assert _table() == before


@pytest.mark.parametrize("kind, body, status", [
    ("cover", {"content_type": "image/gif", "size": 100}, 400),
    ("cover", {"content_type": "image/jpeg", "size": 2 * 1024 ** 2 + 1}, 413),
    ("subtitles", {"content_type": "text/plain", "size": 100}, 400),
    ("subtitles", {"content_type": "text/vtt", "size": 512 * 1024 + 1}, 413),
    ("poster", {"content_type": "image/jpeg", "size": 100}, 400),
])
def test_hostile_cover_and_subtitle_grants_are_refused(world, kind, body, status):
    call, new, _, _, _ = world
    video = new(A)
    before = _table()
    assert call("POST", f"/api/staff/videos/{video['video_id']}/files/{kind}", A, body)[0] == status
    assert _table() == before


def test_a_complete_without_an_upload_or_with_another_id_is_refused(world):
    call, new, _, _, _ = world
    video = new(A)
    before = _table()
    status, text = call("POST", f"/api/staff/videos/{video['video_id']}/upload/complete", A,
                        {"version": 1, "upload_id": "made-up"})
    assert status == 409 and "重新上传" in json.loads(text)["error"]["message"] and _table() == before


def test_bs_video_is_a_missing_one_to_a_on_every_route_and_writes_nothing(world):
    call, _, b_video, _, _ = world
    theirs, before = b_video["video_id"], _table()
    for method, tail, body in (
            ("GET", "", None), ("PUT", "", {"title": "x", "version": b_video["version"]}),
            ("POST", "/upload", {"version": b_video["version"], "content_type": "video/mp4", "size": 10}),
            ("POST", "/upload/complete", {"version": b_video["version"], "upload_id": "x"}),
            ("POST", "/files/cover", {"content_type": "image/jpeg", "size": 10}),
            ("POST", "/files/subtitles/confirm", {"version": b_video["version"]}),
            ("POST", "/publish", {"version": b_video["version"]}), ("POST", "/unpublish", {"version": b_video["version"]})):
        mine = call(method, f"/api/staff/videos/{theirs}{tail}", A, body)
        nobody = call(method, f"/api/staff/videos/{RANDOM}{tail}", A, body)
        assert mine[0] == 404 and mine == nobody, (method, tail)
    # B's published video is not A's public one either
    assert call("GET", f"/api/videos/{theirs}?bureau={A}")[0] == 404
    assert call("GET", f"/h5/videos/{theirs}?bureau={A}")[0] == 404
    assert call("POST", f"/api/videos/{theirs}/views?bureau={A}", "citizen")[0] == 404
    assert _table() == before


def test_lists_and_pages_of_a_hold_nothing_of_b(world):
    call, new, b_video, _, _ = world
    new(A, "信丰的视频", publish=True)
    for path, who in (("/api/staff/videos", A), ("/h5/staff/videos", A), (f"/api/videos?bureau={A}", None),
                      (f"/h5/videos?bureau={A}", None)):
        text = call("GET", path, who)[1]
        assert "信丰的视频" in text and B_TITLE not in text and b_video["video_id"] not in text, path
        assert "大余系列" not in text, path
    assert B_TITLE in call("GET", f"/api/videos?bureau={B}")[1]


def test_the_video_routes_are_for_staff_only(world):
    call, _, b_video, _, _ = world
    assert call("GET", "/api/staff/videos")[0] == 401
    assert call("POST", "/api/staff/videos", "citizen", {"title": "x"})[0] == 403
    assert call("POST", f"/api/staff/videos/{b_video['video_id']}/publish", None, {"version": 1})[0] == 401
