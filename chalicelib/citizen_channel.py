"""How a citizen is reached (issue 11, "Citizens' authorisation"): inside their 48-hour window a
customer-service text (at most `cs_limit` per window); outside it — or once the window's quota is
used, or when WeChat says the window is closed (45015) — only a subscribe notification they
authorised, spending one of their one-time authorisations. With none left the notice is parked as
`not_authorised` (staff read 未授权), never dropped. Called by `delivery.deliver` for one attempt.
"""
from dataclasses import dataclass

from chalicelib.clock import parse_instant
from chalicelib.wechat.api import ApiError

CS_WINDOW_CLOSED = 45015  # "response out of time limit": the 48-hour customer-service window
NOT_AUTHORISED = 43101  # "user refuse to accept the msg": no subscription left at WeChat


@dataclass(frozen=True)
class Sent:
    """What one attempt came to: sent on `channel`, or skipped, or parked (with the reason)."""
    channel: str = None
    msgid: str = None
    fallback: str = None
    skipped: str = None
    parked: str = None


def msgid_of(answer):
    msgid = (answer or {}).get("msgid")
    return None if msgid is None else str(msgid)


def send(note, store, api, now, policy):
    payload = note.payload or {}
    person = store.citizen(note.to_openid)
    if person is None or not person.subscribed:
        return Sent(skipped="unsubscribed")
    fallback = None
    if note.channel == "custom":
        if not in_window(person, now, policy):
            fallback = "cs_window_closed"
        elif ((person.cs_sent_since_inbound or 0) >= policy.cs_limit
              or not store.reserve_cs_slot(person, policy.cs_limit)):
            fallback = "cs_limit_reached"
        else:
            try:
                return Sent("custom", msgid_of(api.send_text(note.to_openid, payload["text"])))
            except ApiError as exc:
                if exc.errcode != CS_WINDOW_CLOSED:
                    raise
                fallback = f"errcode_{CS_WINDOW_CLOSED}"
    return subscribe(note, store, api, policy, fallback)


def subscribe(note, store, api, policy, fallback):
    """A subscribe notification the citizen authorised: one authorisation is spent (conditionally)
    before the send and given back if the send fails; WeChat's 43101 clears ours."""
    payload = note.payload or {}
    template_id, data = policy.message(note.template_key, "subscribe", payload.get("data"))
    if not store.spend_subscription(note.to_openid, template_id):
        return Sent(parked="not_authorised", fallback=fallback)
    try:
        answer = api.send_subscribe(note.to_openid, template_id, data, page=payload.get("url"))
    except ApiError as exc:
        if exc.errcode == NOT_AUTHORISED:  # WeChat holds none for them: ours follows
            store.clear_subscription(note.to_openid, template_id)
            return Sent(parked="not_authorised", fallback=fallback)
        store.refund_subscription(note.to_openid, template_id)
        raise
    return Sent("subscribe", msgid_of(answer), fallback)


def in_window(person, now, policy):
    """True while the citizen's last message is less than `policy.cs_window` (48 h) old."""
    if not person.last_inbound_at:
        return False
    return now - parse_instant(person.last_inbound_at) < policy.cs_window
