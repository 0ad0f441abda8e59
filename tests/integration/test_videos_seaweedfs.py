"""普法视频 against a real SeaweedFS (moto accepts anything): the staff browser's part PUTs to the
presigned part URLs are taken, the server completes the multipart upload and checks the object;
a short upload, a non-MP4 and a tampered part URL are refused; a cover goes through its presigned
POST and a subtitle file that is not WebVTT is refused; the player's presigned GET answers a Range
request with 206 and exactly those bytes. The table is moto's; S3 calls go to SeaweedFS."""
from datetime import datetime, timezone
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
from moto import mock_aws

from chalicelib import aws
from chalicelib.auth.caller import Caller
from chalicelib.clock import FixedClock
from chalicelib.db.schema import table_definition
from chalicelib.errors import Unprocessable
from chalicelib.videos import attachments, catalog, multipart, views
from chalicelib.wiring import Services, use
from tests.integration.conftest_seaweed import seaweed  # noqa: F401 (fixture)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
CLERK = Caller("staff", "xf-clerk", staff_id="xf-clerk", bureau="360722")
SAMPLE = (Path(__file__).parents[2] / "seeds" / "videos" / "sample.mp4").read_bytes()
COVER = (Path(__file__).parents[2] / "seeds" / "videos" / "cover.jpg").read_bytes()
PASS_S3_THROUGH = {"core": {"mock_credentials": True, "reset_boto3_session": True,
                            "passthrough": {"urls": [], "services": ["s3"]}}}


@pytest.fixture
def world(env, seaweed):
    with mock_aws(config=PASS_S3_THROUGH):
        services = use(Services(clock=FixedClock(NOW)))
        services.dynamodb().create_table(**table_definition(services.settings.table_name))
        services.table()
        video = catalog.create(CLERK, {"title": "拖欠工资怎么办", "series": "普法小剧场"}, NOW)
        yield SimpleNamespace(s3=seaweed.client(), bucket=seaweed.bucket, video=video)
    use(None)
    aws._client.cache_clear()


def _start(world, size, version=1):
    return multipart.start(CLERK, world.video.video_id, {"version": version, "content_type": "video/mp4",
                                                          "size": size, "filename": "a.mp4"},
                           world.s3, world.bucket, NOW)


def _put_parts(plan, data):
    return [requests.put(p["url"], data=data[p["start"]:p["end"]], timeout=30).status_code for p in plan["parts"]]


def _complete(world, plan):
    return multipart.complete(CLERK, world.video.video_id, {"version": plan["version"], "upload_id": plan["upload_id"]},
                              world.s3, world.bucket, NOW)


def test_a_two_part_upload_through_presigned_urls_completes_and_streams_with_range_requests(world):
    # Given an 8 MB + 72 KB MP4 (the sample, padded with a free box's worth of bytes)
    data = SAMPLE + b"\0" * multipart.PART
    plan = _start(world, len(data))
    assert [(p["start"], p["end"]) for p in plan["parts"]] == [(0, multipart.PART), (multipart.PART, len(data))]
    # When the browser PUTs each slice to its presigned URL and the server completes the upload
    assert _put_parts(plan, data) == [200, 200]
    video = _complete(world, plan)
    # Then the video points at an object of exactly that size
    assert video.video["size"] == len(data) and video.upload is None
    assert world.s3.head_object(Bucket=world.bucket, Key=video.video["key"])["ContentLength"] == len(data)
    # And once published, the player's presigned link answers a Range GET with 206 and those bytes
    catalog.publish(CLERK, video.video_id, {"version": video.version}, NOW)
    item = views.public_item("360722", video.video_id, world.s3, world.bucket, NOW)
    ranged = requests.get(item["video_url"], headers={"Range": "bytes=100-1099"}, timeout=30)
    assert ranged.status_code == 206 and ranged.content == data[100:1100]
    assert ranged.headers["Content-Range"] == f"bytes 100-1099/{len(data)}"
    tail = requests.get(item["video_url"], headers={"Range": f"bytes={len(data) - 10}-"}, timeout=30)
    assert tail.status_code == 206 and tail.content == data[-10:]


def test_a_missing_part_is_refused_and_the_upload_can_go_on(world):
    data = SAMPLE + b"\0" * multipart.PART
    plan = _start(world, len(data))
    requests.put(plan["parts"][0]["url"], data=data[:multipart.PART], timeout=30)
    with pytest.raises(Unprocessable, match="1/2"):
        _complete(world, plan)
    requests.put(plan["parts"][1]["url"], data=data[multipart.PART:], timeout=30)
    assert _complete(world, plan).video["size"] == len(data)


def test_bytes_that_are_not_an_mp4_are_refused_and_deleted(world):
    data = b"<html>not a video</html>" * 100
    plan = _start(world, len(data))
    assert _put_parts(plan, data) == [200]
    with pytest.raises(Unprocessable, match="不是 MP4"):
        _complete(world, plan)
    objects = world.s3.list_objects_v2(Bucket=world.bucket, Prefix=f"videos/360722/{world.video.video_id}/")
    assert objects.get("KeyCount", 0) == 0
    assert catalog.own(CLERK, world.video.video_id).video is None


def test_a_size_other_than_declared_is_refused(world):
    plan = _start(world, len(SAMPLE) + 5)
    assert _put_parts(plan, SAMPLE + b"\0" * 5) == [200]
    plan2 = _start(world, len(SAMPLE), version=plan["version"])  # a second start replaces the first
    assert _put_parts(plan2, SAMPLE[:-1]) == [200]
    with pytest.raises(Unprocessable, match="大小"):
        _complete(world, plan2)


def test_a_tampered_part_url_is_refused_by_the_store(world):
    plan = _start(world, len(SAMPLE))
    url = plan["parts"][0]["url"].replace("partNumber=1", "partNumber=2")
    assert requests.put(url, data=SAMPLE, timeout=30).status_code == 403


def test_a_cover_goes_through_its_post_and_a_non_webvtt_subtitle_is_refused(world):
    grant = attachments.grant(CLERK, world.video.video_id, "cover",
                              {"content_type": "image/jpeg", "size": len(COVER)}, world.s3, world.bucket, NOW)
    posted = requests.post(grant["url"], data=grant["fields"], files={"file": ("c.jpg", COVER)}, timeout=30)
    assert posted.status_code in (200, 204), posted.text
    video = attachments.confirm(CLERK, world.video.video_id, "cover", {"version": grant["version"]},
                                world.s3, world.bucket, NOW)
    assert video.cover["size"] == len(COVER) and video.cover["key"].startswith("videos/360722/")
    vtt = (Path(__file__).parents[2] / "seeds" / "videos" / "sample.vtt").read_bytes()
    grant = attachments.grant(CLERK, world.video.video_id, "subtitles",
                              {"content_type": "text/vtt", "size": len(vtt)}, world.s3, world.bucket, NOW)
    requests.post(grant["url"], data=grant["fields"], files={"file": ("a.vtt", vtt)}, timeout=30)
    video = attachments.confirm(CLERK, world.video.video_id, "subtitles", {"version": grant["version"]},
                                world.s3, world.bucket, NOW)
    assert world.s3.get_object(Bucket=world.bucket, Key=video.subtitles["key"])["Body"].read() == vtt
    srt = b"1\n00:00:00,000 --> 00:00:02,000\nhello\n"
    grant = attachments.grant(CLERK, world.video.video_id, "subtitles",
                              {"content_type": "text/vtt", "size": len(srt)}, world.s3, world.bucket, NOW)
    requests.post(grant["url"], data=grant["fields"], files={"file": ("a.vtt", srt)}, timeout=30)
    with pytest.raises(Unprocessable, match="WEBVTT"):
        attachments.confirm(CLERK, world.video.video_id, "subtitles", {"version": grant["version"]},
                            world.s3, world.bucket, NOW)
    # And the store itself refuses a subtitle file over the grant's size range
    grant = attachments.grant(CLERK, world.video.video_id, "subtitles",
                              {"content_type": "text/vtt", "size": 10}, world.s3, world.bucket, NOW)
    big = b"WEBVTT\n\n" + b"x" * (attachments.KINDS["subtitles"]["max"] + 1)
    refused = requests.post(grant["url"], data=grant["fields"], files={"file": ("a.vtt", big)}, timeout=30)
    assert refused.status_code == 400 and "EntityTooLarge" in refused.text
