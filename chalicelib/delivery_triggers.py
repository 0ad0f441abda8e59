"""What starts delivery, with which collaborators.

- `kick(ids, services)`: the request path calls it once its transaction has committed. On the local
  stage it delivers on background threads of the long-lived `chalice local` process; on AWS it does
  nothing, because the table's stream starts delivery (routes/outbox_stream.py).
- The `sweep_due` handler for Notification: retries after backoff, and catches within a minute
  whatever the prompt paths missed (a lost kick, a stream that lags, a deliverer that died).
- The staff view: parked notifications and sending one again.
"""
import logging
import queue
import threading

from chalicelib import delivery, sweep
from chalicelib.clock import FixedClock
from chalicelib.db import messaging
from chalicelib.errors import NotFound
from chalicelib.logs import log

WORKERS = 4  # concurrent local deliveries: a slow WeChat (3 s) must not queue a burst behind it
OUTAGE_AFTER = 3  # unreachable-API failures in one sweep before the others wait a minute untried

def collaborators(services):
    """(store, api, policy) for `delivery.deliver`, from the composition root."""
    services.table()
    return messaging, services.senders(), delivery.policy_from(services.settings)


def deliver_now(notification_id, services):
    store, api, policy = collaborators(services)
    return delivery.deliver(notification_id, store=store, api=api, clock=services.clock,
                            policy=policy)


# -- kick: prompt delivery on the local stage ----------------------------------------------------
_jobs = queue.Queue()
_workers = []
_start_lock = threading.Lock()


def kick(notification_ids, services):
    """Deliver these freshly committed notifications now, off the request's thread; returns how many
    were queued (0 off the local stage, where the table's stream does this)."""
    ids = [i for i in notification_ids or () if i]
    for notification_id in ids:
        run_soon(deliver_now, notification_id, services, label="outbox_kick_failed")
    return len(ids) if services.settings.is_local else 0


def run_soon(job, subject, services, *, label):
    """On the local stage, run `job(subject, services)` on a worker thread after the request has
    committed; elsewhere do nothing (the table's stream does it on AWS; the sweep is the safety net)."""
    if not services.settings.is_local:
        return False
    with _start_lock:
        while len(_workers) < WORKERS:
            worker = threading.Thread(target=_work, name=f"after-commit-{len(_workers)}", daemon=True)
            worker.start()
            _workers.append(worker)
    _jobs.put((job, subject, services, label))
    return True


def _work():
    while True:
        job, subject, services, label = _jobs.get()
        try:
            job(subject, services)
        except Exception:  # the sweep retries it; a worker must survive
            log(label, logging.ERROR, exc_info=True, subject=subject)
        finally:
            _jobs.task_done()


def wait_idle(timeout=10.0):
    """Wait until every kicked delivery has finished (tests, the local simulator); False on timeout."""
    with _jobs.all_tasks_done:
        return _jobs.all_tasks_done.wait_for(lambda: not _jobs.unfinished_tasks, timeout)


# -- the sweep: retries and the safety net -------------------------------------------------------
_outage = {"now": None, "unreachable": 0}
_outage_lock = threading.Lock()


@sweep.handles("Notification")
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


def parked(limit=50):
    """Notifications that gave up, most recent first, as staff see them (no message content)."""
    return [{name: getattr(note, name) for name in PARKED_FIELDS}
            for note in messaging.failed_notifications(limit)]


def requeue(notification_id, services):
    """Staff send a parked notification again: a fresh round of attempts, starting now."""
    services.table()
    if messaging.requeue(notification_id, services.clock.now()) is None:
        raise NotFound("没有这条发送失败的通知", code="notification_not_parked")
    kick([notification_id], services)
    return {"notification_id": notification_id, "status": "pending"}
