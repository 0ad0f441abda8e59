"""Delivery with its collaborators, on each path that starts it.

- `deliver_now(id, services)`: the after-commit map's work for a new Notification (the table's
  stream on AWS, a worker thread on the local stage: chalicelib/after_commit.py).
- `retry_due`, the sweep's handler for Notification: retries after backoff, and catches within a
  minute whatever the prompt paths missed (a lost worker, a stream that lags, a deliverer that died).
- The staff view: parked notifications and sending one again.
"""
import threading

from chalicelib import after_commit, delivery, scoping
from chalicelib.clock import FixedClock
from chalicelib.db import messaging
from chalicelib.errors import NotFound

OUTAGE_AFTER = 3  # unreachable-API failures in one sweep before the others wait a minute untried


def collaborators(services):
    """(store, api, policy) for `delivery.deliver`, from the composition root."""
    services.table()
    return messaging, services.senders(), delivery.policy_from(services.settings)


def deliver_now(notification_id, services):
    store, api, policy = collaborators(services)
    return delivery.deliver(notification_id, store=store, api=api, clock=services.clock,
                            policy=policy)


# -- the sweep: retries and the safety net -------------------------------------------------------
_outage = {"now": None, "unreachable": 0}
_outage_lock = threading.Lock()


def retry_due(item, now, services):
    """Attempt a due notification at the sweep's `now`. Once the API has proved unreachable
    OUTAGE_AFTER times in this sweep, other pending notifications move a minute on untried: an
    outage must not spend the sweep's time (3 s timeouts × 200 items) that deadlines need."""
    with _outage_lock:
        if _outage["now"] != now:
            _outage.update(now=now, unreachable=0)
        down = _outage["unreachable"] >= OUTAGE_AFTER
    store, api, policy = collaborators(services)
    if down and item.status == "pending":
        store.defer(item.notification_id, now, now + policy.first_backoff)
        return "deferred"
    outcome = delivery.deliver(item.notification_id, store=store, api=api, clock=FixedClock(now),
                               policy=policy)
    if outcome.unreachable:
        with _outage_lock:
            if _outage["now"] == now:
                _outage["unreachable"] += 1
    return outcome.status


# -- staff ---------------------------------------------------------------------------------------
PARKED_FIELDS = ("notification_id", "audience", "to_openid", "channel", "template_key", "attempts",
                 "last_error", "created_at", "failed_at")


# Why a notice was parked, said the way staff read it (`last_error` keeps the code or WeChat's text).
PARK_REASONS = {"template_unconfigured": "未配置模板", "account_unconfigured": "公众号未配置",
                "not_authorised": "未授权"}


def park_reason(last_error):
    return PARK_REASONS.get((last_error or "").split(":")[0], "发送失败")


def parked(bureau=None, limit=50):
    """The bureau's notifications that gave up, most recent first, as its staff see them (no message
    content), each with its `reason` in words."""
    return [dict({name: getattr(note, name) for name in PARKED_FIELDS},
                 reason=park_reason(note.last_error))
            for note in messaging.failed_notifications(bureau, limit)]


def requeue(notification_id, services, caller):
    """Staff send one of their bureau's parked notifications again: a fresh round of attempts,
    starting now. Another bureau's is answered as one that does not exist."""
    services.table()
    missing = NotFound("没有这条发送失败的通知", code="notification_not_parked")
    scoping.owned(messaging.notification(notification_id), caller, missing)
    if messaging.requeue(notification_id, services.clock.now()) is None:
        raise missing
    after_commit.soon("Notification", [notification_id], services)
    return {"notification_id": notification_id, "status": "pending"}
