"""Photos of the H5 question form against a real SeaweedFS, which enforces presigned-POST policies as
S3 does (moto accepts anything): a photo over 10 MB, another type or another key is refused by the
store itself; a good photo goes in under the pending prefix, and sending the question copies exactly
the checked version under the consultation, where a five-minute link opens it.
The table is moto's (in-process); S3 calls pass through to SeaweedFS."""
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
import requests
from moto import mock_aws

from chalicelib import aws
from chalicelib.consultations import intake, photos
from chalicelib.consultations.context import Ctx
from chalicelib.db import consultations as db
from chalicelib.db.consultations import PhotoGrant
from chalicelib.db.schema import table_definition
from chalicelib.errors import Unprocessable
from chalicelib.wiring import Services, use
from tests.integration.conftest_seaweed import seaweed  # noqa: F401 (fixture)
from tests.integration.test_upload_policy_seaweedfs import (
    JPEG, OTHER_JPEG, PASS_S3_THROUGH, _code, _Interleaved)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
QUESTION = "公司拖欠我三个月工资一共九千元，还把我辞退了，该怎么办？"
LABOR = SimpleNamespace(code="labor", name="劳动争议", keywords=[], payout_fen=4000)


@pytest.fixture
def world(env, seaweed):
    """A moto table, the SeaweedFS client and a consultation context with one category."""
    with mock_aws(config=PASS_S3_THROUGH):
        services = use(Services())
        services.dynamodb().create_table(**table_definition(services.settings.table_name))
        services.table()
        ids = iter(f"p{n}" for n in range(100))
        ctx = Ctx(now=NOW, bureau_county="360722", load_categories=lambda: [LABOR],
                  new_id=ids.__next__)
        s3 = seaweed.client()
        for key in [o["Key"] for o in s3.list_objects_v2(Bucket=seaweed.bucket).get("Contents", [])]:
            s3.delete_object(Bucket=seaweed.bucket, Key=key)  # one SeaweedFS serves the module
        yield SimpleNamespace(ctx=ctx, s3=s3, bucket=seaweed.bucket)
    use(None)
    aws._client.cache_clear()


def _grant(world, size=len(JPEG), content_type="image/jpeg"):
    return photos.grant("oC", {"filename": "IMG_0001.JPG", "content_type": content_type, "size": size},
                        s3=world.s3, bucket=world.bucket, now=NOW, new_id=world.ctx.new_id)


def _post(grant, body, *, content_type=None, key=None):
    form = dict(grant["fields"])
    if content_type:
        form["Content-Type"] = content_type
    if key:
        form["key"] = key
    return requests.post(grant["url"], data=form, files={"file": ("photo.jpg", body)}, timeout=30)


def _submit(world, upload_ids, s3=None):
    return intake.submit(openid="oC", question=QUESTION, category="labor", county=None,
                         ctx=world.ctx, region_of=lambda county: ("360700", "360000"),
                         photos=upload_ids, s3=s3 or world.s3, bucket=world.bucket)


def _objects(world):
    return sorted(o["Key"] for o in world.s3.list_objects_v2(Bucket=world.bucket).get("Contents", []))


def test_a_posted_photo_is_copied_under_the_consultation_and_its_link_opens_it(world):
    # Given a photo posted by the browser with its grant
    grant = _grant(world)
    assert _post(grant, JPEG).status_code == 204
    assert _objects(world) == [f"uploads/pending/consultation-photos/{grant['upload_id']}/photo.jpg"]
    # When the question is sent with it
    c = _submit(world, [grant["upload_id"]])
    # Then the photo lives under the consultation (nothing left pending) and is recorded on it
    key = f"consultations/{c.id}/{grant['upload_id']}/photo.jpg"
    assert _objects(world) == [key]
    assert [(a.kind, a.key) for a in db.consultation(c.id).attachments] == [("photo", key)]
    # And a five-minute link opens exactly those bytes, while a stretched one is refused
    url = world.s3.generate_presigned_url("get_object", ExpiresIn=photos.URL_SECONDS,
                                          Params={"Bucket": world.bucket, "Key": key})
    assert requests.get(url, timeout=10).content == JPEG
    assert requests.get(url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"),
                        timeout=10).status_code == 403


def test_the_store_refuses_an_oversize_photo_another_type_and_another_key(world):
    grant = _grant(world, size=10 * 1024 * 1024)
    too_big = _post(grant, JPEG + b"\x00" * (10 * 1024 * 1024 + 1 - len(JPEG)))
    assert too_big.status_code == 400 and _code(too_big) == "EntityTooLarge"
    grant = _grant(world)
    assert _code(_post(grant, JPEG, content_type="image/png")) == "AccessDenied"
    for key in (f"uploads/pending/consultation-photos/{grant['upload_id']}x/photo.jpg",  # another grant's
                f"consultations/ZX20260302-AAAAAA/{grant['upload_id']}/photo.jpg"):  # where sent photos live
        response = _post(grant, JPEG, key=key)
        assert response.status_code == 403 and _code(response) == "AccessDenied", key
    assert not _objects(world)


def test_a_photo_replaced_after_its_check_refuses_the_question_and_leaves_nothing(world):
    # Given a photo posted and checked, when the citizen posts other bytes with the same still-valid
    # grant just before the copy (same size and type: only the version tells them apart)
    grant = _grant(world)
    assert _post(grant, JPEG).status_code == 204
    s3 = _Interleaved(world.s3, lambda: _post(grant, OTHER_JPEG))
    # When the question is sent
    with pytest.raises(Unprocessable) as refused:
        _submit(world, [grant["upload_id"]], s3=s3)
    # Then no consultation is written, no file is stored and the grant is refused
    assert refused.value.code == "photo_changed"
    assert not db.citizen_consultations("oC") and not _objects(world)
    assert PhotoGrant.get("CITIZEN#oC", f"PHOTO#{grant['upload_id']}").status == "refused"
