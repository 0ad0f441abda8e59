"""Upload grants against a real SeaweedFS, which enforces presigned-POST policies as S3 does (moto
accepts anything): a file over 10 MB, another content type, another key, an expired or tampered
grant are all refused by the store itself; a good file goes in and is confirmed and attached.
The table is moto's (in-process); S3 calls pass through to SeaweedFS."""
import json
from base64 import b64decode, b64encode
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
import requests
from moto import mock_aws

from chalicelib import aws
from chalicelib.applications import uploads
from chalicelib.applications.lifecycle import Context
from chalicelib.clock import FixedClock
from chalicelib.db.applications import Application, Material, UploadGrant
from chalicelib.db.schema import table_definition
from chalicelib.errors import Unprocessable
from chalicelib.wiring import Services, use
from tests.integration.conftest_seaweed import seaweed  # noqa: F401 (fixture)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 2000
LEGAL_AID = SimpleNamespace(service_type="legal_aid", name="法律援助", fields=[], deadlines={},
                            materials=[{"code": "id_card", "name": "身份证", "required": True}])
PASS_S3_THROUGH = {"core": {"mock_credentials": True, "reset_boto3_session": True,
                            "passthrough": {"urls": [], "services": ["s3"]}}}


@pytest.fixture
def world(env, seaweed):
    """A consented legal-aid draft in a moto table, the SeaweedFS client and a capability context."""
    with mock_aws(config=PASS_S3_THROUGH):
        services = use(Services(clock=FixedClock(NOW)))
        services.dynamodb().create_table(**table_definition(services.settings.table_name))
        services.table()
        Application(application_id="app1", service_type="legal_aid", openid="o1", status="draft",
                    created_at="t", updated_at="t", consented_at="t").save()
        ctx = Context(NOW, calendar=None, catalog=[LEGAL_AID], new_id=iter(
            f"up{n}" for n in range(100)).__next__)
        s3 = seaweed.client()
        for key in [o["Key"] for o in s3.list_objects_v2(Bucket=seaweed.bucket).get("Contents", [])]:
            s3.delete_object(Bucket=seaweed.bucket, Key=key)  # one SeaweedFS serves the module
        yield SimpleNamespace(ctx=ctx, s3=s3, bucket=seaweed.bucket)
    use(None)
    aws._client.cache_clear()


def _grant(world, size=len(JPEG), content_type="image/jpeg", **kwargs):
    return uploads.grant(world.ctx, world.s3, world.bucket, "app1", "o1", {
        "material": "id_card", "filename": "id.jpg", "content_type": content_type, "size": size},
        **kwargs)


def _post(grant, body, *, content_type=None, key=None, fields=None):
    """What the H5 page does: a multipart POST of the grant's fields and the file."""
    form = dict(grant["fields"], **(fields or {}))
    if content_type:
        form["Content-Type"] = content_type
    if key:
        form["key"] = key
    return requests.post(grant["url"], data=form, files={"file": ("id.jpg", body)}, timeout=30)


def _code(response):
    return response.text.split("<Code>")[1].split("</Code>")[0] if "<Code>" in response.text else ""


def _objects(world):
    return [o["Key"] for o in world.s3.list_objects_v2(Bucket=world.bucket).get("Contents", [])]


def test_a_good_file_is_stored_confirmed_and_attached(world):
    # Given a grant for a 2 KB JPEG
    grant = _grant(world)
    # When the browser posts it
    response = _post(grant, JPEG)
    # Then SeaweedFS takes it, and confirm attaches it under the application's prefix
    assert response.status_code == 204, response.text
    material = uploads.confirm(world.ctx, world.s3, world.bucket, "app1", grant["upload_id"], "o1")
    assert (material.code, material.size, material.content_type) == ("id_card", len(JPEG), "image/jpeg")
    assert material.key.startswith(f"applications/app1/{grant['upload_id']}/")
    assert Material.get("APP#app1", f"MAT#id_card#{grant['upload_id']}").key == material.key
    # And the policy says what it pins: the key prefix, the type, the size range, ten minutes
    policy = json.loads(b64decode(grant["fields"]["policy"]))
    assert ["starts-with", "$key", f"applications/app1/{grant['upload_id']}/"] in policy["conditions"]
    assert {"Content-Type": "image/jpeg"} in policy["conditions"]
    assert ["content-length-range", 1, 10 * 1024 * 1024] in policy["conditions"]
    assert grant["expires_at"] == "2026-03-02T02:10:00Z"


def test_a_file_over_ten_megabytes_is_refused_by_the_store(world):
    grant = _grant(world, size=10 * 1024 * 1024)
    response = _post(grant, JPEG + b"\x00" * (10 * 1024 * 1024 + 1 - len(JPEG)))
    assert response.status_code == 400 and _code(response) == "EntityTooLarge"
    assert not _objects(world)


def test_another_content_type_than_granted_is_refused_by_the_store(world):
    grant = _grant(world)
    response = _post(grant, JPEG, content_type="image/png")
    assert response.status_code == 403 and _code(response) == "AccessDenied"
    assert not _objects(world)


def test_a_key_outside_the_granted_one_is_refused_by_the_store(world):
    grant = _grant(world)
    for key in ("applications/app2/up0/id_card.jpg",  # another application
                f"applications/app1/{grant['upload_id']}/other.jpg",  # same prefix, other name
                "index.html"):
        response = _post(grant, JPEG, key=key)
        assert response.status_code == 403 and _code(response) == "AccessDenied", key
    assert not _objects(world)


def test_an_expired_grant_is_refused_by_the_store(world):
    # Given a grant whose policy expired a minute ago (the presigner reads the wall clock, so the
    # expiry is made negative rather than waited for)
    grant = _grant(world, ttl_seconds=-60)
    response = _post(grant, JPEG)
    assert response.status_code == 403 and "expired" in response.text
    assert not _objects(world)


def test_a_tampered_policy_is_refused_by_the_store(world):
    # Given a citizen who widens the size range in the policy they were given
    grant = _grant(world)
    policy = json.loads(b64decode(grant["fields"]["policy"]))
    policy["conditions"] = [c for c in policy["conditions"] if "content-length-range" not in c]
    policy["conditions"].append(["content-length-range", 1, 10 ** 9])
    response = _post(grant, JPEG, fields={"policy": b64encode(json.dumps(policy).encode()).decode()})
    assert response.status_code == 403 and _code(response) == "SignatureDoesNotMatch"


def test_bytes_that_are_not_the_declared_type_are_deleted_from_the_store_on_confirm(world):
    # Given a PDF posted under a JPEG grant (the Content-Type header matches; the bytes do not)
    grant = _grant(world, size=len(b"%PDF-1.4\n" + b"0" * 100))
    assert _post(grant, b"%PDF-1.4\n" + b"0" * 100).status_code == 204
    # When it is confirmed
    with pytest.raises(Unprocessable) as refused:
        uploads.confirm(world.ctx, world.s3, world.bucket, "app1", grant["upload_id"], "o1")
    # Then the citizen is told why, the object is gone and the grant is spent
    assert refused.value.code == "upload_type_mismatch" and "PDF" in refused.value.message
    assert not _objects(world)
    assert UploadGrant.get("APP#app1", f"UPLOAD#{grant['upload_id']}").status == "refused"


def test_staff_links_open_the_file_and_a_tampered_link_does_not(world):
    grant = _grant(world)
    assert _post(grant, JPEG).status_code == 204
    material = uploads.confirm(world.ctx, world.s3, world.bucket, "app1", grant["upload_id"], "o1")
    url = world.s3.generate_presigned_url("get_object", ExpiresIn=300, Params={
        "Bucket": world.bucket, "Key": material.key})
    assert requests.get(url, timeout=10).content == JPEG
    assert requests.get(url.replace("X-Amz-Expires=300", "X-Amz-Expires=3000"),
                        timeout=10).status_code == 403
