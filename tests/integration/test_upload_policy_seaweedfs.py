"""Upload grants against a real SeaweedFS, which enforces presigned-POST policies as S3 does (moto
accepts anything): a file over 10 MB, another content type, another key, an expired or tampered
grant are all refused by the store itself; a good file goes in under the pending prefix, and
confirm checks it and copies exactly the checked version to where the Material points.
The table is moto's (in-process); S3 calls pass through to SeaweedFS."""
import json
from base64 import b64decode, b64encode
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest
import requests
from botocore.exceptions import ClientError
from moto import mock_aws

from chalicelib import aws
from chalicelib.applications import uploads
from chalicelib.applications.lifecycle import Context
from chalicelib.clock import FixedClock
from chalicelib.db.applications import Application, Material, UploadGrant
from chalicelib.db.schema import table_definition
from chalicelib.errors import Conflict, Unprocessable
from chalicelib.wiring import Services, use
from tests.integration.conftest_seaweed import seaweed  # noqa: F401 (fixture)

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 2000
OTHER_JPEG = JPEG[:-1] + b"\x02"  # same size and type, other bytes
PENDING = uploads.PENDING_PREFIX
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


def test_a_good_file_is_posted_under_the_pending_prefix_and_confirm_moves_it_to_the_material(world):
    # Given a grant for a 2 KB JPEG
    grant = _grant(world)
    # When the browser posts it
    response = _post(grant, JPEG)
    # Then SeaweedFS takes it under the pending prefix, where the lifecycle rule would expire it
    assert response.status_code == 204, response.text
    assert _objects(world) == [grant["fields"]["key"]]
    assert grant["fields"]["key"].startswith(f"{PENDING}applications/app1/{grant['upload_id']}/")
    # And confirm attaches it under the application's prefix and removes the pending object
    material = uploads.confirm(world.ctx, world.s3, world.bucket, "app1", grant["upload_id"], "o1")
    assert (material.code, material.size, material.content_type) == ("id_card", len(JPEG), "image/jpeg")
    assert material.key == f"applications/app1/{grant['upload_id']}/id_card.jpg"
    assert Material.get("APP#app1", f"MAT#id_card#{grant['upload_id']}").key == material.key
    assert _objects(world) == [material.key]
    assert world.s3.get_object(Bucket=world.bucket, Key=material.key)["Body"].read() == JPEG
    # And the policy says what it pins: the pending key prefix, the type, the size range, ten minutes
    policy = json.loads(b64decode(grant["fields"]["policy"]))
    assert ["starts-with", "$key", f"{PENDING}applications/app1/{grant['upload_id']}/"] in \
        policy["conditions"]
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
    for key in (f"{PENDING}applications/app2/up0/id_card.jpg",  # another application
                f"{PENDING}applications/app1/{grant['upload_id']}/other.jpg",  # same prefix, other name
                f"applications/app1/{grant['upload_id']}/id_card.jpg",  # where confirm puts it
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


class _Interleaved:
    """The SeaweedFS client, but `before_copy` runs just before confirm copies the checked object:
    the moment another request can slip in between the check and the move."""

    def __init__(self, s3, before_copy):
        self._s3, self._before_copy = s3, before_copy

    def copy_object(self, **request):
        self._before_copy()
        return self._s3.copy_object(**request)

    def __getattr__(self, name):
        return getattr(self._s3, name)


def test_a_file_replaced_after_its_check_is_refused_and_never_attached(world):
    # Given a good JPEG posted and about to be moved, when the citizen posts other bytes with the
    # same still-valid grant (same size and type, so only the version tells them apart)
    grant = _grant(world)
    assert _post(grant, JPEG).status_code == 204
    s3 = _Interleaved(world.s3, lambda: _post(grant, OTHER_JPEG))
    # When it is confirmed
    with pytest.raises(Unprocessable) as refused:
        uploads.confirm(world.ctx, s3, world.bucket, "app1", grant["upload_id"], "o1")
    # Then the unchecked bytes are not copied: nothing is attached, stored or left pending
    assert refused.value.code == "upload_changed"
    assert not _objects(world)
    assert UploadGrant.get("APP#app1", f"UPLOAD#{grant['upload_id']}").status == "refused"
    assert not list(Material.query("APP#app1", Material.SK.startswith("MAT#")))


def test_a_confirm_racing_another_attaches_the_file_once(world):
    # Given a posted file, and a second confirm (a double tap) that wins while the first is copying
    grant = _grant(world)
    assert _post(grant, JPEG).status_code == 204
    confirm = lambda s3: uploads.confirm(  # noqa: E731
        world.ctx, s3, world.bucket, "app1", grant["upload_id"], "o1")
    won = []
    # When the first copies after the winner has moved the file and deleted the pending object
    lost = confirm(_Interleaved(world.s3, lambda: won.append(confirm(world.s3))))
    # Then both answer with the one Material, and only its file remains
    assert lost.key == won[0].key == f"applications/app1/{grant['upload_id']}/id_card.jpg"
    assert _objects(world) == [lost.key]
    assert len(list(Material.query("APP#app1", Material.SK.startswith("MAT#")))) == 1


def test_a_file_confirmed_after_the_application_was_submitted_leaves_no_copy_behind(world):
    # Given a posted file, and the application leaving the editable states during the copy
    grant = _grant(world)
    assert _post(grant, JPEG).status_code == 204

    def submit():
        Application.get("APP#app1", "META").update(actions=[Application.status.set("submitted")])
    # When it is confirmed
    with pytest.raises(Conflict):
        uploads.confirm(world.ctx, _Interleaved(world.s3, submit), world.bucket, "app1",
                        grant["upload_id"], "o1")
    # Then the copy nothing refers to is deleted; the pending object is left to the lifecycle rule
    assert _objects(world) == [grant["fields"]["key"]]


class _WithoutListBucket:
    """S3 as the Lambda role sees it: without s3:ListBucket, HEAD of a missing key is 403."""

    def __init__(self, s3):
        self._s3 = s3

    def head_object(self, **request):
        try:
            return self._s3.head_object(**request)
        except ClientError as error:
            if error.response["Error"]["Code"] != "404":
                raise
            raise ClientError({"Error": {"Code": "403", "Message": "Forbidden"}}, "HeadObject")

    def __getattr__(self, name):
        return getattr(self._s3, name)


@pytest.mark.parametrize("as_the_role_sees_it", [False, True], ids=["404", "403"])
def test_confirming_a_file_never_posted_says_it_was_not_received(world, as_the_role_sees_it):
    # Given a grant whose file never arrived
    grant = _grant(world)
    s3 = _WithoutListBucket(world.s3) if as_the_role_sees_it else world.s3
    # When it is confirmed; Then the citizen is told nothing arrived, and may still post it
    with pytest.raises(Unprocessable) as refused:
        uploads.confirm(world.ctx, s3, world.bucket, "app1", grant["upload_id"], "o1")
    assert refused.value.code == "upload_missing"
    assert UploadGrant.get("APP#app1", f"UPLOAD#{grant['upload_id']}").status == "granted"
