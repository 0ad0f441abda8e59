"""A lawyer's portrait in the directory (issue 12): the lawyer asks for the one photo grant, posts
a JPEG or PNG of at most 2 MB to the bucket and confirms it; the profile then carries a key of our
own and the public directory and profile show it through a short-lived presigned GET. A newer
photo replaces the older; a wrong type, an oversized file or another lawyer's upload is a 4xx and
writes nothing. On moto through the routes."""
from urllib.parse import urlparse

import pytest

from chalicelib.db import pools
from tests.functional.commission_support import api  # noqa: F401 (fixture)
from tests.functional.isolation_support import table_snapshot

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 300
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 300
PDF = b"%PDF-1.4\n" + b"\x00" * 300


@pytest.fixture
def s3(api):  # noqa: F811
    client = api.services.s3()
    client.create_bucket(Bucket=api.services.settings.upload_bucket)
    return client


def grant(api, lawyer_id, body=PNG, content_type="image/png", declared=None):  # noqa: F811
    status, answer = api.post("/api/lawyer/photo/grant", f"lawyer:{lawyer_id}", {
        "filename": "me.png", "content_type": content_type,
        "size": declared if declared is not None else len(body)})
    return status, answer


def upload(api, s3, lawyer_id, body=PNG, content_type="image/png"):  # noqa: F811
    status, answer = grant(api, lawyer_id, body, content_type)
    assert status == 201, answer
    s3.put_object(Bucket=api.services.settings.upload_bucket, Key=answer["fields"]["key"], Body=body,
                  ContentType=content_type)
    return answer["upload_id"]


def confirm(api, lawyer_id, upload_id):  # noqa: F811
    return api.call("put", "/api/lawyer/photo", f"lawyer:{lawyer_id}", {"upload_id": upload_id})


def stored_keys(api, s3):  # noqa: F811
    found = s3.list_objects_v2(Bucket=api.services.settings.upload_bucket).get("Contents", [])
    return sorted(o["Key"] for o in found if not o["Key"].startswith("uploads/pending/"))


def test_a_lawyer_uploads_a_portrait_and_the_directory_shows_it_presigned(api, s3):  # noqa: F811
    # Given a listed lawyer who uploads a PNG through the grant
    upload_id = upload(api, s3, "FAM")
    # When they confirm it
    status, body = confirm(api, "FAM", upload_id)
    # Then the profile carries a key of our own — the lawyer id, never the openid or a phone
    assert status == 200, body
    key = pools.profile("FAM").photo_key
    assert key.startswith("lawyer-photos/FAM/") and key.endswith(".png") and "oFAM" not in key
    assert stored_keys(api, s3) == [key]
    # and the directory and the profile show it through a presigned GET that expires
    status, listed = api.get("/api/lawyers", None)
    shown = {e["id"]: e["photo_url"] for e in listed}
    status, profile = api.get("/api/lawyers/FAM", None)
    for url in (shown["FAM"], profile["photo_url"], body["photo_url"]):
        assert urlparse(url).path.endswith(key) and ("Expires=" in url or "X-Amz-Expires=" in url)
    # while a lawyer without a portrait has none (the page shows the name's initial)
    assert shown["C00"] is None


def test_a_newer_portrait_replaces_the_older_one(api, s3):  # noqa: F811
    # Given a lawyer with a portrait
    assert confirm(api, "FAM", upload(api, s3, "FAM"))[0] == 200
    first = pools.profile("FAM").photo_key
    # When they upload and confirm a JPEG
    status, _ = confirm(api, "FAM", upload(api, s3, "FAM", JPEG, "image/jpeg"))
    # Then the profile points at the new one and the old file is gone
    assert status == 200
    second = pools.profile("FAM").photo_key
    assert second != first and second.endswith(".jpg")
    assert stored_keys(api, s3) == [second]


@pytest.mark.parametrize("content_type, declared, expected, code", [
    ("image/heic", 300, 400, "unsupported_content_type"),
    ("application/pdf", 300, 400, "unsupported_content_type"),
    ("image/png", 2 * 1024 * 1024 + 1, 413, "file_too_large")])
def test_a_grant_for_another_type_or_over_2_mb_is_refused(api, s3, content_type, declared, expected,
                                                          code):  # noqa: F811
    # When a lawyer (signed in) asks to upload a file no portrait may be
    api.token("lawyer:FAM")
    before = table_snapshot()
    status, body = grant(api, "FAM", content_type=content_type, declared=declared)
    # Then it is refused before anything is signed or written
    assert (status, body["error"]["code"]) == (expected, code), body
    assert "头像" in body["error"]["message"]
    assert table_snapshot() == before


def test_another_lawyers_upload_is_the_same_404_as_a_random_one(api, s3):  # noqa: F811
    # Given C00's uploaded portrait
    theirs = upload(api, s3, "C00")
    api.token("lawyer:FAM")
    before = table_snapshot()
    # When FAM confirms C00's upload id, or an id nobody has
    refusals = [confirm(api, "FAM", theirs), confirm(api, "FAM", "0123456789abcdef")]
    # Then both are the same 404 and nothing is written or copied
    assert [(s, b["error"]["code"]) for s, b in refusals] == [(404, "photo_not_found")] * 2
    assert table_snapshot() == before and stored_keys(api, s3) == []
    assert pools.profile("FAM").photo_key is None


def test_a_file_that_is_not_what_was_declared_is_refused_and_nothing_shown(api, s3):  # noqa: F811
    # Given a lawyer who declared a PNG but posted a PDF's bytes
    upload_id = upload(api, s3, "FAM", PDF, "image/png")
    # When they confirm it
    status, body = confirm(api, "FAM", upload_id)
    # Then it is refused by its bytes, and the profile has no portrait
    assert (status, body["error"]["code"]) == (422, "upload_type_mismatch"), body
    assert pools.profile("FAM").photo_key is None and stored_keys(api, s3) == []


def test_a_bigger_file_than_declared_is_refused(api, s3):  # noqa: F811
    # Given a lawyer granted 300 bytes who posted 3 MB (the POST policy allows up to 10 MB)
    status, answer = grant(api, "FAM")
    s3.put_object(Bucket=api.services.settings.upload_bucket, Key=answer["fields"]["key"],
                  Body=PNG + b"\x00" * (3 * 1024 * 1024), ContentType="image/png")
    # When they confirm it
    status, body = confirm(api, "FAM", answer["upload_id"])
    # Then it is refused and nothing is shown
    assert (status, body["error"]["code"]) == (422, "upload_size_mismatch"), body
    assert pools.profile("FAM").photo_key is None


def test_an_upload_not_yet_posted_and_a_used_one_are_refused(api, s3):  # noqa: F811
    # Given a grant whose file never arrived
    status, answer = grant(api, "FAM")
    # Then confirming it is 422 and nothing is written
    assert confirm(api, "FAM", answer["upload_id"])[1]["error"]["code"] == "photo_missing"
    # and a confirmed upload cannot be confirmed twice
    used = upload(api, s3, "FAM")
    assert confirm(api, "FAM", used)[0] == 200
    assert confirm(api, "FAM", used)[0] == 409


def test_only_a_lawyer_may_upload_a_portrait(api, s3):  # noqa: F811
    # When a citizen or nobody asks for a grant
    assert grant(api, "FAM")[0] == 201
    status, _ = api.post("/api/lawyer/photo/grant", "citizen:oSomeone", {
        "filename": "me.png", "content_type": "image/png", "size": 300})
    assert status in (401, 403)
    status, _ = api.post("/api/lawyer/photo/grant", None, {
        "filename": "me.png", "content_type": "image/png", "size": 300})
    assert status == 401


def test_a_lawyer_deletes_their_portrait_and_the_initial_is_shown_again(api, s3):  # noqa: F811
    # Given a lawyer with a portrait
    assert confirm(api, "FAM", upload(api, s3, "FAM"))[0] == 200
    # When they delete it (twice: the second finds nothing to do)
    for _ in range(2):
        status, body = api.call("delete", "/api/lawyer/photo", "lawyer:FAM")
        assert (status, body) == (200, {"photo_url": None})
    # Then the profile and the bucket hold no portrait, and the directory shows none
    assert pools.profile("FAM").photo_key is None and stored_keys(api, s3) == []
    assert api.get("/api/lawyers/FAM", None)[1]["photo_url"] is None


@pytest.mark.parametrize("path, method, body", [
    ("/api/lawyer/photo/grant", "post", {"filename": "a.png", "content_type": "image/png", "size": 0}),
    ("/api/lawyer/photo/grant", "post", {"filename": "a.png", "content_type": "image/png", "size": "1"}),
    ("/api/lawyer/photo/grant", "post", {"filename": "", "content_type": "image/png", "size": 10}),
    ("/api/lawyer/photo/grant", "post", {"filename": "a.png", "content_type": "image/png", "size": 10,
                                         "key": "lawyer-photos/C00/x.png"}),
    ("/api/lawyer/photo", "put", {"upload_id": "../../C00"}),
    ("/api/lawyer/photo", "put", {"upload_id": "0123456789abcdef", "key": "lawyer-photos/x.png"}),
    ("/api/lawyer/photo", "put", {})])
def test_hostile_bodies_are_a_400_and_write_nothing(api, s3, path, method, body):  # noqa: F811
    # Given a signed-in lawyer
    api.token("lawyer:FAM")
    before = table_snapshot()
    # When they send a body no page sends
    status, answer = api.call(method, path, "lawyer:FAM", body)
    # Then it is a 400 in words, and nothing is written
    assert status == 400 and answer["error"]["message"], answer
    assert table_snapshot() == before
