"""How a capability notifies someone: it builds a pending outbox record and puts it in the same
TransactWrite as the change that causes it, so both happen or neither does. A capability never calls
the WeChat API: `delivery` sends what the outbox holds. The capability returns the notification ids
and its context hands them to the after-commit map (`ctx.committed(ids)`) once it has committed:

    note = outbox.notification(idempotency_key=f"answered:{answer_id}", audience="citizen", ...)
    with TransactWrite(connection=...) as tx:
        tx.update(consultation, ...)          # the change
        outbox.write_with(tx, note)           # its notification
"""
import hashlib
from html import escape

from chalicelib import notice_kinds
from chalicelib.clock import iso
from chalicelib.db import messaging

# Lawyers and staff get template messages. Citizens get a customer-service message while their
# 48-hour window is open, else a subscribe message; "subscribe" skips the window altogether.
CHANNELS = {"citizen": ("custom", "subscribe"), "lawyer": ("template",), "staff": ("template",),
            # A mass send (群发, chalicelib/guides/push.py) reaches every follower of the account at
            # once: its recipient is FOLLOWERS, its text the message, within the account's quota.
            "followers": ("mass",)}
FOLLOWERS = "@followers"


def notification_id(idempotency_key):
    """The same key always gives the same id, so a retried request cannot queue a second message."""
    return hashlib.sha256(f"outbox:{idempotency_key}".encode("utf-8")).hexdigest()[:32]


def with_link(text, url, label="点击查看"):
    """A customer-service text with its page as a link: a text message has no url of its own, and
    WeChat shows an `<a href>` in it as a link the citizen can tap."""
    return f'{text}\n<a href="{escape(url, quote=True)}">{label}</a>'


def signed_in_link(url, audience, bureau):
    """The acting page as it opens signed in: a bureau's page (a citizen's, staff's) carries
    `bureau=`, so a reader without a session is signed in silently by WeChat OAuth with that bureau's
    appid (chalicelib/auth/signin_account.py; their openid belongs to it). A lawyer's page signs in
    on the lawyers' account by its path."""
    if audience == "lawyer" or not bureau or "bureau=" in url:
        return url
    return f"{url}{'&' if '?' in url else '?'}bureau={bureau}"


def sending_account(audience, bureau=None, lawyer_account=None):
    """Which Official Account sends to this audience (docs/decisions/many-bureaus.md §3): a citizen
    hears from the account of their case's bureau (their openid belongs to it), staff from their
    bureau's, a lawyer from the account of their openid (`lawyers`, or for lawyers bound before
    issue 10 the default bureau's). A bureau's account is its code. None: the default bureau's."""
    if audience == "lawyer":
        return lawyer_account or None
    return bureau or None


def notification(*, idempotency_key, audience, to_openid, template_key, now, url, data=None,
                 text=None, channel=None, link_label="点击查看", bureau=None, account=None):
    """A pending notification, due now. `url` is the H5 page that acts on it (every notice has one),
    `data` fills the template (or subscribe) message — times in it as `humantime.notice_time`
    writes them; each field is fitted to its keyword type's limit (truncated, never refused) — and `text` is the customer-service wording for a citizen, sent with `url` as a link. `bureau` is
    the bureau of the case it is about (absent: the default bureau); `account`, for a lawyer, the
    account of their openid (see `sending_account`)."""
    if audience not in CHANNELS:
        raise ValueError(f"unknown audience {audience!r}")
    channel = channel or CHANNELS[audience][0]
    if channel not in CHANNELS[audience]:
        raise ValueError(f"{audience} cannot be reached by {channel!r}")
    if not to_openid or not idempotency_key:
        raise ValueError("a notification needs a recipient openid and an idempotency key")
    if channel in ("custom", "mass") and not text:
        raise ValueError("a customer-service message needs its text")
    if not url:
        raise ValueError("a notification needs the page that acts on it")
    url = signed_in_link(url, audience, bureau)
    data = notice_kinds.fitted(template_key, notice_kinds.CHANNEL_OF[audience], data)
    text = with_link(text, url, link_label) if text else None
    payload = {name: value for name, value in (("data", data), ("url", url), ("text", text)) if value}
    at = iso(now)
    return messaging.new_notification(
        notification_id=notification_id(idempotency_key), idempotency_key=idempotency_key,
        audience=audience, to_openid=to_openid, channel=channel, template_key=template_key,
        payload=payload, status="pending", attempts=0, created_at=at, next_attempt_at=at,
        bureau=bureau or None, account=sending_account(audience, bureau, account))


def write_with(tx, note):
    """Add `note` to the caller's TransactWrite. The put is conditional: if this idempotency key was
    queued before, the whole transaction (the change included) is refused rather than resending."""
    messaging.queue_with(tx, note)
    return note.notification_id
