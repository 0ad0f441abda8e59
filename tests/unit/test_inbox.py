"""The inbox's decisions with a hand-written store: what each message writes, what it answers, and how
a redelivery or a racing duplicate is answered. No I/O: the store below keeps everything in dicts."""
import itertools
from datetime import datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from chalicelib.clock import FixedClock
from chalicelib.db import inbound
from chalicelib.db.consultations import Consultation
from chalicelib.inbox import SUCCESS, WINNER_WAITS, Inbox, TableStore
from chalicelib.wechat import parse_message, read_message

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # 10:00 in the county
OPENID, ACCOUNT = "oCitizen123", "gh_bureau"
SETTINGS = SimpleNamespace(bureau_county="360722", default_bureau="360722", public_base_url="https://zst.example.cn",
                           dedupe_ttl=3600, consultation=SimpleNamespace(daily_limit=5, attachment_cap=20))
CATEGORIES = [SimpleNamespace(code="labor", name="劳动争议", keywords=["工资", "拖欠工资", "辞退"]),
              SimpleNamespace(code="other", name="其他", keywords=[])]
QUESTION = "老板拖欠我三个月工资一共九千元，我该怎么要回来？"


class FakeStore:
    """The table as the inbox sees it: a dedupe record per key and the effects committed with it."""

    def __init__(self, open_consultations=None, taken_ids=(), closed=()):
        self.replies, self.effects = {}, []
        self.open_consultations = open_consultations or {}
        self.taken_ids, self.closed = set(taken_ids), set(closed)
        self.category_loads = 0
        self.day_counts = {}  # (openid, China day) -> consultations opened
        self.contended = 0  # how many next commits answer "another delivery is committing"
        self.reply_appears_after = None  # stored_reply calls before a racing winner's reply shows

    def categories(self):
        self.category_loads += 1
        return CATEGORIES

    def open_consultation(self, openid):
        return self.open_consultations.get(openid)

    def record(self, key, reply, effects, *, now, ttl_seconds, account=None):
        if self.contended:
            self.contended -= 1
            raise inbound.Contended()
        if key in self.replies:
            raise inbound.AlreadyHandled()
        for effect in effects:
            if (isinstance(effect, inbound.TakeDayAllowance)
                    and self.day_counts.get((effect.openid, effect.day), 0) >= effect.limit):
                raise inbound.OverDailyLimit()
            if isinstance(effect, inbound.Create) and effect.model.id in self.taken_ids:
                raise inbound.Refused()
            if isinstance(effect, inbound.Attach) and effect.consultation.id in self.closed:
                self.open_consultations.pop(effect.consultation.openid, None)
                raise inbound.Refused()
        self.replies[key] = reply
        for effect in effects:
            if isinstance(effect, inbound.TakeDayAllowance):
                day = (effect.openid, effect.day)
                self.day_counts[day] = self.day_counts.get(day, 0) + 1
        self.effects.extend(effects)

    def stored_reply(self, key, now, account=None):
        if self.reply_appears_after is not None:
            self.reply_appears_after -= 1
            if self.reply_appears_after >= 0:
                return None
        return self.replies.get(key)

    def of(self, kind):
        return [e for e in self.effects if isinstance(e, kind)]


def _inbox(store, *, ids=None, slept=None, unfollowed=None):
    numbers = itertools.chain(ids or ["ZX20260302-AAAAAA", "ZX20260302-BBBBBB"],
                              (f"ZX20260302-{n:06d}" for n in itertools.count()))
    return Inbox(store=store, clock=FixedClock(NOW), settings=SETTINGS,
                 new_id=lambda now: next(numbers),
                 sleep=(slept.append if slept is not None else lambda s: None),
                 on_unfollow=(unfollowed.append if unfollowed is not None else None))


def _text(content, msg_id="6054768590064713728"):
    return read_message({"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": "1772416800",
                         "MsgType": "text", "Content": content, "MsgId": msg_id})


def _event(event, key=None, create_time="1772416800"):
    message = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": create_time,
               "MsgType": "event", "Event": event}
    if key is not None:
        message["EventKey"] = key
    return read_message(message)


def _content(reply):
    return parse_message(reply)


def _consultation(status="dispatching", id_="ZX20260301-OPEN01"):
    return Consultation(id=id_, openid=OPENID, category="labor", question=QUESTION, source="chat",
                        county="360722", status=status, created_at="2026-03-01T09:00:00Z")


def test_a_legal_question_opens_one_consultation_with_the_dedupe_record_and_gives_its_number():
    # Given a citizen and no earlier message
    store = FakeStore()
    # When they type a question of more than ten characters
    reply = _content(_inbox(store).handle(_text(QUESTION)))
    # Then one consultation is committed, with the suggested category, from chat, in the bureau's county
    (created,) = store.of(inbound.Create)
    consultation = created.model
    assert (consultation.id, consultation.category, consultation.source, consultation.county,
            consultation.status, consultation.question) == (
        "ZX20260302-AAAAAA", "labor", "chat", "360722", "dispatching", QUESTION)
    # and in the same commit the citizen's 48 h customer-service window opens
    assert store.of(inbound.TouchCitizen) == [inbound.TouchCitizen(OPENID, "2026-03-02T02:00:00Z")]
    assert list(store.replies) == ["6054768590064713728"]
    # and the reply, addressed back to the citizen, gives the number, the category and the link
    assert (reply["ToUserName"], reply["FromUserName"], reply["MsgType"]) == (OPENID, ACCOUNT, "text")
    assert "ZX20260302-AAAAAA" in reply["Content"] and "劳动争议" in reply["Content"]
    assert 'href="https://zst.example.cn/h5/consultations/ZX20260302-AAAAAA"' in reply["Content"]


def test_a_question_over_the_daily_limit_is_refused_in_the_reply_and_a_redelivery_gets_the_same():
    # Given a citizen who has opened today's five consultations in chat
    store = FakeStore()
    inbox = _inbox(store)
    for n in range(5):
        assert "已受理" in _content(inbox.handle(_text(QUESTION, msg_id=f"1{n}")))["Content"]
    assert store.day_counts == {(OPENID, "2026-03-02"): 5}
    assert all(c.model.counted for c in store.of(inbound.Create))  # start() takes no second count
    # When a sixth question arrives, and WeChat delivers it again
    first = inbox.handle(_text(QUESTION, msg_id="16"))
    again = inbox.handle(_text(QUESTION, msg_id="16"))
    # Then the reply tells the truth — not accepted, why, what to do — and nothing is opened
    content = _content(first)["Content"]
    assert "达到每日上限" in content and "12348" in content and "已受理" not in content
    assert again == first and len(store.of(inbound.Create)) == 5
    # but the message still opens the citizen's customer-service window
    assert len(store.of(inbound.TouchCitizen)) == 6


def test_a_redelivered_question_writes_nothing_more_and_gets_the_first_reply():
    # Given a question already handled
    store = FakeStore()
    inbox = _inbox(store)
    first = inbox.handle(_text(QUESTION))
    # When WeChat delivers it three more times (the clock moving on does not change the answer)
    inbox.clock.advance(timedelta(seconds=5))
    again = [inbox.handle(_text(QUESTION)) for _ in range(3)]
    # Then there is still one consultation and every reply is the first, byte for byte
    assert len(store.of(inbound.Create)) == 1
    assert again == [first] * 3


def test_a_taken_consultation_number_is_drawn_again_rather_than_failing_the_citizen():
    # Given the first number drawn already belongs to another consultation
    store = FakeStore(taken_ids={"ZX20260302-AAAAAA"})
    # When a question arrives
    reply = _content(_inbox(store).handle(_text(QUESTION)))
    # Then the consultation gets the next number, and the reply says that one
    assert [c.model.id for c in store.of(inbound.Create)] == ["ZX20260302-BBBBBB"]
    assert "ZX20260302-BBBBBB" in reply["Content"] and "AAAAAA" not in reply["Content"]


def test_a_question_with_no_category_keyword_is_filed_under_other():
    store = FakeStore()
    reply = _content(_inbox(store).handle(_text("我想问一下我家门口那块地的事情应该找谁处理")))
    assert store.of(inbound.Create)[0].model.category == "other"
    assert "其他" in reply["Content"]


def test_categories_are_read_once_per_five_minutes_not_per_message():
    # Given a store that counts category loads behind the per-process cache
    loads = []
    clock = FixedClock(NOW)
    store = TableStore(clock, load_categories=lambda: loads.append(1) or CATEGORIES)
    # When categories are asked for three times within five minutes, then once after
    store.categories()
    clock.advance(timedelta(minutes=4, seconds=59))
    store.categories()
    store.categories()
    clock.advance(timedelta(seconds=1))
    store.categories()
    # Then the table was read twice
    assert len(loads) == 2


@pytest.mark.parametrize("content, expected", [
    ("帮助", "掌上通使用说明"), ("菜单", "掌上通使用说明"), ("？", "掌上通使用说明"),
    ("我要咨询", "请直接在对话框里用文字描述您的问题"),
])
def test_keywords_get_their_text_answer_and_open_no_consultation(content, expected):
    store = FakeStore()
    reply = _content(_inbox(store).handle(_text(content)))
    assert expected in reply["Content"]
    assert store.of(inbound.Create) == [] and len(store.of(inbound.TouchCitizen)) == 1


@pytest.mark.parametrize("content, title, path", [
    ("进度", "我的咨询与办事进度", "/h5/mine"),
    ("法律援助", "申请法律援助", "/h5/services/legal_aid"),
    ("怎么申请复议？", "申请行政复议", "/h5/services/reconsideration"),
    ("公证预约", "公证预约", "/h5/services/notarization"),
    ("人民调解", "申请人民调解", "/h5/services/mediation"),
    ("法律法规", "法律法规", "/h5/laws"),
])
def test_progress_and_service_keywords_get_a_card_linking_to_their_page(content, title, path):
    store = FakeStore()
    reply = _inbox(store).handle(_text(content))
    assert "<MsgType><![CDATA[news]]></MsgType>" in reply
    assert f"<Title><![CDATA[{title}]]></Title>" in reply
    assert f"<Url><![CDATA[https://zst.example.cn{path}]]></Url>" in reply
    assert store.of(inbound.Create) == []


def test_a_long_message_that_mentions_a_service_is_a_question_for_a_lawyer():
    store = FakeStore()
    _inbox(store).handle(_text("单位辞退我还不给补偿，我能不能申请法律援助请律师帮我打官司？"))
    assert store.of(inbound.Create)[0].model.category == "labor"


@pytest.mark.parametrize("content", ["你好", "在吗？", "哈哈哈哈哈哈哈哈哈哈哈哈", "13800138000123", "谢谢 🙏🙏🙏"])
def test_short_or_empty_chatter_gets_the_guide_and_opens_nothing(content):
    store = FakeStore()
    reply = _content(_inbox(store).handle(_text(content)))
    assert "10个字以上" in reply["Content"]
    assert store.of(inbound.Create) == []


def test_a_photo_joins_the_citizens_open_consultation():
    # Given the citizen has an open consultation
    store = FakeStore(open_consultations={OPENID: _consultation()})
    message = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": "1772416800",
               "MsgType": "image", "PicUrl": "http://mmbiz.qpic.cn/x", "MediaId": "media-1",
               "MsgId": "7001"}
    # When they send a photo
    reply = _content(_inbox(store).handle(read_message(message)))
    # Then it is attached to that consultation, under the condition that it is still open
    (attach,) = store.of(inbound.Attach)
    assert attach.consultation.id == "ZX20260301-OPEN01"
    assert attach.attachment == {"kind": "image", "media_id": "media-1", "pic_url": "http://mmbiz.qpic.cn/x",
                                 "format": None, "msg_id": "7001", "received_at": "2026-03-02T02:00:00Z"}
    assert attach.open_statuses == ("dispatching", "answering")
    assert "照片" in reply["Content"] and "ZX20260301-OPEN01" in reply["Content"]


def test_a_voice_note_with_no_open_consultation_and_nothing_recognised_asks_to_speak_again_or_type():
    store = FakeStore()
    message = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": "1772416800",
               "MsgType": "voice", "MediaId": "media-2", "Format": "amr", "MsgId": "7002"}
    reply = _content(_inbox(store).handle(read_message(message)))
    assert store.of(inbound.Attach) == [] and store.of(inbound.HoldVoiceQuestion) == []
    assert "没能听清" in reply["Content"] and "再说一遍" in reply["Content"] and "打字" in reply["Content"]


def test_a_voice_note_whose_recognised_text_is_no_question_holds_nothing_and_says_what_was_heard():
    store = FakeStore()
    message = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": "1772416800",
               "MsgType": "voice", "MediaId": "media-3", "Format": "amr", "MsgId": "7004",
               "Recognition": "喂喂，你好。"}
    reply = _content(_inbox(store).handle(read_message(message)))
    assert store.of(inbound.HoldVoiceQuestion) == []
    assert "喂喂，你好" in reply["Content"] and "10个字以上" in reply["Content"]


def test_a_spoken_question_is_held_and_shown_with_a_one_tap_confirmation():
    # Given a citizen with no open consultation
    store = FakeStore()
    message = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": "1772416800",
               "MsgType": "voice", "MediaId": "media-4", "Format": "amr", "MsgId": "7005",
               "Recognition": QUESTION}
    # When they speak their question
    reply = _content(_inbox(store).handle(read_message(message)))
    # Then nothing is opened yet: the recognised text and the recording are held for 确认
    assert store.of(inbound.Create) == []
    (hold,) = store.of(inbound.HoldVoiceQuestion)
    assert (hold.held.text, hold.held.media_id, hold.held.msg_id) == (QUESTION.rstrip("。"), "media-4", "7005")
    assert hold.held.expires_at == NOW + timedelta(days=1)
    # And the reply shows what was heard, with a link that sends 确认 in one tap
    assert QUESTION in reply["Content"]
    assert '<a href="weixin://bizmsgmenu?msgmenucontent=确认&msgmenuid=1">' in reply["Content"]


def test_a_photo_racing_the_close_of_its_consultation_gets_the_guide_instead():
    # Given the open consultation closes between the lookup and the write
    store = FakeStore(open_consultations={OPENID: _consultation()}, closed={"ZX20260301-OPEN01"})
    message = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": "1772416800",
               "MsgType": "image", "PicUrl": "http://p", "MediaId": "m", "MsgId": "7003"}
    # When the photo arrives
    reply = _content(_inbox(store).handle(read_message(message)))
    # Then nothing is attached and the citizen is told how to ask first
    assert store.of(inbound.Attach) == [] and "先用文字描述" in reply["Content"]


def test_following_from_a_qr_code_records_the_scene_and_welcomes_with_the_h5_home():
    store = FakeStore()
    reply = _content(_inbox(store).handle(_event("subscribe", "qrscene_township-office-3")))
    assert store.of(inbound.FollowCitizen) == [
        inbound.FollowCitizen(OPENID, "2026-03-02T02:00:00Z", "township-office-3")]
    assert "欢迎关注" in reply["Content"] and 'href="https://zst.example.cn/h5/"' in reply["Content"]


def test_following_without_a_scene_records_none():
    store = FakeStore()
    _inbox(store).handle(_event("subscribe", ""))
    assert store.of(inbound.FollowCitizen)[0].scene is None


def test_unfollowing_forgets_the_profile_ends_sessions_and_answers_success():
    store, unfollowed = FakeStore(), []
    reply = _inbox(store, unfollowed=unfollowed).handle(_event("unsubscribe"))
    assert reply == SUCCESS
    assert store.of(inbound.ForgetCitizen) == [inbound.ForgetCitizen(OPENID)]
    assert unfollowed == [OPENID]


@pytest.mark.parametrize("key, marker", [
    ("ASK", "请直接在对话框里用文字描述您的问题"), ("MY_PROGRESS", "/h5/mine"),
    ("LEGAL_AID", "/h5/services/legal_aid"), ("NOTARIZATION", "/h5/services/notarization"),
    ("MEDIATION", "/h5/services/mediation"), ("RECONSIDERATION", "/h5/services/reconsideration"),
    ("LAWS", "/h5/laws"), ("DOC_TEMPLATES", "/h5/templates"), ("CASES", "/h5/cases"),
    ("NO_SUCH_KEY", "掌上通使用说明"),
])
def test_each_menu_click_gets_a_useful_answer_and_writes_nothing(key, marker):
    store = FakeStore()
    reply = _inbox(store).handle(_event("CLICK", key))
    assert marker in reply
    assert store.effects == [] and store.replies == {}


@pytest.mark.parametrize("event", ["VIEW", "LOCATION", "TEMPLATESENDJOBFINISH", "something_new"])
def test_events_with_nothing_to_say_get_success_and_write_nothing(event):
    store = FakeStore()
    assert _inbox(store).handle(_event(event, "x")) == SUCCESS
    assert store.effects == []


@pytest.mark.parametrize("msg_type", ["video", "shortvideo", "location", "link", "file"])
def test_other_message_types_get_a_friendly_fallback(msg_type):
    store = FakeStore()
    message = {"ToUserName": ACCOUNT, "FromUserName": OPENID, "CreateTime": "1772416800",
               "MsgType": msg_type, "MsgId": "7100"}
    assert "暂时无法处理这类消息" in _content(_inbox(store).handle(read_message(message)))["Content"]


def test_a_duplicate_racing_the_first_delivery_waits_for_its_reply():
    # Given the first delivery has committed the question
    store = FakeStore()
    first = _inbox(store).handle(_text(QUESTION))
    # and a concurrent duplicate is told the record is being written, which shows up on the 2nd look
    store.contended, store.reply_appears_after, slept = 1, 1, []
    # When the duplicate is handled
    reply = _inbox(store, slept=slept).handle(_text(QUESTION))
    # Then it answers with the first reply after two short waits, and writes nothing
    assert reply == first and slept == list(WINNER_WAITS[:2])
    assert len(store.of(inbound.Create)) == 1


def test_a_duplicate_that_never_sees_the_first_reply_answers_success_within_a_second():
    store, slept = FakeStore(), []
    store.contended = 2
    reply = _inbox(store, slept=slept).handle(_text(QUESTION))
    assert reply == SUCCESS and store.effects == []
    assert sum(slept) <= 2 * sum(WINNER_WAITS) < 2


def test_the_apology_asks_the_citizen_to_send_again():
    reply = _content(_inbox(FakeStore()).apology(_text(QUESTION)))
    assert reply["ToUserName"] == OPENID and "重新发送" in reply["Content"]
