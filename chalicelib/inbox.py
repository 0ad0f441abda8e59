"""The inbox: one verified WeChat message or event in, its effects written once, its passive reply out.

A legal question typed in chat becomes a consultation; photos and voice join the citizen's open one;
a question spoken with none open is held with WeChat's recognised text until the citizen confirms it
in one tap (确认), and then becomes a consultation with the recording attached; following creates the
citizen's profile and unfollowing removes it; menu clicks and keywords get guidance. Effects and the
dedupe record are written in one transaction (db/inbound.py), so WeChat's redeliveries change nothing
and are answered with the first reply. Never calls the WeChat API: the reply must leave inside 5 s.
"""
import copy
import logging
import time
import weakref
from dataclasses import dataclass
from datetime import timedelta

from chalicelib.clock import iso
from chalicelib.consultations import OPEN_STATUSES, QUESTION_MAX
from chalicelib.consultations.intake import (
    new_consultation_id, open_consultation, reads_as_question, suggest_category)
from chalicelib.db import consultations as consultations_db
from chalicelib.db import inbound, queries
from chalicelib.inbox_topics import CARDS, CLICKS, keyword_topic
from chalicelib.logs import log
from chalicelib.render import render
from chalicelib.workdays import china_date

SUCCESS = "success"  # WeChat's "received, no passive reply": it stops retrying
CATEGORY_CACHE_SECONDS = 300
# A duplicate racing the first delivery waits this long (s) for its stored reply: well inside 5 s.
WINNER_WAITS = (0.05, 0.1, 0.2, 0.4)
# A spoken question waits this long for its 确认 (WeChat keeps the recording 3 days).
VOICE_HOLD = timedelta(days=1)
# What the reply's link sends (weixin://bizmsgmenu) or the citizen types to confirm a spoken question.
CONFIRM_WORDS = ("确认", "确认提交", "确定", "确认咨询")


class TableStore:
    """The inbox's reads and writes on the table; categories cached per process for 5 minutes."""

    def __init__(self, clock, load_categories=queries.categories,
                 cache_seconds=CATEGORY_CACHE_SECONDS):
        self.clock, self.load_categories, self.cache_seconds = clock, load_categories, cache_seconds
        self._categories, self._loaded_at = None, None

    def categories(self):
        # Staff edit categories rarely; one query per process per 5 min keeps the budget at ≤ 4 calls.
        now = self.clock.now()
        if self._categories is None or (now - self._loaded_at).total_seconds() >= self.cache_seconds:
            self._categories, self._loaded_at = self.load_categories(), now
        return self._categories

    def open_consultation(self, openid):
        return consultations_db.newest_open_consultation(openid, OPEN_STATUSES)

    def voice_question(self, openid, now):
        return consultations_db.voice_question(openid, now)

    record = staticmethod(inbound.record)
    stored_reply = staticmethod(inbound.stored_reply)


@dataclass(frozen=True)
class Desk:
    """Where a message arrived: the account (its dedupe records are its own) and the bureau that
    answers on it, with the county its chat questions are filed under (the bureau's first region)."""
    account: str
    bureau: str
    county: str


class Inbox:
    """Handles verified messages with its collaborators: the store, the clock, the settings."""

    def __init__(self, *, store, clock, settings, new_id=new_consultation_id, sleep=time.sleep,
                 on_unfollow=None, on_opened=None):
        self.store, self.clock, self.settings = store, clock, settings
        self.new_id, self.sleep, self.on_unfollow = new_id, sleep, on_unfollow
        self.on_opened = on_opened  # called with a new consultation's id once it is committed
        self.desk = Desk(None, settings.default_bureau, settings.bureau_county)  # `/wechat` before issue 10

    def at(self, desk):
        """This inbox answering at `desk` (a shallow copy: the store and its caches are shared, and
        concurrent requests at different desks do not see each other's)."""
        turn = copy.copy(self)
        turn.desk = desk
        return turn

    def handle(self, message):
        """The passive reply (plaintext XML, or SUCCESS) to one verified message."""
        now = self.clock.now()
        kind = message.kind
        handler = {"text": self._text, "image": self._media, "voice": self._media,
                   "event": self._event}.get(kind, self._other)
        return handler(message, now)

    def apology(self, message):
        """What to say when handling failed: ask the citizen to send again rather than stay silent."""
        return self._render("busy", message, self.clock.now())

    # -- messages -------------------------------------------------------------------------------
    def _text(self, message, now):
        text, openid = message.text.strip(), message.sender
        touch = inbound.TouchCitizen(openid, iso(now), self.desk.account)
        if _confirms(text):
            held = self.store.voice_question(openid, now)
            if held is not None:
                return self._ask_from_voice(message, now, held, touch)
        topic = keyword_topic(text)
        if topic or not reads_as_question(text):
            reply = self._topic(topic, message, now) if topic else self._render("guide", message, now)
            return self._once(message, now, lambda: (reply, [touch]))
        categories = self.store.categories()
        code = suggest_category(text, categories)
        names = {c.code: c.name for c in categories}

        planned, over_limit, limit = [], [], self.settings.consultation.daily_limit

        def plan():  # called again after a refusal: a fresh number each time
            if over_limit:  # the day's allowance is used up: the reply says so and opens nothing
                planned.clear()
                return self._render("daily_limit", message, now, limit=limit), [touch]
            opened = open_consultation(openid=openid, question=text, category=code, source="chat",
                                       county=self.desk.county, now=now, new_id=self.new_id,
                                       bureau=self.desk.bureau)  # the bureau of the account
            opened.consultation.counted = True  # the allowance is taken below, with the reply
            planned.append(opened.consultation.id)
            reply = self._render("consultation_opened", message, now, consultation=opened.consultation,
                                 category_name=names.get(code, "其他"))
            allowance = inbound.TakeDayAllowance(openid, china_date(now).isoformat(), limit, now)
            return reply, [inbound.Create(item) for item in opened.puts] + [allowance, touch]
        reply = self._once(message, now, plan, over_limit=lambda: over_limit.append(True))
        if planned and self.on_opened:  # the last plan is the one committed (or a no-op to start)
            self.on_opened(planned[-1])
        return reply

    def _media(self, message, now):
        openid, kind = message.sender, message.kind
        touch = inbound.TouchCitizen(openid, iso(now), self.desk.account)

        def plan():  # after a refusal the consultation has just closed: looking again finds that
            consultation = self.store.open_consultation(openid)
            if consultation is None and kind == "voice":
                return self._hold_voice(message, now, touch)
            if consultation is None:
                return self._render("media_guide", message, now, kind=kind), [touch]
            cap = self.settings.consultation.attachment_cap
            if len(consultation.attachments or []) >= cap:  # full: say so, attach nothing
                return self._render("attachments_full", message, now, kind=kind, cap=cap,
                                    consultation=consultation), [touch]
            media = message.media
            attachment = {"kind": kind, "media_id": media.media_id, "pic_url": media.pic_url,
                          "format": media.format, "msg_id": message.msg_id, "received_at": iso(now)}
            reply = self._render("attached", message, now, kind=kind, consultation=consultation)
            return reply, [inbound.Attach(consultation, attachment, OPEN_STATUSES, cap), touch]
        return self._once(message, now, plan)

    def _hold_voice(self, message, now, touch):
        """A question spoken with no consultation open: show the citizen what WeChat heard and hold
        it (with the recording) for their 确认. Nothing heard, or too little: ask them to speak again
        or type (the recording alone is no question a lawyer can answer)."""
        heard = " ".join(message.text.split()).rstrip("。")  # what WeChat's recognition heard
        if not reads_as_question(heard):
            return self._render("voice_unclear", message, now, heard=heard), [touch]
        hold = inbound.hold_voice_question(
            openid=message.sender, text=heard[:QUESTION_MAX],
            media_id=message.media.media_id, format=message.media.format,
            msg_id=str(message.msg_id or ""), received_at=iso(now),
            expires_at=now + VOICE_HOLD)
        reply = self._render("voice_confirm", message, now, heard=hold.held.text,
                             confirm_word=CONFIRM_WORDS[0])
        return reply, [hold, touch]

    def _ask_from_voice(self, message, now, held, touch):
        """确认: the held spoken question becomes a consultation, the recording attached."""
        planned, over_limit, limit = [], [], self.settings.consultation.daily_limit
        openid = message.sender

        def plan():  # after a refusal (a second 确认 used it a moment ago) look again
            if over_limit:  # a spoken question counts against the day's allowance like a typed one
                planned.clear()
                return self._render("daily_limit", message, now, limit=limit), [touch]
            question = held if not planned else self.store.voice_question(openid, now)
            if question is None:
                return self._render("voice_unclear", message, now, heard="", used=True), [touch]
            categories = self.store.categories()
            code = suggest_category(question.text, categories)
            opened = open_consultation(openid=openid, question=question.text, category=code,
                                       source="chat", county=self.desk.county, now=now,
                                       new_id=self.new_id, bureau=self.desk.bureau)
            c = opened.consultation
            c.attachments = [consultations_db.Attachment(**question.attachment())]
            c.counted = True  # the allowance is taken below, with the reply
            planned.append(c.id)
            reply = self._render("consultation_opened", message, now, consultation=c, voice=True,
                                 category_name={k.code: k.name for k in categories}.get(code, "其他"))
            allowance = inbound.TakeDayAllowance(openid, china_date(now).isoformat(), limit, now)
            return reply, [inbound.AskFromVoice(c, question), allowance, touch]
        reply = self._once(message, now, plan, over_limit=lambda: over_limit.append(True))
        if planned and self.on_opened:  # as for a typed question: starting an unwritten one is a no-op
            self.on_opened(planned[-1])
        return reply

    def _other(self, message, now):
        touch = inbound.TouchCitizen(message.sender, iso(now), self.desk.account)
        reply = self._render("fallback", message, now)
        return self._once(message, now, lambda: (reply, [touch]))

    def _event(self, message, now):
        event, openid = message.event, message.sender
        if event == "subscribe":
            follow = inbound.FollowCitizen(openid, iso(now), message.scene,
                                           self.desk.account)
            return self._once(message, now, lambda: (self._render("welcome", message, now), [follow]))
        if event == "unsubscribe":
            reply = self._once(message, now, lambda: (SUCCESS, [inbound.ForgetCitizen(openid, self.desk.account)]))
            self._unfollowed(openid)
            return reply
        if event == "click":
            return self._topic(CLICKS.get(message.event_key, "help"), message, now)
        if event == "scan":  # a follower scanned one of our QR codes
            return self._render("welcome", message, now, returning=True)
        return SUCCESS  # VIEW, LOCATION, TEMPLATESENDJOBFINISH …: nothing to say

    # -- helpers --------------------------------------------------------------------------------
    def _once(self, message, now, plan, over_limit=None):
        """Commit `plan()`'s effects with the dedupe record; a redelivery gets the stored reply.
        A refusal by the daily allowance calls `over_limit()` and plans again."""
        key = message.dedupe_key
        for attempt in range(2):
            reply, effects = plan()
            try:
                self.store.record(key, reply, effects, now=now, ttl_seconds=self.settings.dedupe_ttl,
                                  account=self.desk.account)
                return reply
            except inbound.AlreadyHandled:
                return self.store.stored_reply(key, now, self.desk.account) or SUCCESS
            except inbound.Contended:
                stored = self._await_first(key, now)
                if stored is not None:
                    return stored
                if attempt:  # still in flight elsewhere: that delivery will do the work
                    return SUCCESS
            except inbound.OtherAccount:  # an openid is one person on one account (AP-95)
                log("inbox_openid_of_other_account", logging.WARNING,
                    msg_type=message.log_fields()["msg_type"], account=self.desk.account)
                return SUCCESS
            except inbound.OverDailyLimit:
                if over_limit is None:
                    raise
                over_limit()
            except inbound.Refused:
                log("inbox_refused_once", logging.WARNING, msg_type=message.log_fields()["msg_type"])
        raise RuntimeError("inbound message refused twice")

    def _await_first(self, key, now):
        for wait in WINNER_WAITS:
            self.sleep(wait)
            stored = self.store.stored_reply(key, now, self.desk.account)
            if stored is not None:
                return stored
        return None  # the first delivery failed after all: try to commit this one

    def _unfollowed(self, openid):
        if self.on_unfollow is None:
            return
        try:
            self.on_unfollow(openid)
        except Exception:  # the profile is gone already; sessions expire on their own
            log("inbox_unfollow_hook_failed", logging.WARNING, exc_info=True)

    def _topic(self, topic, message, now):
        if topic in CARDS:
            return self._render("card", message, now, topic=topic)
        return self._render(topic, message, now)

    def _render(self, name, message, now, **context):
        # A passive reply goes back to the sender, from the account the message was sent to.
        return render(f"wechat/{name}.xml.j2", to_user=message.sender,
                      from_user=message.account, create_time=int(now.timestamp()),
                      base=self.settings.public_base_url, **context)


_inboxes = weakref.WeakKeyDictionary()


def _confirms(text):
    return "".join(ch for ch in text if ch.isalnum()) in CONFIRM_WORDS


def inbox_for(container):
    """The process's inbox for a composition root (its category cache lives as long as the root)."""
    inbox = _inboxes.get(container)
    if inbox is None:
        container.table()
        from chalicelib.auth.sessions import revoke_all_for_openid

        from chalicelib.starter import start_soon

        inbox = Inbox(store=TableStore(container.clock), clock=container.clock,
                      settings=container.settings, on_unfollow=revoke_all_for_openid,
                      on_opened=lambda consultation_id: start_soon(consultation_id, container))
        _inboxes[container] = inbox
    return inbox
