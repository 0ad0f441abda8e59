"""Consultation entities on the single table — the consultation, its dispatches, answers and
follow-ups, all in the partition `CONS#<id>` (AP-31) — the citizen's daily counter (AP-33) and the
grants of photos for a question not yet sent (AP-31c).

Time-driven work is stored as absolute instants on the consultation (`start_at`, `next_tier_at` …);
its DUE key is the earliest of them, so the sweep finds it exactly when something is due and a
consultation with nothing left to do leaves the index.
"""
from datetime import timedelta

from pynamodb.attributes import (
    BooleanAttribute, ListAttribute, MapAttribute, NumberAttribute, UnicodeAttribute)

from pynamodb.expressions.condition import size

from chalicelib.clock import parse_instant
from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.effects import Check, Put, Update
from chalicelib.db.locking import Lock
from chalicelib.db.models import Citizen
from chalicelib.db.scoped import bureau_or_default, with_legacy
from chalicelib.settings import get_settings
from chalicelib.workdays import china_date

DAY_COUNT_TTL = timedelta(days=2)
# The consultation's pending work, in the order the sweep does it.
WORK_FIELDS = ("start_at", "next_tier_at", "staff_alert_at", "release_at", "award_reminder_at",
               "auto_close_at")


class Attachment(MapAttribute):
    """A photo or voice note sent in chat, or a photo sent with the H5 form. WeChat keeps `media_id`
    for 3 days only; a MediaCopy job copies chat media to our bucket (never the reply path: it would
    need the API) and then sets `key`. A form photo is in the bucket from the start."""
    kind = UnicodeAttribute()  # image | voice (chat) | photo (form)
    media_id = UnicodeAttribute(null=True)
    pic_url = UnicodeAttribute(null=True)
    format = UnicodeAttribute(null=True)  # voice: amr | speex
    msg_id = UnicodeAttribute(null=True)
    received_at = UnicodeAttribute()
    key = UnicodeAttribute(null=True)  # the object in the upload bucket
    upload_id = UnicodeAttribute(null=True)
    content_type = UnicodeAttribute(null=True)
    size = NumberAttribute(null=True)


class Consultation(Item, discriminator="Consultation"):
    """A citizen's legal question. `id` is the number the citizen sees (ZX20260302-7K3QDM).
    `rev` guards every change made after opening (chat attachments excepted: list_append is safe)."""
    id = UnicodeAttribute()
    openid = UnicodeAttribute()
    category = UnicodeAttribute()
    question = UnicodeAttribute()
    source = UnicodeAttribute()  # chat | h5
    county = UnicodeAttribute()
    status = UnicodeAttribute()  # see chalicelib/consultations/__init__.py
    created_at = UnicodeAttribute()
    attachments = ListAttribute(of=Attachment, default=list)
    rev = Lock()  # db/locking.py
    counted = BooleanAttribute(default=False)  # taken from the citizen's daily allowance
    city = UnicodeAttribute(null=True)
    province = UnicodeAttribute(null=True)
    plan = UnicodeAttribute(null=True)  # the tier plan it was started with
    tiers_done = NumberAttribute(default=0)
    dispatched = NumberAttribute(default=0)  # lawyers notified
    answer_count = NumberAttribute(default=0)
    first_answer_at = UnicodeAttribute(null=True)
    first_response_seconds = NumberAttribute(null=True)
    answers_closed_at = UnicodeAttribute(null=True)
    awarded_answer_id = UnicodeAttribute(null=True)
    awarded_lawyer_id = UnicodeAttribute(null=True)
    awarded_at = UnicodeAttribute(null=True)
    awarded_by = UnicodeAttribute(null=True)  # citizen | policy
    payout_fen = NumberAttribute(null=True)
    rating = NumberAttribute(null=True)
    rating_comment = UnicodeAttribute(null=True)
    rated_lawyer_id = UnicodeAttribute(null=True)
    closed_at = UnicodeAttribute(null=True)
    close_reason = UnicodeAttribute(null=True)  # unawarded | unanswered | daily_limit
    staff_alerted_at = UnicodeAttribute(null=True)
    award_reminded_at = UnicodeAttribute(null=True)
    start_at = UnicodeAttribute(null=True)
    next_tier_at = UnicodeAttribute(null=True)
    staff_alert_at = UnicodeAttribute(null=True)
    release_at = UnicodeAttribute(null=True)
    award_reminder_at = UnicodeAttribute(null=True)
    auto_close_at = UnicodeAttribute(null=True)
    # The bureau it was asked at (issue 10); absent means the default bureau, as for every
    # consultation written before there were bureaus. Its day list (CONSDAY) carries it.
    bureau = UnicodeAttribute(null=True)
    # When the citizen's content was removed (retention or their request, chalicelib/privacy/erase.py):
    # the question and follow-ups are placeholders, photos are gone, `openid` is a pseudonym.
    anonymised_at = UnicodeAttribute(null=True)

    def due_at(self):
        """The earliest pending work; a chat consultation not yet started is due when it was opened."""
        pending = [getattr(self, name) for name in WORK_FIELDS if getattr(self, name)]
        if self.status == "dispatching" and not self.start_at:
            pending.append(self.created_at)
        return min(pending) if pending else None

    def keys(self):
        # The day partition is the China date: staff count "today" in Beijing time, not UTC.
        day = china_date(parse_instant(self.created_at)).isoformat()
        computed = {"PK": f"CONS#{self.id}", "SK": "META",
                    "GSI1PK": f"CITIZEN#{self.openid}", "GSI1SK": f"CONS#{self.created_at}",
                    "GSI2PK": keys.consday_key(self.bureau or get_settings().default_bureau, day),
                    "GSI2SK": keys.consday_sort(self.created_at, self.id)}
        due = self.due_at()
        if due:
            computed.update(DUEPK=keys.DUE_PARTITION, DUEAT=keys.due_key(due, f"CONS#{self.id}"))
        return computed


class Dispatch(Item, discriminator="Dispatch"):
    """One lawyer notified of one consultation. While `open` it holds one of the lawyer's open
    questions and sits in their inbox; `answered` or `released` (answering closed) gives it back."""
    consultation_id = UnicodeAttribute()
    lawyer_id = UnicodeAttribute()
    lawyer_openid = UnicodeAttribute(null=True)
    lawyer_openid_account = UnicodeAttribute(null=True)  # the account of that openid (Lawyer's)
    source = UnicodeAttribute()  # duty | county | city | province | national
    tier = NumberAttribute()
    dispatched_at = UnicodeAttribute()
    state = UnicodeAttribute(default="open")  # open | answered | released
    category = UnicodeAttribute()
    question = UnicodeAttribute()  # as this lawyer may see it (masked outside the citizen's county)
    masked = BooleanAttribute(default=False)
    # Copied from the consultation so the workbench labels each row without a read (issue 10);
    # absent on older items: the default bureau.
    bureau = UnicodeAttribute(null=True)
    bureau_name = UnicodeAttribute(null=True)  # its short name (信丰)
    remind_at = UnicodeAttribute(null=True)
    reminded_at = UnicodeAttribute(null=True)
    answer_id = UnicodeAttribute(null=True)
    answered_at = UnicodeAttribute(null=True)
    released_at = UnicodeAttribute(null=True)

    def keys(self):
        computed = {"PK": f"CONS#{self.consultation_id}", "SK": f"DISPATCH#{self.lawyer_id}"}
        if self.state == "open":
            computed.update(GSI1PK=f"INBOX#{self.lawyer_id}",
                            GSI1SK=f"{self.dispatched_at}#{self.consultation_id}")
            if self.remind_at:
                computed.update(DUEPK=keys.DUE_PARTITION, DUEAT=keys.due_key(
                    self.remind_at, f"CONS#{self.consultation_id}#{self.lawyer_id}"))
        return computed


class Answer(Item, discriminator="Answer"):
    """A lawyer's answer (one per lawyer per consultation; editable until the award)."""
    consultation_id = UnicodeAttribute()
    answer_id = UnicodeAttribute()
    lawyer_id = UnicodeAttribute()
    lawyer_name = UnicodeAttribute()
    firm = UnicodeAttribute(null=True)
    body = UnicodeAttribute()
    created_at = UnicodeAttribute()
    edited_at = UnicodeAttribute(null=True)
    response_seconds = NumberAttribute(null=True)  # from this lawyer's notification to the answer
    awarded = BooleanAttribute(default=False)
    # Set by the citizen's 追问, cleared by the lawyer's reply: while set, the answer is in the
    # lawyer's sparse "waiting follow-ups" index (AP-37b), the workbench's badge.
    followup_waiting_since = UnicodeAttribute(null=True)
    # 1 for the first answer, 2 for the second …: written under the consultation's `rev`, so it
    # orders answers given in the same second (which `created_at` cannot).
    n = NumberAttribute(null=True)

    def order(self):
        """Sort key, first answer first (answers stored before `n` existed by their time)."""
        return (self.n is not None, self.n or 0, self.created_at)

    def keys(self):
        computed = {"PK": f"CONS#{self.consultation_id}", "SK": f"ANSWER#{self.answer_id}",
                    "GSI1PK": f"ANSWERS#{self.lawyer_id}",
                    "GSI1SK": f"{self.created_at}#{self.consultation_id}"}
        if self.followup_waiting_since:
            computed.update(GSI2PK=f"FUWAIT#{self.lawyer_id}",
                            GSI2SK=f"{self.followup_waiting_since}#{self.consultation_id}")
        return computed


class Followup(Item, discriminator="Followup"):
    """追问 and its replies: a thread between the citizen and one answer's lawyer."""
    consultation_id = UnicodeAttribute()
    answer_id = UnicodeAttribute()
    followup_id = UnicodeAttribute()
    author = UnicodeAttribute()  # citizen | lawyer
    body = UnicodeAttribute()
    created_at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"CONS#{self.consultation_id}",
                "SK": f"ANSWER#{self.answer_id}#FU#{self.created_at}#{self.followup_id}"}


class VoiceQuestion(Item, discriminator="VoiceQuestion"):
    """A question a citizen spoke in chat while no consultation of theirs was open: WeChat's
    recognised text (`Recognition`) and the recording, held until the citizen confirms the text in
    one tap (then it becomes a consultation with the recording attached). One per citizen: a newer
    voice question replaces an older one; unconfirmed ones expire (TTL)."""
    openid = UnicodeAttribute()
    text = UnicodeAttribute()
    media_id = UnicodeAttribute(null=True)
    format = UnicodeAttribute(null=True)
    msg_id = UnicodeAttribute()
    received_at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": "VOICEQ"}

    def attachment(self):
        """The recording, as the inbox attaches chat media (the copy job stores it in the bucket)."""
        return {"kind": "voice", "media_id": self.media_id, "pic_url": None, "format": self.format,
                "msg_id": self.msg_id, "received_at": self.received_at}


class CitizenDayCount(Item, discriminator="CitizenDayCount"):
    """Consultations a citizen opened on one China day, and photo uploads granted that day; each
    daily limit is a condition on its counter."""
    openid = UnicodeAttribute()
    day = UnicodeAttribute()
    count = NumberAttribute(default=0)
    photo_grants = NumberAttribute(null=True)

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": f"DAY#{self.day}"}


class PhotoGrant(Item, discriminator="PhotoGrant"):
    """A presigned POST for one photo of a question the citizen has not sent yet — so it is keyed by
    the citizen; sending the question uses it once (`granted` → `used`, in the creation's
    transaction) or a bad file refuses it."""
    openid = UnicodeAttribute()
    upload_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    key = UnicodeAttribute()  # the pending object the POST policy pins
    created_at = UnicodeAttribute()
    grant_expires_at = UnicodeAttribute()
    status = UnicodeAttribute(default="granted")  # granted | used | refused
    consultation_id = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": f"PHOTO#{self.upload_id}"}


class MediaCopy(Item, discriminator="MediaCopy"):
    """The job of copying one chat photo or voice note from WeChat to our bucket before WeChat drops
    it (temporary media live 3 days). Written with the attachment, keyed by its MsgId, so a message
    can never make two; due at once, claimed under a lease, retried with backoff until
    `media_expires_at` (chalicelib/media_copy.py)."""
    consultation_id = UnicodeAttribute()
    msg_id = UnicodeAttribute()
    kind = UnicodeAttribute()  # image | voice
    media_id = UnicodeAttribute()
    created_at = UnicodeAttribute()
    media_expires_at = UnicodeAttribute()  # WeChat's 3 days: no attempt after this
    status = UnicodeAttribute(default="pending")  # pending | copying | done | failed
    attempts = NumberAttribute(default=0)
    next_attempt_at = UnicodeAttribute(null=True)
    lease_until = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    key = UnicodeAttribute(null=True)
    finished_at = UnicodeAttribute(null=True)
    account = UnicodeAttribute(null=True)  # the account the media came to (absent: the default bureau's)

    def due_at(self):
        if self.status == "pending":
            return self.next_attempt_at
        if self.status == "copying":
            return self.lease_until  # a copier that died is replaced once its lease has run out
        return None

    def keys(self):
        computed = {"PK": f"CONS#{self.consultation_id}", "SK": f"MEDIA#{self.msg_id}"}
        due = self.due_at()
        if due:
            computed.update(DUEPK=keys.DUE_PARTITION, DUEAT=keys.due_key(
                due, f"CONS#{self.consultation_id}#MEDIA#{self.msg_id}"))
        return computed


# -- access patterns ---------------------------------------------------------------------------------
def consultation(consultation_id, consistent=True):
    """AP-31 head: the consultation itself, or None."""
    try:
        return Consultation.get(f"CONS#{consultation_id}", "META", consistent_read=consistent)
    except Consultation.DoesNotExist:
        return None


def consultation_items(consultation_id):
    """AP-31: the consultation with its dispatches, answers and follow-ups (one query, paged)."""
    return list(Item.query(f"CONS#{consultation_id}", consistent_read=True))


def dispatches(consultation_id):
    """The consultation's dispatches (at most the tier plan's total)."""
    return list(Dispatch.query(f"CONS#{consultation_id}", Dispatch.SK.startswith("DISPATCH#"),
                               consistent_read=True))


def dispatch(consultation_id, lawyer_id):
    try:
        return Dispatch.get(f"CONS#{consultation_id}", f"DISPATCH#{lawyer_id}", consistent_read=True)
    except Dispatch.DoesNotExist:
        return None


def answer(consultation_id, answer_id):
    try:
        return Answer.get(f"CONS#{consultation_id}", f"ANSWER#{answer_id}", consistent_read=True)
    except Answer.DoesNotExist:
        return None


def photo_grant(openid, upload_id):
    """AP-31c: one of the citizen's photo grants, or None (another citizen's is never found)."""
    try:
        return PhotoGrant.get(f"CITIZEN#{openid}", f"PHOTO#{upload_id}", consistent_read=True)
    except PhotoGrant.DoesNotExist:
        return None


def new_photo_grant(openid, upload_id, record):
    """AP-31c: a photo grant of the citizen, put on a free key (`record`: uploads.grant's fields)."""
    return Put(PhotoGrant(openid=openid, upload_id=upload_id, **record),
               PhotoGrant.PK.does_not_exist(), "photo")


def take_photo_allowance(tx, openid, day, limit, now):
    """Count one photo upload against the citizen's China day in `tx`, refused at `limit`."""
    take_day_allowance(tx, openid, day, limit, now, counter=CitizenDayCount.photo_grants)


def photo_refused(grant):
    """The grant's file was refused: it cannot be used (unconditional, as a refusal is final)."""
    return Update(grant, [PhotoGrant.status.set("refused")], label="photo")


def photo_used(grant, consultation_id):
    """The grant used by the consultation, once: refused unless it is still `granted`."""
    return Update(grant, [PhotoGrant.status.set("used"),
                          PhotoGrant.consultation_id.set(consultation_id)],
                  PhotoGrant.status == "granted", label="update")


def day_count(openid, day):
    try:
        return CitizenDayCount.get(f"CITIZEN#{openid}", f"DAY#{day}", consistent_read=True).count
    except CitizenDayCount.DoesNotExist:
        return 0


def voice_question(openid, now):
    """The citizen's voice question awaiting confirmation, or None (none, or expired)."""
    try:
        held = VoiceQuestion.get(f"CITIZEN#{openid}", "VOICEQ", consistent_read=True)
    except VoiceQuestion.DoesNotExist:
        return None
    return held if held.expires_at is None or held.expires_at > now else None


def citizen_consultations(openid, limit=20):
    """AP-30: a citizen's consultations, newest first."""
    return list(Item.gsi1.query(f"CITIZEN#{openid}", Item.GSI1SK.startswith("CONS#"),
                                scan_index_forward=False, limit=limit))


def lawyer_inbox(lawyer_id, limit=50):
    """AP-32: dispatches still waiting for this lawyer's answer, newest first."""
    return list(Dispatch.gsi1.query(f"INBOX#{lawyer_id}", scan_index_forward=False, limit=limit))


def lawyer_answers(lawyer_id, limit=50):
    """AP-37: a lawyer's answers, newest first."""
    return list(Answer.gsi1.query(f"ANSWERS#{lawyer_id}", scan_index_forward=False, limit=limit))


def lawyer_answers_awaiting_reply(lawyer_id, limit=50):
    """AP-37b: a lawyer's answers with a citizen's follow-up not yet replied to, longest waiting first."""
    return list(Answer.gsi2.query(f"FUWAIT#{lawyer_id}", limit=limit))


def consultations_on(bureau, day):
    """AP-80: the consultations a bureau opened on one China day (staff statistics, dashboards).
    The default bureau's day also reads the legacy `CONSDAY#<day>` (db/scoped.py)."""
    bureau = bureau_or_default(bureau)

    def of(partition):
        return (i for i in Item.gsi2.query(partition) if isinstance(i, Consultation))
    return with_legacy(bureau, of(keys.consday_key(bureau, day)), lambda: of(f"CONSDAY#{day}"),
                       lambda c: c.id)


def newest_open_consultation(openid, open_statuses, look_back=5):
    """The citizen's most recent consultation still open, among their last few (one query).

    Older open ones are not looked for: a photo sent in chat belongs with what the citizen asked last.
    """
    for item in citizen_consultations(openid, limit=look_back):
        if isinstance(item, Consultation) and item.status in open_statuses:
            return item
    return None


def attach_actions(attachment):
    """Update actions appending one attachment (list_append: concurrent appends both survive)."""
    return [Consultation.attachments.set(Consultation.attachments.append([attachment]))]


def still_open(open_statuses, cap=None):
    """The condition an attachment is written under: the consultation exists and is still open, and
    (given a cap) holds fewer than `cap` attachments, so concurrent deliveries cannot pass the cap."""
    condition = Consultation.PK.exists() & Consultation.status.is_in(*open_statuses)
    if cap is None:
        return condition
    return condition & (Consultation.attachments.does_not_exist()
                        | (size(Consultation.attachments) < cap))


def new_consultation(**fields):
    """A consultation not yet written."""
    return Consultation(**fields)


def consents_recorded(openid, consents):
    """The citizen's profile (created if missing) holding `consents` ("citizen")."""
    return Update(Citizen(openid=openid), [Citizen.type.set(Citizen), Citizen.openid.set(openid),
                                           Citizen.consents.set(consents)], label="citizen")


def parts(items):
    """AP-31's items sorted out: (consultation, {lawyer_id: dispatch}, [answers, first first],
    {answer_id: [follow-ups]})."""
    c, dispatches, answers, threads = None, {}, [], {}
    for item in items:
        if isinstance(item, Consultation):
            c = item
        elif isinstance(item, Dispatch):
            dispatches[item.lawyer_id] = item
        elif isinstance(item, Answer):
            answers.append(item)
        elif isinstance(item, Followup):
            threads.setdefault(item.answer_id, []).append(item)
    answers.sort(key=Answer.order)
    return c, dispatches, answers, threads


def answers_of(items):
    """The Answers among a consultation's items, first answer first."""
    return sorted((i for i in items if isinstance(i, Answer)), key=Answer.order)


def new_answer(**fields):
    """An answer not yet written."""
    return Answer(**fields)


def consultation_in(*statuses):
    """The condition that the consultation is (still) in one of `statuses`."""
    return Consultation.status == statuses[0] if len(statuses) == 1 else \
        Consultation.status.is_in(*statuses)


def unawarded(awardable):
    """The award's rule as a condition: no answer awarded yet, and still in an `awardable` status."""
    return Consultation.awarded_answer_id.does_not_exist() & Consultation.status.is_in(*awardable)


def still_awardable(consultation_id, awardable):
    """A check that the consultation (not written by the change) still takes an award."""
    return Check(Consultation, f"CONS#{consultation_id}", "META",
                 Consultation.status.is_in(*awardable) & Consultation.awarded_answer_id.does_not_exist(),
                 "consultation")


def answer_awarded(answer):
    """The answer flagged 中标, if it still exists."""
    return Update(answer, [Answer.awarded.set(True)], Answer.PK.exists(), "answer")


def answer_rewritten(answer, body, at, lawyer_id):
    """The answer's body rewritten by its lawyer, unless it was awarded meanwhile."""
    return Update(answer, [Answer.body.set(body), Answer.edited_at.set(at)],
                  (Answer.lawyer_id == lawyer_id) & (Answer.awarded == False),  # noqa: E712
                  "answer")


def new_dispatch(**fields):
    """A lawyer's dispatch, put once ("dispatch": never notified twice of one question)."""
    return Put(Dispatch(**fields), Dispatch.PK.does_not_exist(), "dispatch")


def dispatch_in(state):
    """The condition that a dispatch is (still) in `state`."""
    return Dispatch.state == state


def dispatch_as_read(d):
    """The condition that dispatch `d` still has the state and reminder time it was read with."""
    return (Dispatch.state == d.state) & (Dispatch.remind_at == d.remind_at)


def new_followup(**fields):
    """A follow-up in an answer's thread, not yet written."""
    return Followup(**fields)


def answer_exists():
    """The condition that the answer written to still exists."""
    return Answer.PK.exists()


def not_rated():
    """The condition that the consultation has not been rated."""
    return Consultation.rating.does_not_exist()


def take_day_allowance(tx, openid, day, limit, now, counter=CitizenDayCount.count):
    """Count one against the citizen's China day in `tx`, refused at `limit` (AP-33): consultations
    opened (`count`, the default) or photo uploads started (`photo_grants`)."""
    tx.update(CitizenDayCount(openid=openid, day=day),
              [CitizenDayCount.type.set(CitizenDayCount), CitizenDayCount.openid.set(openid),
               CitizenDayCount.day.set(day), counter.add(1),
               CitizenDayCount.expires_at.set(now + DAY_COUNT_TTL)],
              condition=counter.does_not_exist() | (counter < limit))
