"""`WeChatAPI.media_get` against the local stand-in over HTTP: a file comes back as its bytes, a
refusal as the JSON error it is (never stored as if it were the file), a rejected token is renewed
once, and a body over the cap is cut at one byte more than the cap."""
import pytest

from chalicelib.clock import FixedClock, parse_instant
from chalicelib.wechat.api import ApiError, WeChatAPI
from local.wechat_stub import AMR_BYTES, JPEG_BYTES, MEDIA_GET, serve
from tests.integration.test_wechat_api import MemoryTokenStore

NOW = parse_instant("2026-03-02T02:00:00Z")
APPID = "wxAPPID"


@pytest.fixture
def stand_in():
    server, standin = serve(0, appid=APPID)
    standin.base = f"http://127.0.0.1:{server.server_address[1]}"
    yield standin
    server.shutdown()
    server.server_close()


def _api(stand_in, store=None):
    return WeChatAPI(stand_in.base, APPID, "secret", store=store or MemoryTokenStore(),
                     clock=FixedClock(NOW))


def test_the_simulators_photo_and_a_voice_note_come_back_as_their_bytes(stand_in):
    # Given the dev simulator's media id for a photo, and a voice note's
    api = _api(stand_in)
    # Then each downloads as the file itself
    assert api.media_get("local-media-6001", 10 * 1024 * 1024) == JPEG_BYTES
    assert api.media_get("local-voice-6002", 10 * 1024 * 1024) == AMR_BYTES


def test_a_media_id_wechat_does_not_have_is_errcode_40007_not_a_file(stand_in):
    # When the client asks for media WeChat no longer keeps
    with pytest.raises(ApiError) as refused:
        _api(stand_in).media_get("expired-1", 1024)
    # Then the JSON answer is raised as WeChat's error, and it is not one worth retrying
    assert refused.value.errcode == 40007 and not refused.value.retryable


def test_a_stale_token_is_renewed_once_and_the_download_repeated(stand_in):
    # Given a stored token the stand-in never issued
    store = MemoryTokenStore({"token": "stale", "expires_at": parse_instant("2026-03-02T03:00:00Z")})
    # When the client downloads, it is refused (40001), renews and asks again
    assert _api(stand_in, store).media_get("local-media-6003", 4096) == JPEG_BYTES
    answers = [r["answer"] for r in stand_in.records(path=MEDIA_GET)]
    assert answers[0]["errcode"] == 40001 and answers[1] == {"file": "image/jpeg", "bytes": len(JPEG_BYTES)}


def test_a_file_over_the_cap_is_cut_one_byte_past_it(stand_in):
    # Given a 632-byte JPEG and a cap of 100 bytes, the client reads 101 and stops
    assert len(_api(stand_in).media_get("local-media-6004", 100)) == 101
