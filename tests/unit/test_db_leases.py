"""The one leased-job store (chalicelib/db/leases.py), on a moto table: notifications and chat-media
copies are claimed under a lease by one conditional write, renewed, completed or released only by
the lease's holder, and taken over once a dead worker's lease has run out."""
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.db.consultations import MediaCopy
from chalicelib.db.leases import Leases
from chalicelib.db.messaging import Notification

T0 = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
LEASE = timedelta(seconds=30)
JOBS = Leases(Notification, working="sending")


def stored(notification_id="N1"):
    return Notification.get(f"OUTBOX#{notification_id}", "OUTBOX", consistent_read=True)


@pytest.fixture
def pending(moto_table):
    Notification(notification_id="N1", idempotency_key="k1", audience="citizen", to_openid="o1",
                 channel="template", template_key="answered", created_at="2026-03-02T02:00:00Z",
                 next_attempt_at="2026-03-02T02:00:00Z").save()
    return Notification(notification_id="N1")


def test_a_due_job_is_claimed_once_and_is_due_again_at_its_leases_end(pending):
    # Given a pending notification whose time has come
    # When two workers claim it at the same moment
    first = JOBS.claim(pending, T0, T0 + LEASE)
    second = JOBS.claim(Notification(notification_id="N1"), T0, T0 + LEASE)
    # Then only the first holds it, the attempt is counted, and the sweep would find it at 02:00:30
    assert first is not None and second is None
    job = stored()
    assert (job.status, job.attempts, job.lease_until) == ("sending", 1, "2026-03-02T02:00:30Z")
    assert job.DUEAT.startswith("2026-03-02T02:00:30Z")
    # And the claimed job is the whole stored item, not only its key
    assert first.to_openid == "o1"


def test_a_job_whose_time_has_not_come_is_not_claimed(pending):
    assert JOBS.claim(pending, T0 - timedelta(seconds=1), T0 + LEASE) is None
    assert stored().status == "pending"


def test_a_dead_workers_job_is_taken_over_after_its_lease_and_the_first_can_no_longer_settle(pending):
    # Given a worker that claimed the job and died
    dead = JOBS.claim(pending, T0, T0 + LEASE)
    dead_lease = dead.lease_until
    # When another claims it before the lease ran out, Then it is refused
    assert JOBS.claim(Notification(notification_id="N1"), T0 + LEASE / 2, T0 + LEASE * 2) is None
    # When another claims it after the lease ran out, Then it holds it (second attempt)
    later = T0 + LEASE + timedelta(seconds=1)
    taker = JOBS.claim(Notification(notification_id="N1"), later, later + LEASE)
    assert taker is not None and stored().attempts == 2
    # And the first worker, back from the dead, cannot complete, renew or release it
    ghost = Notification(notification_id="N1", status="sending", lease_until=dead_lease)
    assert JOBS.complete(ghost, "sent", {"msgid": "1"}) is None
    ghost = Notification(notification_id="N1", status="sending", lease_until=dead_lease)
    assert JOBS.renew(ghost, later + LEASE * 10) is None
    ghost = Notification(notification_id="N1", status="sending", lease_until=dead_lease)
    assert JOBS.release(ghost, later) is None
    assert (stored().status, stored().lease_until) == ("sending", taker.lease_until)


def test_the_holder_renews_its_lease_and_the_job_is_due_at_the_new_end(pending):
    held = JOBS.claim(pending, T0, T0 + LEASE)
    assert JOBS.renew(held, T0 + LEASE * 4) is not None
    assert stored().lease_until == "2026-03-02T02:02:00Z" and stored().DUEAT.startswith("2026-03-02T02:02:00Z")


def test_the_holder_completes_the_job_and_it_leaves_the_due_index(pending):
    held = JOBS.claim(pending, T0, T0 + LEASE)
    assert JOBS.complete(held, "sent", {"msgid": "42", "sent_at": "2026-03-02T02:00:01Z"}) is not None
    job = stored()
    assert (job.status, job.msgid, job.lease_until, job.next_attempt_at, job.DUEAT) == (
        "sent", "42", None, None, None)


def test_a_released_job_is_pending_again_at_its_next_attempt(pending):
    held = JOBS.claim(pending, T0, T0 + LEASE)
    assert JOBS.release(held, T0 + timedelta(minutes=1), {"last_error": "timeout"}) is not None
    job = stored()
    assert (job.status, job.lease_until, job.next_attempt_at, job.last_error, job.attempts) == (
        "pending", None, "2026-03-02T02:01:00Z", "timeout", 1)
    assert job.DUEAT.startswith("2026-03-02T02:01:00Z")
    # and it is claimed again only when that time has come
    assert JOBS.claim(Notification(notification_id="N1"), T0 + timedelta(seconds=59), T0 + LEASE * 3) is None
    assert JOBS.claim(Notification(notification_id="N1"), T0 + timedelta(minutes=1), T0 + LEASE * 3)


def test_a_chat_media_copy_is_the_same_store_with_its_own_working_status(moto_table):
    # Given a pending copy job
    MediaCopy(consultation_id="C1", msg_id="1", kind="image", media_id="m", created_at="2026-03-02T02:00:00Z",
              media_expires_at="2026-03-05T02:00:00Z", status="pending", attempts=0,
              next_attempt_at="2026-03-02T02:00:00Z").save()
    copies = Leases(MediaCopy, working="copying")
    job = MediaCopy.get("CONS#C1", "MEDIA#1", consistent_read=True)
    # When it is claimed, Then it is `copying` under the lease, and a second claim is refused
    claimed = copies.claim(job, T0, T0 + LEASE)
    assert (claimed.status, claimed.attempts) == ("copying", 1)
    assert copies.claim(MediaCopy.get("CONS#C1", "MEDIA#1", consistent_read=True), T0, T0 + LEASE) is None
    assert copies.complete(claimed, "done", {"key": "k"}).status == "done"
