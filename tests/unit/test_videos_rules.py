"""普法视频 rules that need no table: the part plan of a multipart upload (every part ≥ 5 MB but
the last, never more than 1,000 parts, the slices covering the file exactly), the declared type
and size, the WebVTT check and the metadata fields."""
import pytest

from chalicelib.errors import Invalid, TooLarge
from chalicelib.videos import attachments, catalog, multipart

MB = 1024 ** 2


@pytest.mark.parametrize("size, part, count", [
    (1, 8 * MB, 1), (8 * MB, 8 * MB, 1), (8 * MB + 1, 8 * MB, 2), (2 * 1024 * MB, 8 * MB, 256),
])
def test_the_part_plan_uses_8_mb_parts(size, part, count):
    assert multipart.plan_parts(size) == (part, count)


def test_a_plan_never_exceeds_1000_parts_and_no_part_but_the_last_is_under_5_mb():
    # Given a 5 GB file and a wish for 1 MB parts
    part, count = multipart.plan_parts(5 * 1024 ** 3, part=MB)
    # Then parts grow to fit 1,000, and every part is at least 5 MB
    assert count <= multipart.MAX_PARTS and part >= multipart.MIN_PART
    assert (count - 1) * part < 5 * 1024 ** 3 <= count * part


def test_an_empty_file_has_no_plan():
    with pytest.raises(Invalid):
        multipart.plan_parts(0)


@pytest.mark.parametrize("body, error", [
    ({"content_type": "video/quicktime", "size": 10}, Invalid),
    ({"content_type": "video/webm", "size": 10}, Invalid),
    ({"content_type": "video/mp4", "size": 2 * 1024 ** 3 + 1}, TooLarge),
])
def test_only_mp4_up_to_2_gb_is_taken(body, error):
    with pytest.raises(error):
        multipart.check_declared(body)
    assert multipart.check_declared({"content_type": "video/mp4", "size": 2 * 1024 ** 3}) == (8 * MB, 256)


@pytest.mark.parametrize("data, ok", [
    (b"WEBVTT\n\n00:00.000 --> 00:02.000\n\xe4\xbd\xa0\xe5\xa5\xbd\n", True),
    (b"\xef\xbb\xbfWEBVTT - \xe6\x99\xae\xe6\xb3\x95\n\n", True),
    (b"WEBVTT", True),
    (b"WEBVTTX\n", False),
    (b"1\n00:00:00,000 --> 00:00:02,000\nhello\n", False),  # SRT
    (b"\xff\xfeW\x00E\x00", False),  # UTF-16
    (b"", False),
])
def test_a_subtitle_file_must_be_utf8_webvtt(data, ok):
    assert (attachments.check_vtt(data) is None) is ok


@pytest.mark.parametrize("kind, content_type, size, error", [
    ("cover", "image/gif", 10, Invalid), ("cover", "image/png", 2 * MB + 1, TooLarge),
    ("cover", "image/jpeg", 0, Invalid), ("subtitles", "text/plain", 10, Invalid),
    ("subtitles", "text/vtt", 512 * 1024 + 1, TooLarge),
])
def test_covers_and_subtitles_are_checked_before_anything_is_signed(kind, content_type, size, error):
    with pytest.raises(error):
        attachments.check_declared(kind, content_type, size)


def test_fields_are_trimmed_deduplicated_and_bounded():
    found = catalog.fields({"title": "  拖欠  工资\n怎么办 ", "series": " ", "tags": ["欠薪", "欠薪 ", "劳动"],
                            "awards": [], "summary": " 简介\r\n第二行 "})
    assert found == {"title": "拖欠 工资 怎么办", "series": None, "tags": ["欠薪", "劳动"], "awards": [],
                     "summary": "简介\n第二行"}
    with pytest.raises(Invalid) as refused:
        catalog.fields({"title": "t", "tags": ["ok", ""]})
    assert refused.value.details[0]["field"] == "tags[1]"
