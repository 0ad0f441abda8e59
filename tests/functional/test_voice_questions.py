"""A question spoken in chat (issue 9, item 12), end to end on moto with the WeChat API stand-in:
WeChat's recognised text (`Recognition`) is shown back with a one-tap 确认; the confirmation opens a
consultation whose question is that text and whose attachment is the recording, which the sweep
copies to the bucket. WeChat's redeliveries (same MsgId) and a second 确认 change nothing."""
from urllib.parse import urlencode

from chalicelib.db import consultations as db
from chalicelib.wechat import parse_message, url_signature
from local.wechat_stub import AMR_BYTES
from tests.functional.consultation_support import api  # noqa: F401 (fixture)
from tests.functional.test_chat_media import BUCKET, TOKEN, stand_in  # noqa: F401 (fixture)

SPEAKER = "oSpeaker"
HEARD = "我在工地干了半年活，老板一直拖欠工资不给，我该怎么办"


def _push(api, xml):  # noqa: F811
    now = str(int(api.services.clock.now().timestamp()))
    query = {"signature": url_signature(TOKEN, now, "7319"), "timestamp": now, "nonce": "7319",
             "openid": SPEAKER}
    response = api.client.http.post("/wechat?" + urlencode(query), body=xml.encode("utf-8"),
                                    headers={"Content-Type": "text/xml"})
    assert response.status_code == 200, response.body
    return parse_message(response.body.decode("utf-8"))["Content"]


def _head(api, msg_type):  # noqa: F811
    return (f"<xml><ToUserName><![CDATA[gh_bureau]]></ToUserName><FromUserName><![CDATA[{SPEAKER}]]>"
            f"</FromUserName><CreateTime>{int(api.services.clock.now().timestamp())}</CreateTime>"
            f"<MsgType><![CDATA[{msg_type}]]></MsgType>")


def _voice(api, msg_id, recognition):  # noqa: F811
    return (_head(api, "voice") + f"<MediaId><![CDATA[local-voice-{msg_id}]]></MediaId>"
            f"<Format><![CDATA[amr]]></Format><Recognition><![CDATA[{recognition}]]></Recognition>"
            f"<MsgId>{msg_id}</MsgId></xml>")


def _text(api, msg_id, content):  # noqa: F811
    return _head(api, "text") + f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>"


def _consultations():
    return [c for c in db.citizen_consultations(SPEAKER, limit=20) if isinstance(c, db.Consultation)]


def test_a_spoken_question_becomes_a_consultation_with_its_recording_after_one_confirmation(
        stand_in, api):  # noqa: F811
    api.services.s3().create_bucket(Bucket=BUCKET)
    # Given a citizen with no consultation open, When they speak their question (WeChat redelivers it)
    first = _push(api, _voice(api, 9101, HEARD + "。"))
    again = _push(api, _voice(api, 9101, HEARD + "。"))
    # Then they are shown what was heard, with a one-tap 确认, and nothing is opened yet
    assert first == again and HEARD in first and "msgmenucontent=确认" in first
    assert _consultations() == []
    # When they tap 确认 (WeChat redelivers that too)
    opened = _push(api, _text(api, 9102, "确认"))
    assert _push(api, _text(api, 9102, "确认")) == opened
    # Then one consultation holds the recognised text, from chat, with the recording attached
    (c,) = _consultations()
    assert c.id in opened and "语音已一起附在咨询中" in opened
    assert (c.question, c.source, c.category) == (HEARD, "chat", "labor")
    (voice,) = c.attachments
    assert (voice.kind, voice.msg_id, voice.media_id, voice.format) == ("voice", "9101", "local-voice-9101", "amr")
    # And a second 确认 opens nothing more
    second = _push(api, _text(api, 9103, "确认"))
    assert len(_consultations()) == 1 and "受理" not in second
    # And a redelivery of the voice message after all that holds nothing again
    _push(api, _voice(api, 9101, HEARD))
    assert db.voice_question(SPEAKER, api.services.clock.now()) is None
    # When the sweep runs, the consultation starts and the recording is copied into the bucket
    api.sweep(1)
    (voice,) = db.consultation(c.id).attachments
    assert voice.key == f"consultations/{c.id}/chat/9101.amr" and voice.content_type == "audio/amr"
    stored = api.services.s3().get_object(Bucket=BUCKET, Key=voice.key)
    assert stored["Body"].read() == AMR_BYTES
    assert db.consultation(c.id).status == "answering"


def test_a_newer_spoken_question_replaces_an_unconfirmed_one(stand_in, api):  # noqa: F811
    _push(api, _voice(api, 9201, "邻居家的树倒下来砸坏了我家的屋顶，他不肯赔钱怎么办"))
    _push(api, _voice(api, 9202, HEARD))
    _push(api, _text(api, 9203, "确认"))
    (c,) = _consultations()
    assert c.question == HEARD and [a.msg_id for a in c.attachments] == ["9202"]


def test_confirm_with_nothing_held_is_an_ordinary_message(stand_in, api):  # noqa: F811
    reply = _push(api, _text(api, 9301, "确认"))
    assert _consultations() == [] and "10个字以上" in reply


def test_a_voice_note_still_joins_an_open_consultation(stand_in, api):  # noqa: F811
    cid = api.ask(citizen=SPEAKER)["id"]
    reply = _push(api, _voice(api, 9401, HEARD))
    assert cid in reply and db.voice_question(SPEAKER, api.services.clock.now()) is None
    assert [a.msg_id for a in db.consultation(cid).attachments] == ["9401"]


def test_a_confirmed_spoken_question_over_the_daily_limit_is_refused_in_the_reply_and_opens_nothing(
        stand_in, api):  # noqa: F811
    # Given a citizen holding a spoken question, who has then asked the day's five questions on the form
    _push(api, _voice(api, 9501, HEARD))
    for n in range(5):
        api.ask(citizen=SPEAKER, question=f"第{n}个问题：公司拖欠工资三个月不发，我应该怎么维权呢")
    # When they confirm the spoken question (and WeChat redelivers the confirmation)
    reply = _push(api, _text(api, 9502, "确认"))
    assert _push(api, _text(api, 9502, "确认")) == reply
    # Then the reply tells the truth — the day's limit, no number to wait on — and nothing more is opened
    assert "每日上限" in reply and "ZX" not in reply
    assert len(_consultations()) == 5


def test_questions_asked_in_chat_typed_or_spoken_are_recorded_at_the_default_bureau(
        stand_in, api):  # noqa: F811
    # Given the deployment's default bureau (the bureau of `/wechat`)
    bureau = api.services.settings.default_bureau
    # When a citizen confirms a spoken question and then types another after it closes
    _push(api, _voice(api, 9601, HEARD))
    _push(api, _text(api, 9602, "确认"))
    # Then the consultation opened from chat carries that bureau, as a form question does
    (c,) = _consultations()
    assert bureau and c.bureau == bureau
