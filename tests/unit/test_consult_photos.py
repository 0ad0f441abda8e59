"""The rules of photos on the question form, without AWS: how many, whose, where they go, what a
viewer gets; and the shared check of what arrived in the bucket, against a hand-written fake S3."""
import io
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
from botocore.exceptions import ClientError

from chalicelib import uploads
from chalicelib.consultations import photos
from chalicelib.db.consultations import Attachment, PhotoGrant
from chalicelib.errors import Conflict, Invalid, NotFound, TooLarge, TooMany, Unprocessable
from tests.unit.fake_store import FakeStore, Update

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 100


def grant(status="granted", content_type="image/jpeg", upload_id="u1"):
    return SimpleNamespace(upload_id=upload_id, status=status, content_type=content_type)


def test_at_most_three_photos_each_once():
    photos.check_choice(["a", "b", "c"])
    with pytest.raises(Invalid) as four:
        photos.check_choice(["a", "b", "c", "d"])
    assert four.value.code == "too_many_photos" and "3" in four.value.message
    with pytest.raises(Invalid) as twice:
        photos.check_choice(["a", "a"])
    assert twice.value.code == "duplicate_photo"


@pytest.mark.parametrize("found, error, code", [
    (None, NotFound, "photo_not_found"),  # not the caller's: their partition has no such grant
    (grant("used"), Conflict, "photo_used"),
    (grant("refused"), Unprocessable, "photo_refused"),
])
def test_a_grant_is_usable_only_if_it_is_the_callers_and_unspent(found, error, code):
    with pytest.raises(error) as refused:
        photos.usable("u1", found)
    assert refused.value.code == code and [d["upload_id"] for d in refused.value.details] == ["u1"]


def test_a_sent_photo_lives_under_the_consultation_named_by_us_not_by_the_citizen():
    assert photos.final_key("ZX20260302-7K3QDM", grant(content_type="image/heic", upload_id="ab12")) \
        == "consultations/ZX20260302-7K3QDM/ab12/photo.heic"


def test_a_form_photo_is_shown_with_a_five_minute_link_and_chat_media_as_before():
    # Given a form photo and a photo sent in chat (WeChat media, nothing in our bucket)
    form = Attachment(kind="photo", key="consultations/c/u1/photo.jpg", upload_id="u1",
                      content_type="image/jpeg", size=10, received_at="t1")
    chat = Attachment(kind="image", media_id="m1", pic_url="http://wx/1", received_at="t2")
    asked = []

    def presign(key, seconds):
        asked.append((key, seconds))
        return "https://bucket/" + key
    # When each is shown
    shown = [photos.view(form, presign), photos.view(chat, presign)]
    # Then the photo carries its link, valid 300 s; the chat image keeps today's shape
    assert shown[0] == {"kind": "photo", "received_at": "t1", "upload_id": "u1",
                        "content_type": "image/jpeg", "url": "https://bucket/consultations/c/u1/photo.jpg"}
    assert asked == [("consultations/c/u1/photo.jpg", 300)]
    assert shown[1] == {"kind": "image", "received_at": "t2"}


def test_a_photo_grant_sits_in_the_citizens_partition_and_in_no_index():
    item = PhotoGrant(openid="oC", upload_id="u1", filename="a.jpg", content_type="image/jpeg",
                      size=1, key="k", created_at="t", grant_expires_at="t").serialize()
    assert (item["PK"]["S"], item["SK"]["S"]) == ("CITIZEN#oC", "PHOTO#u1")
    assert not {k for k in item if k.startswith(("GSI", "DUE"))}


@pytest.mark.parametrize("content_type, size, error, code", [
    ("image/gif", 10, Invalid, "unsupported_content_type"),
    ("image/jpeg", uploads.MAX_BYTES + 1, TooLarge, "file_too_large"),
    ("image/jpeg", 0, Invalid, "empty_file"),
])
def test_a_declared_file_is_refused_before_any_grant(content_type, size, error, code):
    with pytest.raises(error) as refused:
        uploads.check_declared(content_type, size, photos.TYPES, "只能上传照片")
    assert refused.value.code == code
    uploads.check_declared("image/heic", uploads.MAX_BYTES, photos.TYPES, "只能上传照片")


class FakeS3:
    """One stored object; records the ranged reads."""

    def __init__(self, body):
        self.body, self.reads = body, []

    def head_object(self, Bucket, Key):
        return {"ContentLength": len(self.body), "ETag": '"e1"'}

    def get_object(self, Bucket, Key, IfMatch, Range):
        self.reads.append((IfMatch, Range))
        return {"Body": io.BytesIO(self.body[:uploads.sniff.HEAD_BYTES])}


def test_what_arrived_is_accepted_only_with_the_declared_size_and_first_bytes():
    s3 = FakeS3(JPEG)
    # The declared JPEG of the declared size passes, read only from the checked version
    assert uploads.inspect(s3, "b", "k", size=len(JPEG), content_type="image/jpeg") == ('"e1"', len(JPEG))
    assert s3.reads == [('"e1"', "bytes=0-255")]
    # Another size, or bytes of another type, are refused with the reason
    with pytest.raises(uploads.Refusal) as size:
        uploads.inspect(s3, "b", "k", size=len(JPEG) - 1, content_type="image/jpeg")
    assert size.value.code == "upload_size_mismatch"
    with pytest.raises(uploads.Refusal) as kind:
        uploads.inspect(FakeS3(b"%PDF-1.7\n" + b"0" * 9), "b", "k", size=18, content_type="image/png")
    assert kind.value.code == "upload_type_mismatch" and "PDF" in kind.value.reason


class ReplacedWhileChecked(FakeS3):
    """The citizen posts the file again between the size check and the read (the policy allows it)."""

    def __init__(self, body):
        super().__init__(body)
        self.deleted = []

    def get_object(self, Bucket, Key, IfMatch, Range):
        raise ClientError({"Error": {"Code": "PreconditionFailed"}}, "GetObject")

    def delete_object(self, Bucket, Key):
        self.deleted.append(Key)


def test_a_photo_replaced_during_its_check_is_refused_by_name_not_a_server_error():
    # Given a photo whose object changes between the size check and the read
    s3 = ReplacedWhileChecked(JPEG)
    grant = PhotoGrant(openid="oC", upload_id="U1", key="uploads/pending/consultation-photos/U1/photo.jpg",
                       size=len(JPEG), content_type="image/jpeg", filename="a.jpg", created_at="t",
                       grant_expires_at="t")
    store = FakeStore(grant)
    # When the question is sent with it
    with pytest.raises(Unprocessable) as refused:
        photos.copy_in("ZX20260302-AAAAAA", [grant], s3=s3, bucket="b", now=None, store=store)
    # Then it is refused as replaced, naming the photo; the file is deleted and the grant refused
    assert refused.value.code == "photo_changed" and [d["upload_id"] for d in refused.value.details] == ["U1"]
    assert s3.deleted == [grant.key]
    (refusal,) = store.written(Update)
    assert refusal.item is grant and refusal.condition is None
    assert [str(a) for a in refusal.actions] == ["status = {'S': 'refused'}"]


def test_a_grant_and_the_days_allowance_are_one_commit_and_a_refusal_is_the_daily_limit():
    # Given a citizen asking for a photo upload
    request = {"filename": "IMG_1.JPG", "content_type": "image/jpeg", "size": 100}
    store = FakeStore()
    now = datetime(2026, 3, 2, 1, 0, tzinfo=timezone.utc)
    # When it is granted
    photos.grant("oC", request, s3=PresigningS3(), bucket="b", now=now, new_id=lambda: "u1",
                 store=store)
    # Then the grant (a new key) and the day's count are written together
    (commit,) = store.commits
    assert [(type(e).__name__, e.label) for e in commit] == [("Put", "photo"), ("Update", "allowance")]
    assert (commit[0].item.PK, commit[0].item.SK) == ("CITIZEN#oC", "PHOTO#u1")
    assert str(commit[0].condition) == "attribute_not_exists (PK)"
    assert str(commit[1].condition) == "(attribute_not_exists (photo_grants) OR photo_grants < {'N': '30'})"
    # And when the store refuses the next one (the day's allowance spent), it is the daily limit
    store.refuse = {"allowance"}
    with pytest.raises(TooMany) as refused:
        photos.grant("oC", request, s3=PresigningS3(), bucket="b", now=now, new_id=lambda: "u2",
                     store=store)
    assert refused.value.code == "photo_daily_limit"


class PresigningS3:
    def generate_presigned_post(self, bucket, key, **kwargs):
        return {"url": "https://bucket", "fields": {"key": key}}
