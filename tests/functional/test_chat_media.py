"""Chat photos and voice notes end to end on moto (table and S3) with the local WeChat API stand-in:
the webhook records the attachment with its copy job, `sweep_due` copies the file into the bucket
and records it on that attachment, a second sweep does nothing, and viewers get a five-minute link.
A media id WeChat no longer has ends the job as failed and the attachment shows as before."""
from urllib.parse import urlencode

import pytest

from chalicelib import devsim
from chalicelib.consultations import OPEN_STATUSES
from chalicelib.db import consultations as db
from chalicelib.db import inbound
from chalicelib.db import queries
from chalicelib.wechat import url_signature
from local.wechat_stub import AMR_BYTES, JPEG_BYTES, MEDIA_GET, serve
from tests.functional.consultation_support import api  # noqa: F401 (fixture)

BUCKET, APPID, TOKEN = "zst-test-uploads", "wx00000000000sim01", "plain-token"
CITIZEN = "oCitizen"


@pytest.fixture
def stand_in(env):
    """The WeChat API stand-in of `make run`, and the app configured for it in plaintext mode
    (requested before `api`, so the app's settings are read with these variables)."""
    server, standin = serve(0, appid=APPID)
    env(WECHAT_API_BASE=f"http://127.0.0.1:{server.server_address[1]}", WECHAT_APPID=APPID,
        WECHAT_TOKEN=TOKEN, WECHAT_ENCODING_AES_KEY="", WECHAT_APPSECRET="secret")
    yield standin
    server.shutdown()
    server.server_close()


@pytest.fixture
def chat(stand_in, api):  # noqa: F811 (the fixture imported above)
    api.services.s3().create_bucket(Bucket=BUCKET)
    consultation_id = api.ask(citizen=CITIZEN)["id"]

    def push(xml):
        now = str(int(api.services.clock.now().timestamp()))
        query = {"signature": url_signature(TOKEN, now, "7319"), "timestamp": now, "nonce": "7319",
                 "openid": CITIZEN}
        response = api.client.http.post("/wechat?" + urlencode(query), body=xml.encode("utf-8"),
                                        headers={"Content-Type": "text/xml"})
        assert response.status_code == 200, response.body
    return consultation_id, push


def _image(msg_id, now):
    """An image message exactly as the dev simulator (/dev/wechat) pushes it."""
    return devsim.message_xml("image", CITIZEN, create_time=now.timestamp(), msg_id=msg_id)


def _voice(msg_id, media_id, now):
    return (f"<xml><ToUserName><![CDATA[gh_bureau]]></ToUserName><FromUserName><![CDATA[{CITIZEN}]]>"
            f"</FromUserName><CreateTime>{int(now.timestamp())}</CreateTime><MsgType><![CDATA[voice]]>"
            f"</MsgType><MediaId><![CDATA[{media_id}]]></MediaId><Format><![CDATA[amr]]></Format>"
            f"<MsgId>{msg_id}</MsgId></xml>")


def _jobs_due(now):
    return [i for i in queries.due_items(now) if isinstance(i, db.MediaCopy)]


def _object(api, key):
    return api.services.s3().get_object(Bucket=BUCKET, Key=key)


def test_a_chat_photo_is_copied_by_the_sweep_and_shown_with_a_link_and_a_second_sweep_does_nothing(
        stand_in, chat, api):  # noqa: F811
    consultation_id, push = chat
    now = api.services.clock.now()
    # Given a photo sent in chat from the simulator while the question is open (sent twice: WeChat
    # redelivers)
    push(_image(8001, now))
    push(_image(8001, now))
    # Then one attachment without a file yet, and one copy job due at once
    (attachment,) = db.consultation(consultation_id).attachments
    assert (attachment.kind, attachment.media_id, attachment.key) == ("image", "local-media-8001", None)
    assert [(j.msg_id, j.status) for j in _jobs_due(now)] == [("8001", "pending")]
    # When sweep_due runs
    report = api.sweep(0)
    # Then the stand-in's JPEG is in the bucket under the consultation, and that attachment names it
    key = f"consultations/{consultation_id}/chat/8001.jpg"
    stored = _object(api, key)
    assert stored["Body"].read() == JPEG_BYTES and stored["ContentType"] == "image/jpeg"
    (attachment,) = db.consultation(consultation_id).attachments
    assert (attachment.key, attachment.content_type, attachment.size) == (key, "image/jpeg", len(JPEG_BYTES))
    assert report["handled"].get("MediaCopy") == 1 and _jobs_due(now) == []
    # And a second sweep a minute later asks WeChat nothing more
    assert "MediaCopy" not in api.sweep(1)["handled"]
    assert len(stand_in.records(path=MEDIA_GET)) == 1
    # And the citizen and staff see the photo by a five-minute link
    for who in (f"citizen:{CITIZEN}", "staff:s1"):
        (shown,) = api.get(f"/api/consultations/{consultation_id}", who)[1]["attachments"]
        assert shown["content_type"] == "image/jpeg" and "X-Amz-Expires=300" in shown["url"]
        assert f"/consultations/{consultation_id}/chat/8001.jpg" in shown["url"]


def test_a_voice_note_and_a_later_photo_each_get_their_own_file(stand_in, chat, api):  # noqa: F811
    consultation_id, push = chat
    now = api.services.clock.now()
    # Given a voice note, then a photo appended after the voice note's job was written
    push(_voice(8101, "local-voice-8101", now))
    push(_image(8102, now))
    # When one sweep copies both
    api.sweep(0)
    # Then each attachment has its own file, the voice note as audio/amr
    voice, photo = db.consultation(consultation_id).attachments
    assert (voice.msg_id, voice.key, voice.content_type) == (
        "8101", f"consultations/{consultation_id}/chat/8101.amr", "audio/amr")
    assert (photo.msg_id, photo.key) == ("8102", f"consultations/{consultation_id}/chat/8102.jpg")
    assert _object(api, voice.key)["Body"].read() == AMR_BYTES
    shown = api.get(f"/api/consultations/{consultation_id}", f"citizen:{CITIZEN}")[1]["attachments"]
    assert [a["content_type"] for a in shown] == ["audio/amr", "image/jpeg"]


def test_media_wechat_no_longer_has_end_the_job_as_failed_and_show_kind_and_time_only(
        stand_in, chat, api):  # noqa: F811
    consultation_id, push = chat
    now = api.services.clock.now()
    # Given a voice note whose media id WeChat answers with 40007 (invalid media_id)
    push(_voice(8201, "gone-8201", now))
    # When the sweep runs, and again an hour later
    api.sweep(0)
    api.sweep(60)
    # Then WeChat was asked once, the job is failed and out of the DUE index, nothing is stored
    assert len(stand_in.records(path=MEDIA_GET)) == 1
    job = db.MediaCopy.get(f"CONS#{consultation_id}", "MEDIA#8201")
    assert job.status == "failed" and "40007" in job.last_error and job.DUEAT is None
    assert api.services.s3().list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    (shown,) = api.get(f"/api/consultations/{consultation_id}", f"citizen:{CITIZEN}")[1]["attachments"]
    assert set(shown) == {"kind", "received_at"}


@pytest.fixture
def cap_of_three(env):
    """A small cap, so the test sends few messages (requested before `api`, which reads settings)."""
    env(CONSULT_ATTACHMENT_CAP="3")


def test_chat_media_past_the_cap_are_refused_in_words_and_written_nowhere_even_when_redelivered(
        cap_of_three, stand_in, chat, api):  # noqa: F811
    consultation_id, _ = chat
    now = api.services.clock.now()

    def push(xml):
        stamp = str(int(now.timestamp()))
        query = {"signature": url_signature(TOKEN, stamp, "7319"), "timestamp": stamp,
                 "nonce": "7319", "openid": CITIZEN}
        response = api.client.http.post("/wechat?" + urlencode(query), body=xml.encode("utf-8"),
                                         headers={"Content-Type": "text/xml"})
        assert response.status_code == 200, response.body
        return response.body.decode("utf-8")
    # Given a consultation already holding as many photos and voice notes as the cap allows
    for msg_id in (8201, 8202):
        push(_image(msg_id, now))
    push(_voice(8203, "local-voice-8203", now))
    # When the citizen sends one more photo (and WeChat delivers it twice)
    first, again = push(_image(8204, now)), push(_image(8204, now))
    # Then the reply says in Chinese that it was not attached, and redelivery gets the same words
    assert "达到上限" in first and "这条照片没有附上" in first and consultation_id in first
    assert "已附在咨询" not in first and again == first
    # And nothing was written: three attachments, no copy job for the refused photo
    assert [a.msg_id for a in db.consultation(consultation_id).attachments] == ["8201", "8202", "8203"]
    assert "8204" not in [j.msg_id for j in _jobs_due(now)]


def test_an_attachment_written_from_a_stale_read_cannot_pass_the_cap(cap_of_three, stand_in, chat,
                                                                       api):  # noqa: F811
    # Given a copy of the consultation read while it still had room
    consultation_id, push = chat
    now = api.services.clock.now()
    stale = db.consultation(consultation_id)
    for msg_id in (8301, 8302, 8303):
        push(_image(msg_id, now))
    # When a concurrent delivery writes its attachment with that stale copy
    attach = inbound.Attach(stale, {"kind": "image", "media_id": "m-8304", "msg_id": "8304",
                                    "received_at": "2026-12-01T00:00:00Z"}, OPEN_STATUSES, 3)
    # Then the write's own condition refuses it, and the list stays at the cap
    with pytest.raises(inbound.Refused):
        inbound.record("8304", "reply", [attach], now=now, ttl_seconds=60)
    assert len(db.consultation(consultation_id).attachments) == 3
