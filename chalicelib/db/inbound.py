"""An inbound WeChat message's writes, committed once (AP-21), through the store like every other
change (db/store.py): the message's effects below expand into the generic ones (db/effects.py).

A message's effects and its Dedupe record go in ONE TransactWrite whose condition is that the record
is new (or expired): a crash cannot leave a consultation without its record or a record without its
consultation, and a redelivery writes nothing. The record keeps the rendered reply, so a redelivery is
answered with the same words (and the same consultation number) as the first delivery.
"""
from dataclasses import dataclass
from datetime import timedelta

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.clock import iso
from chalicelib.db import consultations, effects, keys, media_copies
from chalicelib.db.base import Item
from chalicelib.db.models import Citizen
from chalicelib.db.store import TABLE

class Dedupe(Item, discriminator="Dedupe"):
    """One handled message or event, with the plaintext reply it got (sealed anew for each delivery)."""
    key = UnicodeAttribute()
    account = UnicodeAttribute(null=True)  # MsgIds are unique only within one account (AP-75)
    reply = UnicodeAttribute()
    created_at = UnicodeAttribute()

    def keys(self):
        return {"PK": dedupe_pk(self.key, self.account), "SK": "DEDUPE"}


def dedupe_pk(key, account=None):
    """`DEDUPE#<account>#<message key>`; without an account the shape from before issue 10."""
    return keys.dedupe_pk(account, key) if account else f"DEDUPE#{key}"


class AlreadyHandled(Exception):
    """The message's record exists: this delivery is a redelivery and must write nothing."""


class Contended(Exception):
    """Another delivery of the same message is committing at this moment (TransactionConflict)."""


class Refused(Exception):
    """A condition of one of the effects failed (a consultation number taken, a consultation closed)."""


class OverDailyLimit(Refused):
    """The citizen's daily allowance of consultations is used up: nothing was written."""


class OtherAccount(Refused):
    """The openid's profile belongs to another Official Account (AP-95): an openid is one person on
    one account, so it is refused rather than merged; nothing was written."""


def _citizen_identity(openid):
    # An update creates the profile when it is missing: give it what a saved Citizen would have.
    return [Citizen.type.set(Citizen), Citizen.openid.set(openid),
            Citizen.consents.set(Citizen.consents | {})]


@dataclass(frozen=True)
class Create:
    """Put a new item; its key must be free (a consultation number is never reused)."""
    model: object

    def apply(self, writes):
        writes.append(effects.create(self.model))


@dataclass(frozen=True)
class TakeDayAllowance:
    """Count a chat question against the citizen's China day, refused at the limit (AP-33): taken in
    the reply's own transaction, so the reply never says 已受理 to a question the limit refuses."""
    openid: str
    day: str
    limit: int
    now: object

    def apply(self, writes):
        consultations.take_day_allowance(writes.labelled("allowance"), self.openid, self.day, self.limit,
                                         self.now)


def _on_account(account):
    """The profile's account is set on first sight and must stay the same (AP-95): the update's
    actions and condition. Without an account (before issue 10's accounts) neither."""
    if not account:
        return [], None
    return ([Citizen.account.set(account)],
            Citizen.account.does_not_exist() | (Citizen.account == account))


def _update_citizen(writes, openid, actions, account):
    extra, condition = _on_account(account)
    writes.update(Citizen(openid=openid), actions=_citizen_identity(openid) + actions + extra,
                  condition=condition, label="citizen")


@dataclass(frozen=True)
class TouchCitizen:
    """The citizen wrote to us: WeChat opens a 48 h window for 5 customer-service messages.
    `account`: the Official Account the message came to, which the profile must belong to."""
    openid: str
    at: str
    account: str = None

    def apply(self, writes):
        _update_citizen(writes, self.openid, [
            Citizen.subscribed.set(True), Citizen.last_inbound_at.set(self.at),
            Citizen.cs_sent_since_inbound.set(0)], self.account)


@dataclass(frozen=True)
class FollowCitizen:
    """The citizen followed the account (perhaps from a QR code with a scene)."""
    openid: str
    at: str
    scene: str = None
    account: str = None

    def apply(self, writes):
        scene = Citizen.scene.set(self.scene) if self.scene else Citizen.scene.remove()
        _update_citizen(writes, self.openid, [
            Citizen.subscribed.set(True), Citizen.subscribed_at.set(self.at), scene,
            Citizen.cs_sent_since_inbound.set(Citizen.cs_sent_since_inbound | 0)], self.account)


@dataclass(frozen=True)
class ForgetCitizen:
    """The citizen unfollowed: the profile goes; consultations and applications stay (docs/wechat.md).
    Only the profile of the account unfollowed: another account's is never deleted (AP-95)."""
    openid: str
    account: str = None

    def apply(self, writes):
        writes.delete(Citizen(openid=self.openid), condition=_on_account(self.account)[1],
                      label="citizen")


@dataclass(frozen=True, eq=False)
class Attach:
    """Append chat media to a consultation, provided it is still open, with the job that copies it
    to our bucket before WeChat drops it. The job is keyed by MsgId and must be new: a message can
    never be attached (nor copied) twice, even after its dedupe record has expired. Refused once the
    consultation holds `cap` attachments (the list's size is the condition: no stale read passes)."""
    consultation: object
    attachment: dict
    open_statuses: tuple
    cap: int = None

    def apply(self, writes):
        writes.update(self.consultation,
                  actions=consultations.attach_actions(consultations.Attachment(**self.attachment)),
                  condition=consultations.still_open(self.open_statuses, self.cap))
        # A chat photo is fetched through the account it was sent to: its consultation's bureau's.
        job = media_copies.new_job(self.consultation.id, self.attachment,
                                   getattr(self.consultation, "bureau", None))
        if job is not None:
            writes.save(job, condition=consultations.MediaCopy.PK.does_not_exist())


@dataclass(frozen=True, eq=False)
class HoldVoiceQuestion:
    """Keep a spoken question until the citizen confirms it (a newer one replaces it)."""
    held: object

    def apply(self, writes):
        writes.save(self.held)


def hold_voice_question(**fields):
    """The effect that holds a spoken question of `fields` (a VoiceQuestion) for its 确认."""
    return HoldVoiceQuestion(consultations.VoiceQuestion(**fields))


@dataclass(frozen=True, eq=False)
class AskFromVoice:
    """The citizen confirmed their spoken question: the consultation (the recording attached) and the
    job that copies the recording are created, and the held question is used up — only while it is
    still the one confirmed, so two taps of 确认 can never open two consultations."""
    consultation: object
    held: object

    def apply(self, writes):
        writes.save(self.consultation, condition=consultations.Consultation.PK.does_not_exist())
        job = media_copies.new_job(self.consultation.id, self.held.attachment(),
                                   getattr(self.consultation, "bureau", None))
        if job is not None:
            writes.save(job, condition=consultations.MediaCopy.PK.does_not_exist())
        writes.delete(self.held, condition=consultations.VoiceQuestion.msg_id == self.held.msg_id)


def record(key, reply, changes, *, now, ttl_seconds, account=None, store=TABLE):
    """Write the dedupe record (holding `reply`) and every effect in one transaction.

    Raises AlreadyHandled, Contended or Refused as described above; anything else propagates.
    """
    dedupe = Dedupe(key=key, account=account, reply=reply, created_at=iso(now),
                    expires_at=now + timedelta(seconds=ttl_seconds))
    # An expired record no emulator (nor AWS, promptly) has deleted yet counts as absent.
    writes = effects.Effects([effects.Put(dedupe, Dedupe.PK.does_not_exist() | (Dedupe.expires_at < now),
                                          "dedupe")])
    try:
        store.commit(writes.add(*changes))
    except effects.Refused as refused:
        raise _why(refused) from refused


def _why(refused):
    if "dedupe" in refused.failed:
        return AlreadyHandled()
    if refused.conflicts:
        return Contended()
    if "allowance" in refused.failed:
        return OverDailyLimit()
    if "citizen" in refused.failed:
        return OtherAccount()
    return Refused()


def stored_reply(key, now, account=None):
    """The reply recorded for `key`, or None (never recorded, or expired but not yet deleted)."""
    try:
        item = Dedupe.get(dedupe_pk(key, account), "DEDUPE", consistent_read=True)
    except DoesNotExist:
        return None
    if item.expires_at is not None and item.expires_at <= now:
        return None
    return item.reply
