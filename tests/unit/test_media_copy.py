"""The chat-media copy's rules with hand-written fakes (no AWS, no HTTP): what one attempt stores,
records and settles; when it tries again; when it gives up for good; and that a second run does
nothing. Time is a literal."""
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib import media_copy, sniff
from chalicelib.clock import iso
from chalicelib.db.consultations import MediaCopy
from chalicelib.db.media_copies import new_job
from chalicelib.wechat.api import ApiError, ApiUnavailable

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 200
AMR = b"#!AMR\n" + (b"\x3c" + bytes(31)) * 5
BUCKET = "uploads"


def _job(kind="image", received=NOW, msg_id="7001"):
    attachment = {"kind": kind, "media_id": f"media-{msg_id}", "msg_id": msg_id,
                  "received_at": iso(received)}
    return new_job("ZX20260302-7K3QDM", attachment)


class FakeStore:
    """The job table as the copier sees it: the claim and settle conditions of db/media_copies."""

    def __init__(self, job, attachment_there=True):
        self.job, self.attachment_there, self.recorded = job, attachment_there, []

    def claim(self, job, now, lease_until):
        j, at = self.job, iso(now)
        due = j.status == "pending" and j.next_attempt_at <= at
        abandoned = j.status == "copying" and j.lease_until < at
        if not (due or abandoned):
            return None
        j.status, j.lease_until, j.attempts = "copying", iso(lease_until), j.attempts + 1
        return j

    def _settle(self, job, **changes):
        if self.job.status != "copying" or self.job.lease_until != job.lease_until:
            return None
        for name, value in dict(changes, lease_until=None).items():
            setattr(self.job, name, value)
        return self.job

    def mark_done(self, job, now, key):
        return self._settle(job, status="done", key=key, next_attempt_at=None)

    def mark_retry(self, job, error, next_attempt_at):
        return self._settle(job, status="pending", last_error=error, next_attempt_at=iso(next_attempt_at))

    def mark_failed(self, job, now, error):
        return self._settle(job, status="failed", last_error=error, next_attempt_at=None)

    def record_copy(self, consultation_id, msg_id, **fields):
        self.recorded.append((consultation_id, msg_id, fields))
        return self.attachment_there


@dataclass
class FakeApi:
    answers: list  # bytes to hand over, or an exception to raise, one per call
    calls: list = field(default_factory=list)

    def media_get(self, media_id, max_bytes):
        self.calls.append((media_id, max_bytes))
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer[:max_bytes + 1]  # as the client does: never more than one byte too many


@dataclass
class FakeS3:
    fail: Exception = None
    objects: dict = field(default_factory=dict)
    deleted: list = field(default_factory=list)

    def put_object(self, Bucket, Key, Body, ContentType):
        if self.fail:
            raise self.fail
        self.objects[(Bucket, Key)] = (Body, ContentType)

    def delete_object(self, Bucket, Key):
        self.deleted.append(Key)
        self.objects.pop((Bucket, Key), None)


def _run(store, api, s3=None, now=NOW):
    return media_copy.copy(store.job, store=store, api=api, s3=s3 or FakeS3(), bucket=BUCKET, now=now)


def test_a_chat_photo_is_stored_under_its_consultation_and_recorded_on_its_attachment():
    # Given a job for a photo sent in chat, due now, and WeChat handing over a JPEG
    store, api, s3 = FakeStore(_job()), FakeApi([JPEG]), FakeS3()
    # When the sweep runs it
    outcome = _run(store, api, s3)
    # Then the JPEG is in the bucket under the consultation, named by the MsgId, typed as a JPEG
    key = "consultations/ZX20260302-7K3QDM/chat/7001.jpg"
    assert outcome.status == "done" and s3.objects == {(BUCKET, key): (JPEG, "image/jpeg")}
    assert api.calls == [("media-7001", 10 * 1024 * 1024)]
    # And that attachment (found by MsgId) gets the key, type and size; the job is done
    assert store.recorded == [("ZX20260302-7K3QDM", "7001",
                               {"key": key, "content_type": "image/jpeg", "size": len(JPEG)})]
    assert (store.job.status, store.job.key, store.job.lease_until) == ("done", key, None)


def test_a_voice_note_is_stored_as_amr():
    # Given a voice job and WeChat handing over an AMR file
    store, s3 = FakeStore(_job(kind="voice")), FakeS3()
    # When it runs
    _run(store, FakeApi([AMR]), s3)
    # Then it is kept as audio/amr with the .amr extension
    assert s3.objects == {(BUCKET, "consultations/ZX20260302-7K3QDM/chat/7001.amr"): (AMR, sniff.AMR)}


def test_a_second_run_of_a_finished_job_does_nothing():
    # Given a job copied a moment ago
    store, s3 = FakeStore(_job()), FakeS3()
    _run(store, FakeApi([JPEG]), s3)
    # When a second sweep (or a stale read of the index) runs it again
    api = FakeApi([JPEG])
    outcome = _run(store, api, s3, now=NOW + timedelta(minutes=1))
    # Then it is not claimed: WeChat is not asked and nothing is written again
    assert outcome.status == "not_claimed" and api.calls == [] and len(store.recorded) == 1


def test_a_job_held_by_another_sweep_is_left_alone_until_its_lease_runs_out():
    # Given a job claimed by a sweep that is still working on it
    store = FakeStore(_job())
    store.claim(store.job, NOW, NOW + media_copy.Policy().lease)
    # When another sweep runs it within the lease, it is not claimed; after the lease, it is
    assert _run(store, FakeApi([JPEG]), now=NOW + timedelta(minutes=1)).status == "not_claimed"
    assert _run(store, FakeApi([JPEG]), now=NOW + timedelta(minutes=3)).status == "done"
    assert store.job.attempts == 2


def test_invalid_media_id_ends_the_job_as_failed_without_storing_anything():
    # Given WeChat answering 40007 (invalid media_id) in a JSON body
    store, s3 = FakeStore(_job()), FakeS3()
    # When the job runs
    outcome = _run(store, FakeApi([ApiError(40007, "invalid media_id")]), s3)
    # Then it fails for good: no retry is planned, nothing is stored or recorded
    assert outcome.status == "failed" and "40007" in store.job.last_error
    assert (store.job.status, store.job.next_attempt_at) == ("failed", None)
    assert s3.objects == {} and store.recorded == []


@pytest.mark.parametrize("error", [ApiError(-1, "system error"), ApiUnavailable("timed out")])
def test_a_busy_or_unreachable_wechat_is_tried_again_a_minute_later(error):
    # Given WeChat answering "system busy" (a JSON error body) or not answering at all
    store = FakeStore(_job())
    # When the job's first attempt runs at 02:00
    outcome = _run(store, FakeApi([error]))
    # Then it waits until 02:01 and nothing is stored
    assert outcome.status == "retry" and store.recorded == []
    assert (store.job.status, store.job.next_attempt_at) == ("pending", "2026-03-02T02:01:00Z")


def test_the_wait_doubles_with_each_attempt_and_stops_growing_at_an_hour():
    # Given the backoff policy
    policy = media_copy.Policy()
    # Then attempts 1, 2, 3 wait 1, 2, 4 minutes; the 7th and later wait an hour
    assert [policy.backoff(n) for n in (1, 2, 3, 6)] == [timedelta(minutes=m) for m in (1, 2, 4, 32)]
    assert policy.backoff(7) == policy.backoff(40) == timedelta(hours=1)
    # And a job stuck for days (attempt 42 and later) still waits an hour rather than failing to count
    assert policy.backoff(42) == policy.backoff(500) == timedelta(hours=1)


def test_a_failed_third_attempt_waits_four_minutes():
    # Given a job that failed twice already, due again at 02:10
    store = FakeStore(_job())
    store.job.attempts, store.job.next_attempt_at = 2, "2026-03-02T02:10:00Z"
    # When its third attempt fails on a storage error
    outcome = _run(store, FakeApi([JPEG]), FakeS3(fail=OSError("connection reset")),
                   now=datetime(2026, 3, 2, 2, 10, tzinfo=timezone.utc))
    # Then it is due again at 02:14
    assert outcome.status == "retry" and store.job.next_attempt_at == "2026-03-02T02:14:00Z"


def test_a_retry_that_would_fall_after_wechat_deletes_the_media_ends_the_job_as_failed():
    # Given a photo received almost three days ago, whose job keeps failing
    store = FakeStore(_job(received=NOW - timedelta(days=3) + timedelta(minutes=30)))
    store.job.attempts = 9
    # When another attempt fails (the next wait would be an hour)
    outcome = _run(store, FakeApi([ApiError(-1, "system error")]))
    # Then there is no next attempt: the job is failed, out of the sweep's way
    assert outcome.status == "failed" and store.job.last_error.startswith("media_expired")
    assert store.job.next_attempt_at is None


def test_a_job_found_after_the_media_expired_fails_without_asking_wechat():
    # Given a job whose media were received more than three days ago (the sweep was down)
    store, api = FakeStore(_job(received=NOW - timedelta(days=3, minutes=1))), FakeApi([JPEG])
    # When it runs, WeChat is not asked and the job is failed
    assert _run(store, api).status == "failed" and api.calls == []
    assert store.job.last_error == "media_expired"


def test_a_file_over_ten_megabytes_is_refused_for_good():
    # Given WeChat handing over more than 10 MB
    store, s3 = FakeStore(_job()), FakeS3()
    big = JPEG + bytes(10 * 1024 * 1024)
    # When the job runs, nothing is stored and the job fails
    assert _run(store, FakeApi([big]), s3).status == "failed"
    assert store.job.last_error == "too_large" and s3.objects == {}


@pytest.mark.parametrize("kind, body", [("image", b"<html>not a photo</html>"), ("image", AMR),
                                        ("voice", JPEG)])
def test_bytes_that_are_not_the_expected_kind_are_refused_for_good(kind, body):
    # Given WeChat handing over something other than a JPEG/PNG photo or an AMR/Speex voice note
    store, s3 = FakeStore(_job(kind=kind)), FakeS3()
    # When the job runs, nothing is stored and the job fails naming what arrived
    assert _run(store, FakeApi([body]), s3).status == "failed"
    assert store.job.last_error.startswith("unexpected_content:") and s3.objects == {}


def test_a_copy_whose_attachment_is_gone_is_deleted_and_the_job_failed():
    # Given a consultation that no longer has the attachment with this MsgId
    store, s3 = FakeStore(_job(), attachment_there=False), FakeS3()
    # When the job runs, the stored file is deleted again and the job fails
    assert _run(store, FakeApi([JPEG]), s3).status == "failed"
    assert s3.objects == {} and s3.deleted == ["consultations/ZX20260302-7K3QDM/chat/7001.jpg"]


def test_the_job_is_keyed_by_consultation_and_msg_id_and_due_at_once():
    # Given the job written with a chat photo received at 02:00
    job = _job()
    # Then it lives in the consultation's partition under the MsgId, in the DUE index for 02:00,
    # and WeChat's three days end at 02:00 on the 5th
    data = job.serialize()
    assert (data["PK"]["S"], data["SK"]["S"]) == ("CONS#ZX20260302-7K3QDM", "MEDIA#7001")
    assert data["DUEAT"]["S"] == "2026-03-02T02:00:00Z#CONS#ZX20260302-7K3QDM#MEDIA#7001"
    assert job.media_expires_at == "2026-03-05T02:00:00Z"
    # And a finished job leaves the index
    job.status = "done"
    assert "DUEAT" not in job.serialize() and "DUEPK" not in job.serialize()


def test_media_without_a_media_id_or_msg_id_get_no_job():
    # Given attachments WeChat gave nothing to fetch by, or no MsgId to key a job by
    base = {"kind": "image", "media_id": "m", "msg_id": "1", "received_at": iso(NOW)}
    # Then no job is made for them (nor for a form photo)
    assert new_job("C", dict(base, media_id=None)) is None
    assert new_job("C", dict(base, msg_id=None)) is None
    assert new_job("C", dict(base, kind="photo")) is None
    assert isinstance(new_job("C", base), MediaCopy)


@pytest.mark.parametrize("msg_id", ["../x", "1#2", "1" * 21, "12a", ""])
def test_a_msg_id_that_is_not_wechats_number_never_names_a_key(msg_id):
    # Given a chat attachment whose MsgId is not a 64-bit number (plaintext mode does not sign the body)
    attachment = {"kind": "image", "media_id": "m", "msg_id": msg_id, "received_at": iso(NOW)}
    # Then no job (no S3 key, no sort key) is made from it
    assert new_job("C", attachment) is None


def test_voice_signatures_are_recognised_from_the_first_bytes():
    # Given an AMR file and an Ogg stream whose first page carries a Speex header
    speex = b"OggS" + bytes(24) + b"Speex   1.2.0" + bytes(40)
    # Then each is named by its bytes; an Ogg stream of something else is not Speex
    assert sniff.sniff(AMR) == "audio/amr" and sniff.sniff(speex) == "audio/ogg"
    assert sniff.sniff(b"OggS" + bytes(24) + b"\x01vorbis" + bytes(40)) is None
