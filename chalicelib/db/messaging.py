"""The outbox (Notification) and the central WeChat access token (AccessToken) on the single table,
with the conditional writes that make a notification go out at most once: claim under a lease, settle
only while holding it, park after the last failure (AP-40, AP-41); and the token's refresh lease (AP-22).
"""
from datetime import timedelta

from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.clock import iso, parse_instant
from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.leases import Leases, write
from chalicelib.db.models import Citizen
from chalicelib.db.scoped import bureau_or_default, with_legacy
# What delivery spends of a citizen's authorised subscribe notifications (AP-141).
from chalicelib.db.subscriptions import (  # noqa: F401 (the store delivery is given)
    clear as clear_subscription, refund as refund_subscription, spend as spend_subscription)

OUTBOX_FAILED = "OUTBOX_FAILED"  # the legacy parked list, before issue 10 (AP-41)
SENT_RETENTION = timedelta(days=90)


class Notification(Item, discriminator="Notification"):
    """One message to one WeChat user, written in the transaction of the change that causes it."""
    notification_id = UnicodeAttribute()
    idempotency_key = UnicodeAttribute()
    audience = UnicodeAttribute()  # citizen | lawyer | staff
    to_openid = UnicodeAttribute()
    channel = UnicodeAttribute()  # requested: template | subscribe | custom
    template_key = UnicodeAttribute()
    payload = JSONAttribute(default=dict)  # {"data": {...}, "url": ..., "text": ...}
    status = UnicodeAttribute(default="pending")  # pending | sending | sent | failed | skipped
    attempts = NumberAttribute(default=0)
    created_at = UnicodeAttribute()
    next_attempt_at = UnicodeAttribute(null=True)
    lease_until = UnicodeAttribute(null=True)
    last_error = UnicodeAttribute(null=True)
    sent_at = UnicodeAttribute(null=True)
    failed_at = UnicodeAttribute(null=True)
    channel_used = UnicodeAttribute(null=True)
    fallback_reason = UnicodeAttribute(null=True)  # why a citizen got another channel than asked
    msgid = UnicodeAttribute(null=True)
    # Whose staff see it parked (issue 10); absent means the default bureau, as for every record
    # written before there were bureaus.
    bureau = UnicodeAttribute(null=True)
    # The Official Account that sends it (a bureau code or `lawyers`), picked by audience when it is
    # built (outbox.sending_account); absent means the default bureau's account.
    account = UnicodeAttribute(null=True)

    def keys(self):
        computed = {"PK": f"OUTBOX#{self.notification_id}", "SK": "OUTBOX"}
        due_at = self.due_at()
        if due_at:
            computed.update(DUEPK=keys.DUE_PARTITION, DUEAT=keys.due_key(due_at, self.notification_id))
        if self.status == "failed":  # parked where its bureau's staff look (AP-92)
            computed.update(GSI2PK=keys.failed_notifications_key(bureau_or_default(self.bureau)),
                            GSI2SK=keys.failed_notifications_sort(self.failed_at, self.notification_id))
        return computed

    def due_at(self):
        if self.status == "pending":
            return self.next_attempt_at
        if self.status == "sending":
            # A deliverer that died mid-send is replaced by the sweep once its lease has run out.
            return self.lease_until
        return None


class AccessToken(Item, discriminator="AccessToken"):
    """One Official Account's access token, shared by every function instance: `WECHAT#<account>` /
    `ACCESS_TOKEN`, one token and one refresh lease per appid (AP-74)."""
    account = UnicodeAttribute()
    token = UnicodeAttribute(null=True)
    expires_at = UnicodeAttribute(null=True)
    lease_until = UnicodeAttribute(null=True)  # someone is refreshing until then
    forced_at = UnicodeAttribute(null=True)  # last forced refresh: WeChat allows one per 30 s

    def keys(self):
        return {"PK": keys.access_token_pk(self.account), "SK": keys.ACCESS_TOKEN_SK}


def new_notification(**fields):
    """A Notification not yet written (outbox.notification builds its fields)."""
    return Notification(**fields)


def queue_with(tx, note):
    """Put `note` in the caller's transaction, only if its idempotency key was never queued: a
    repeat refuses the whole transaction (the change included) rather than resending."""
    tx.save(note, condition=Notification.PK.does_not_exist())


JOBS = Leases(Notification, working="sending")  # the one leased-job store (db/leases.py)


def claim(notification_id, now, lease_until):
    """Take a due notification for one attempt (the AP-40 claim); None if it is not ours to send."""
    return JOBS.claim(Notification(notification_id=notification_id), now, lease_until)


def mark_sent(n, now, *, msgid, channel_used, fallback_reason=None):
    return JOBS.complete(n, "sent", {
        "sent_at": iso(now), "msgid": msgid, "channel_used": channel_used,
        "fallback_reason": fallback_reason, "expires_at": now + SENT_RETENTION})


def mark_skipped(n, now, reason):
    return JOBS.complete(n, "skipped", {"last_error": reason, "expires_at": now + SENT_RETENTION})


def mark_retry(n, error, next_attempt_at):
    return JOBS.release(n, next_attempt_at, {"last_error": error})


def mark_failed(n, now, error):
    # parked where its bureau's staff look: the claimed item carries its bureau into the key
    return JOBS.complete(n, "failed", {"failed_at": iso(now), "last_error": error})


def defer(notification_id, now, until):
    """Push a due, unclaimed notification to `until` without spending an attempt."""
    due = (Notification.status == "pending") & (Notification.next_attempt_at <= iso(now))
    return write(Notification(notification_id=notification_id),
                 {"status": "pending", "next_attempt_at": iso(until)}, due)


def requeue(notification_id, now):
    """Staff send a parked notification again: a fresh round of attempts from now."""
    return write(Notification(notification_id=notification_id), {
        "status": "pending", "attempts": 0, "failed_at": None, "next_attempt_at": iso(now)},
        Notification.status == "failed")


def failed_notifications(bureau=None, limit=50):
    """AP-92: a bureau's parked notifications, most recently failed first (the default bureau's
    also reads the legacy `OUTBOX_FAILED` list: db/scoped.py)."""
    bureau = bureau_or_default(bureau)
    found = with_legacy(
        bureau, Notification.gsi2.query(keys.failed_notifications_key(bureau), scan_index_forward=False,
                                        limit=limit),
        lambda: Notification.gsi2.query(OUTBOX_FAILED, scan_index_forward=False, limit=limit),
        lambda n: n.notification_id)
    return sorted(found, key=lambda n: n.failed_at or "", reverse=True)[:limit]


def notification(notification_id):
    """One notification by id, or None."""
    try:
        return Notification.get(f"OUTBOX#{notification_id}", "OUTBOX", consistent_read=True)
    except DoesNotExist:
        return None


def citizen(openid):
    try:
        return Citizen.get(f"CITIZEN#{openid}", "PROFILE")
    except DoesNotExist:
        return None


def reserve_cs_slot(person, limit):
    """Count one customer-service message against the citizen's window before sending it, so two
    deliverers cannot both take the last slot; False when the window's quota is used up."""
    condition = ((Citizen.cs_sent_since_inbound.does_not_exist()
                  | (Citizen.cs_sent_since_inbound < limit))
                 & (Citizen.last_inbound_at == person.last_inbound_at))
    try:
        person.update(actions=[Citizen.cs_sent_since_inbound.add(1)], condition=condition)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


class TableTokenStore:
    """The token store the WeChat API client is given (get / lease / save), over one account's
    AccessToken item."""

    def __init__(self, account):
        self.account = account

    def _item(self):
        return AccessToken(account=self.account)

    def get(self):
        try:
            item = AccessToken.get(keys.access_token_pk(self.account), keys.ACCESS_TOKEN_SK,
                                   consistent_read=True)
        except DoesNotExist:
            return None
        times = {name: getattr(item, name) for name in ("expires_at", "lease_until", "forced_at")}
        return dict({k: parse_instant(v) if v else None for k, v in times.items()}, token=item.token)

    def lease(self, now, until, expected):
        """Become the one refresher until `until`: only while nobody holds an unexpired lease and the
        stored token is still `expected`, the one the caller found stale (None: none stored)."""
        free = AccessToken.lease_until.does_not_exist() | (AccessToken.lease_until < iso(now))
        same = (AccessToken.token == expected) if expected else AccessToken.token.does_not_exist()
        try:
            self._item().update(actions=[AccessToken.lease_until.set(iso(until)),
                                         AccessToken.type.set(AccessToken),
                                         AccessToken.account.set(self.account)],
                                condition=free & same)
        except UpdateError as exc:
            if exc.cause_response_code == "ConditionalCheckFailedException":
                return False
            raise
        return True

    def save(self, token, expires_at, forced_at=None):
        actions = [AccessToken.token.set(token), AccessToken.expires_at.set(iso(expires_at)),
                   AccessToken.lease_until.remove(), AccessToken.type.set(AccessToken),
                   AccessToken.account.set(self.account)]
        if forced_at:
            actions.append(AccessToken.forced_at.set(iso(forced_at)))
        self._item().update(actions=actions)

    def release(self, until):
        """End our lease after a failed refresh; a lease someone else has taken since is left alone."""
        try:
            self._item().update(actions=[AccessToken.lease_until.remove()],
                                 condition=AccessToken.lease_until == iso(until))
        except UpdateError as exc:
            if exc.cause_response_code != "ConditionalCheckFailedException":
                raise
