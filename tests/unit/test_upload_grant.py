"""The one upload grant (chalicelib/uploads.py `grant`), for application materials and question
photos alike, without AWS: the signed policy (a real boto3 presigner, no network) pins the folder,
the declared type, 1 byte to 10 MB and at most ten minutes; refusals come before anything is signed."""
import base64
import json
from datetime import datetime, timezone

import boto3
import pytest

from chalicelib import uploads
from chalicelib.errors import Invalid, TooLarge

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


@pytest.fixture
def s3():
    return boto3.client("s3", region_name="us-east-1", aws_access_key_id="AKIATEST",
                        aws_secret_access_key="secret")


class Signer:
    """A stand-in S3 that records what it was asked to sign."""

    def __init__(self):
        self.asked = []

    def generate_presigned_post(self, *args, **kwargs):
        self.asked.append((args, kwargs))
        return {"url": "https://bucket", "fields": {}}


def request(content_type="image/jpeg", size=1000, filename="IMG 1.JPG"):
    return {"content_type": content_type, "size": size, "filename": filename}


def give(s3, declared=None, **overrides):
    kwargs = dict(accepted=("image/jpeg", "application/pdf"), unsupported_message="不收这种文件",
                  under="applications/A1/", name="id_card", now=NOW, new_id=lambda: "U1")
    return uploads.grant(s3, "bucket", declared or request(), **dict(kwargs, **overrides))


def policy(post):
    return json.loads(base64.b64decode(post["fields"]["policy"]))


def test_a_grant_lays_the_key_out_under_its_folder_in_the_pending_prefix(s3):
    # Given a declared JPEG for material id_card of application A1
    # When it is granted
    given = give(s3)
    # Then the key is pending/<under><upload id>/<name>.jpg and the response says how to post it
    assert given.key == "uploads/pending/applications/A1/U1/id_card.jpg"
    assert given.response() == {"upload_id": "U1", "url": given.post["url"],
                                "fields": given.post["fields"], "expires_at": "2026-03-02T02:10:00Z",
                                "max_bytes": 10 * 1024 * 1024}


def test_the_signed_policy_pins_folder_type_size_and_ten_minutes(s3):
    given = give(s3, ttl_seconds=3600)  # a longer expiry asked for is cut to ten minutes
    conditions = policy(given.post)["conditions"]
    assert ["starts-with", "$key", "uploads/pending/applications/A1/U1/"] in conditions
    assert {"Content-Type": "image/jpeg"} in conditions
    assert ["content-length-range", 1, 10 * 1024 * 1024] in conditions
    assert policy(given.post)["expiration"].startswith("20")  # signed with an expiry
    assert given.expires == datetime(2026, 3, 2, 2, 10, tzinfo=timezone.utc)


def test_the_record_carries_the_common_grant_fields_with_a_cleaned_file_name(s3):
    given = give(s3, declared=request(filename="C:\\照片\\身份证\x00.jpg"))
    assert given.record == {
        "filename": "身份证.jpg", "content_type": "image/jpeg", "size": 1000,
        "key": "uploads/pending/applications/A1/U1/id_card.jpg",
        "created_at": "2026-03-02T02:00:00Z", "grant_expires_at": "2026-03-02T02:10:00Z",
        "expires_at": datetime(2026, 3, 2, 3, 10, tzinfo=timezone.utc)}  # + an hour to confirm


def test_a_photo_grant_is_the_same_grant_in_its_own_folder(s3):
    given = give(s3, declared=request("image/png"), accepted=("image/png",),
                 under="consultation-photos/", name="photo")
    assert given.key == "uploads/pending/consultation-photos/U1/photo.png"


@pytest.mark.parametrize("declared, error, code", [
    (request("image/gif"), Invalid, "unsupported_content_type"),
    (request(size=10 * 1024 * 1024 + 1), TooLarge, "file_too_large"),
    (request(size=0), Invalid, "empty_file"),
])
def test_a_declaration_the_purpose_or_the_bucket_would_refuse_is_refused_before_signing(
        declared, error, code):
    signer = Signer()
    with pytest.raises(error) as refused:
        give(signer, declared=declared)
    assert refused.value.code == code and signer.asked == []
