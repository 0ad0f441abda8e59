"""普法视频 (issue 13), done when: in headless Chromium on the local stack (SeaweedFS behind it), a
phone (375 px) lists the seeded sample video and plays it — the <video> streams from the 15-minute
presigned link (the bucket answers its Range requests with 206), Chinese WebVTT subtitles load as a
track, and the play is counted; a clerk at a desk (1280 px) creates a video, the browser uploads an
8 MB+ MP4 in two parts straight to the presigned part URLs, adds a cover and subtitles, publishes,
and the phone finds it under its series. Screenshots under test-artifacts/videos/."""
import secrets
import struct
import urllib.request

import pytest

from chalicelib.videos import sample
from tests.e2e import test_h5_apply_browser as apply_e2e
from tests.e2e.stack import ROOT, missing_routes, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(600)]

ARTIFACTS = ROOT / "test-artifacts" / "videos"
PHONE, DESK = 375, 1280
FOLDER = ROOT / "seeds" / "videos"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("videos-stack")
    with running(folder / "stack.log", folder / "data") as local:
        if missing_routes(local.base, ("/api/videos", "/api/staff/videos")):
            pytest.skip("the running app lacks the videos")
        yield local


class Person(apply_e2e.Person):
    def shot(self, name):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _wait_playing(page):
    page.wait_for_function("() => { const v = document.querySelector('#video-player');"
                           " return v && v.readyState >= 1 && v.textTracks.length > 0; }")
    page.evaluate("() => { const v = document.querySelector('#video-player'); v.muted = true;"
                  " v.textTracks[0].mode = 'showing'; return v.play(); }")
    page.wait_for_function("() => document.querySelector('#video-player').currentTime > 1.2")
    page.evaluate("() => document.querySelector('#video-player').pause()")


def test_a_phone_lists_and_plays_the_sample_video_with_subtitles(stack, browser):
    citizen = Person(browser, stack.base, "citizen", f"o-e2e-videos-{secrets.token_hex(3)}")
    phone = citizen.page
    phone.set_viewport_size({"width": PHONE, "height": 760})
    # Given the seeded sample video in the list, reached from the home page
    citizen.open("/h5/")
    phone.click("#home-videos")
    phone.wait_for_selector("#videos-list")
    assert "普法小剧场：工资被拖欠怎么办" in phone.inner_text("#videos-list")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    citizen.shot("01-phone-videos-list")
    # When the citizen opens it
    phone.click(f"a[href*='{sample.SAMPLE_ID}']")
    phone.wait_for_selector("#video-player")
    src = phone.get_attribute("#video-player source", "src")
    # Then its link is a 15-minute presigned GET that answers a Range request with 206
    assert "X-Amz-Expires=900" in src
    ranged = urllib.request.urlopen(urllib.request.Request(src, headers={"Range": "bytes=0-99"}), timeout=15)
    assert ranged.status == 206 and len(ranged.read()) == 100
    # And the player streams it, with the Chinese subtitle track loaded
    _wait_playing(phone)
    duration = phone.evaluate("document.querySelector('#video-player').duration")
    assert 5.5 < duration < 6.5
    track = phone.evaluate("() => { const t = document.querySelector('#video-player').textTracks[0];"
                           " return [t.language, t.kind, t.cues ? t.cues.length : -1]; }")
    assert track == ["zh", "subtitles", 3]
    # And the play was counted once for this session
    phone.wait_for_function("() => document.querySelector('#video-views').textContent !== '0'")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE
    citizen.shot("02-phone-video-player")
    assert not citizen.errors, citizen.errors


def _reloads(clerk, action):
    """Do `action`; the page reloads when it succeeded, or shows why not (the test fails with it)."""
    page = clerk.page
    page.evaluate("window.__same = true; document.querySelector('#video-error').classList.add('zst-hidden')")
    action()
    page.wait_for_function("() => !window.__same || !document.querySelector('#video-error').classList.contains('zst-hidden')")
    if page.evaluate("window.__same === true"):
        clerk.shot("failed-step")
        raise AssertionError((page.inner_text("#video-error"), clerk.errors, page.inner_text("#video-list")))
    page.wait_for_load_state()


def _padded_mp4(size):
    """The sample MP4 grown to `size` bytes with a trailing `free` box (a valid MP4 still)."""
    data = (FOLDER / "sample.mp4").read_bytes()
    pad = size - len(data)
    return data + struct.pack(">I", pad) + b"free" + b"\0" * (pad - 8)


def test_a_clerk_uploads_in_parts_adds_cover_and_subtitles_and_publishes(stack, browser, tmp_path):
    run = secrets.token_hex(3)
    title, series = f"醉驾的后果（{run}）", f"交通安全{run}"
    clerk = Person(browser, stack.base, "staff", f"e2e-videos-{run}")
    desk = clerk.page
    desk.set_viewport_size({"width": DESK, "height": 900})
    clerk.open("/h5/staff")
    desk.click("a[href$='/h5/staff/videos']")
    desk.wait_for_selector("#video-new")
    # Given a new video
    desk.fill("#video-title", title)
    desk.fill("#video-series", series)
    desk.fill("#video-tags", "交通，醉驾")
    desk.fill("#video-awards", "市普法微视频二等奖")
    desk.fill("#video-summary", "酒后驾车的法律后果。")
    desk.click("#video-create")
    row = desk.locator(".zst-vdesk-row", has_text=title)
    row.wait_for()
    # When a 2-part MP4 (8 MB + 100 KB) is chosen: the browser PUTs both parts to the bucket
    video_file = tmp_path / "drunk.mp4"
    video_file.write_bytes(_padded_mp4(8 * 1024 ** 2 + 100_000))
    _reloads(clerk, lambda: row.locator(".zst-vdesk-video").set_input_files(str(video_file)))
    row = desk.locator(".zst-vdesk-row", has_text=title)
    assert "视频✓" in row.inner_text()
    # And a cover and subtitles, then publish
    for kind, name in (("cover", "cover.jpg"), ("subtitles", "sample.vtt")):
        _reloads(clerk, lambda: row.locator(f".zst-vdesk-attach[data-kind={kind}]").set_input_files(str(FOLDER / name)))
        row = desk.locator(".zst-vdesk-row", has_text=title)
    assert "封面✓" in row.inner_text() and "字幕✓" in row.inner_text()
    # A subtitle file that is not WebVTT is refused with a message, nothing changes
    srt = tmp_path / "bad.vtt"
    srt.write_text("1\n00:00:00,000 --> 00:00:02,000\n你好\n", encoding="utf-8")
    row.locator(".zst-vdesk-attach[data-kind=subtitles]").set_input_files(str(srt))
    desk.wait_for_selector("#video-error:not(.zst-hidden)")
    assert "WEBVTT" in desk.inner_text("#video-error")
    clerk.shot("03-desk-subtitle-refused")
    _reloads(clerk, lambda: row.locator(".zst-vdesk-publish").click())
    assert "已发布" in desk.locator(".zst-vdesk-row", has_text=title).inner_text()
    clerk.shot("04-desk-published")
    # Then the phone finds it under its series and plays it
    citizen = Person(browser, stack.base, "citizen", f"o-e2e-videos-{run}")
    phone = citizen.page
    phone.set_viewport_size({"width": PHONE, "height": 760})
    citizen.open("/h5/videos")
    phone.click(f"#video-series >> text={series}")
    phone.wait_for_selector(f"#videos-list >> text={title}")
    assert "普法小剧场：工资被拖欠怎么办" not in phone.inner_text("#videos-list")
    citizen.shot("05-phone-series-filter")
    phone.click(f"#videos-list >> text={title}")
    _wait_playing(phone)
    assert "市普法微视频二等奖" in phone.inner_text(".zst-video-info")
    citizen.shot("06-phone-new-video")
    assert not citizen.errors, citizen.errors
    assert not [e for e in clerk.errors if "WEBVTT" not in e], clerk.errors
