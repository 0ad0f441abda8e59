"""Photos on the H5 question form, through the HTTP routes with moto S3: each goes straight to the
bucket under a grant keyed by the citizen; sending the question checks, copies and records them in
the same creation; the citizen, staff and county lawyers get five-minute links, lawyers outside the
county see none. (moto does not enforce POST policies; tests/integration does that on SeaweedFS.)"""
import pytest

from chalicelib.db import consultations as db
from chalicelib.db.consultations import PhotoGrant
from tests.functional.consultation_support import QUESTION, api, tune  # noqa: F401 (fixture)

BUCKET = "zst-test-uploads"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x01" * 500
PNG = b"\x89PNG\r\n\x1a\n" + b"\x02" * 300
PDF = b"%PDF-1.7\n" + b"0" * 60
ME, OTHER = "citizen:oCitizen", "citizen:oOther"
TODAY = "2026-03-02"  # the China date of the fixture's clock


@pytest.fixture
def s3(api):
    client = api.services.s3()
    client.create_bucket(Bucket=BUCKET)
    return client


def _grant(api, who=ME, body=JPEG, content_type="image/jpeg"):
    status, grant = api.post("/api/consultation-photos", who, {
        "filename": "IMG_0001.jpg", "content_type": content_type, "size": len(body)})
    assert status == 201, grant
    return grant


def _photo(api, s3, who=ME, body=JPEG, content_type="image/jpeg", declared=None):
    """Grant, then put the bytes where the grant says (as the browser's POST would); the upload id."""
    grant = _grant(api, who, body if declared is None else declared, content_type)
    s3.put_object(Bucket=BUCKET, Key=grant["fields"]["key"], Body=body, ContentType=content_type)
    return grant["upload_id"]


def _ask(api, photos, who=ME):
    return api.post("/api/consultations", who, {"category": "labor", "question": QUESTION,
                                                "photos": photos})


def _keys(s3):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def _nothing_written(openid="oCitizen"):
    return not db.citizen_consultations(openid) and db.day_count(openid, TODAY) == 0


def test_a_question_with_two_photos_is_opened_with_both_and_their_viewers_get_five_minute_links(api, s3):
    # Given a JPEG and a PNG uploaded from the form
    first, second = _photo(api, s3), _photo(api, s3, body=PNG, content_type="image/png")
    # When the citizen sends the question with both
    status, body = _ask(api, [first, second])
    # Then it is opened with both photos, copied under the consultation, the pending files gone
    assert status == 201, body
    cid = body["id"]
    assert _keys(s3) == sorted([f"consultations/{cid}/{first}/photo.jpg",
                                f"consultations/{cid}/{second}/photo.png"])
    stored = db.consultation(cid).attachments
    assert [(a.kind, a.upload_id, a.content_type, a.size) for a in stored] == [
        ("photo", first, "image/jpeg", len(JPEG)), ("photo", second, "image/png", len(PNG))]
    # And each grant is spent on this consultation
    assert {PhotoGrant.get("CITIZEN#oCitizen", f"PHOTO#{u}").consultation_id for u in (first, second)} == {cid}
    # And the citizen, staff and a county lawyer it was dispatched to see each photo by a 5-minute link
    county_lawyer = next(d["lawyer_id"] for d in api.get(f"/api/consultations/{cid}", "staff:s1")[1]
                         ["dispatches"] if d["source"] == "county")
    for who in (ME, "staff:s1", f"lawyer:{county_lawyer}"):
        shown = api.get(f"/api/consultations/{cid}", who)[1]["attachments"]
        assert [a["upload_id"] for a in shown] == [first, second], who
        assert f"/consultations/{cid}/{first}/photo.jpg" in shown[0]["url"]
        assert "X-Amz-Expires=300" in shown[0]["url"] and shown[1]["content_type"] == "image/png"
    assert [a["upload_id"] for a in body["attachments"]] == [first, second]


def test_lawyers_outside_the_citizens_county_see_no_photos(api, s3):
    # Given a question with a photo, escalated to the national tier (no answers for 6 minutes)
    status, body = _ask(api, [_photo(api, s3)])
    assert status == 201, body
    api.sweep(4)
    api.sweep(7)
    # When a Beijing lawyer it reached reads it
    status, far = api.get(f"/api/consultations/{body['id']}", "lawyer:LN0")
    # Then they see the masked question and no attachment at all
    assert status == 200 and far["masked"] is True
    assert far["attachments"] == []


def test_another_citizens_photo_is_refused_and_nothing_is_written(api, s3):
    # Given a photo uploaded by someone else
    theirs = _photo(api, s3, who=OTHER)
    # When the citizen names it in their question
    status, body = _ask(api, [theirs])
    # Then it is not found for them, and no consultation, allowance or copy is written
    assert status == 404 and body["error"]["code"] == "photo_not_found"
    assert body["error"]["details"] == [{"field": "photos", "upload_id": theirs,
                                         "message": body["error"]["message"]}]
    assert _nothing_written()
    assert PhotoGrant.get("CITIZEN#oOther", f"PHOTO#{theirs}").status == "granted"
    assert not [k for k in _keys(s3) if k.startswith("consultations/")]


def test_a_photo_goes_with_one_question_only(api, s3):
    # Given a question sent with a photo
    photo = _photo(api, s3)
    assert _ask(api, [photo])[0] == 201
    # When the same photo is named in a second question
    status, body = _ask(api, [photo])
    # Then it is refused and the day counts one consultation
    assert status == 409 and body["error"]["code"] == "photo_used"
    assert db.day_count("oCitizen", TODAY) == 1 and len(db.citizen_consultations("oCitizen")) == 1


def test_bytes_that_are_not_a_photo_refuse_the_question_and_the_file_is_deleted(api, s3):
    # Given a good photo and a PDF posted under a JPEG grant
    good, bad = _photo(api, s3), _photo(api, s3, body=PDF, content_type="image/jpeg")
    # When the question is sent with both
    status, body = _ask(api, [good, bad])
    # Then the citizen is told which photo and why, and nothing is written or copied
    assert status == 422 and body["error"]["code"] == "upload_type_mismatch"
    assert "PDF" in body["error"]["message"] and [d["upload_id"] for d in body["error"]["details"]] == [bad]
    assert _nothing_written()
    # And the bad file is gone with its grant refused; the good one still waits to be sent
    assert _keys(s3) == [PhotoGrant.get("CITIZEN#oCitizen", f"PHOTO#{good}").key]
    assert PhotoGrant.get("CITIZEN#oCitizen", f"PHOTO#{bad}").status == "refused"
    assert _ask(api, [bad])[1]["error"]["code"] == "photo_refused"
    assert _ask(api, [good])[0] == 201


def test_a_photo_of_another_size_than_declared_is_refused(api, s3):
    photo = _photo(api, s3, declared=JPEG + b"\x00")
    status, body = _ask(api, [photo])
    assert status == 422 and body["error"]["code"] == "upload_size_mismatch"
    assert _nothing_written()


def test_a_photo_that_never_arrived_is_named_and_may_still_be_posted(api, s3):
    # Given a grant whose file was never posted
    grant = _grant(api)
    # When the question is sent with it
    status, body = _ask(api, [grant["upload_id"]])
    # Then the citizen is told it has not arrived; the grant stays usable
    assert status == 422 and body["error"]["code"] == "photo_missing"
    assert _nothing_written()
    s3.put_object(Bucket=BUCKET, Key=grant["fields"]["key"], Body=JPEG)
    assert _ask(api, [grant["upload_id"]])[0] == 201


def test_over_the_daily_limit_a_question_with_photos_leaves_no_copy(api, s3):
    # Given a citizen who has used the day's allowance
    tune(api.services, daily_limit=1)
    assert _ask(api, [])[0] == 201
    photo = _photo(api, s3)
    # When they send another with a photo
    status, body = _ask(api, [photo])
    # Then the limit refuses it; no copy is left and the photo may go with tomorrow's question
    assert status == 429 and body["error"]["code"] == "daily_limit_reached"
    assert not [k for k in _keys(s3) if k.startswith("consultations/")]
    assert PhotoGrant.get("CITIZEN#oCitizen", f"PHOTO#{photo}").status == "granted"


@pytest.mark.parametrize("change, status, code", [
    ({"content_type": "application/pdf"}, 400, "unsupported_content_type"),
    ({"content_type": "image/gif"}, 400, "unsupported_content_type"),
    ({"size": 10 * 1024 * 1024 + 1}, 413, "file_too_large"),
    ({"size": 0}, 400, "empty_file"),
])
def test_photo_grants_refuse_other_types_oversize_and_empty_files(api, s3, change, status, code):
    request = dict({"filename": "a.jpg", "content_type": "image/jpeg", "size": 10}, **change)
    got, body = api.post("/api/consultation-photos", ME, request)
    assert (got, body["error"]["code"]) == (status, code)
    assert not list(PhotoGrant.query("CITIZEN#oCitizen", PhotoGrant.SK.startswith("PHOTO#")))


def test_a_grant_pins_the_pending_key_the_type_and_ten_megabytes(api, s3):
    grant = _grant(api, content_type="image/heic")
    assert grant["fields"]["key"] == f"uploads/pending/consultation-photos/{grant['upload_id']}/photo.heic"
    assert grant["fields"]["Content-Type"] == "image/heic" and grant["max_bytes"] == 10 * 1024 * 1024
    assert api.post("/api/consultation-photos", None, {
        "filename": "a.jpg", "content_type": "image/jpeg", "size": 10})[0] == 401


def test_more_than_three_photos_are_refused_at_the_edge(api, s3):
    photos = [_photo(api, s3) for _ in range(4)]
    status, body = _ask(api, photos)
    assert status == 400 and "3" in body["error"]["message"]
    assert _nothing_written()


def test_a_creation_whose_answer_was_lost_keeps_its_photos_and_is_not_made_twice(api, s3, monkeypatch):
    # Given a photo uploaded, and DynamoDB committing the creation but losing its answer
    from pynamodb.exceptions import TransactWriteError
    from pynamodb.transactions import TransactWrite

    commit = TransactWrite._commit

    def commit_then_lose_the_answer(self):
        commit(self)
        monkeypatch.setattr(TransactWrite, "_commit", commit)
        raise TransactWriteError("the connection dropped after the commit")

    photo = _photo(api, s3)
    monkeypatch.setattr(TransactWrite, "_commit", commit_then_lose_the_answer)
    # When the citizen sends the question with the photo
    status, body = _ask(api, [photo])
    # Then the one stored consultation is the answer, its photo still in the bucket, one day counted
    assert status == 201, body
    (stored,) = db.citizen_consultations("oCitizen")
    assert stored.id == body["id"] and db.day_count("oCitizen", TODAY) == 1
    assert _keys(s3) == [stored.attachments[0].key]


def test_a_citizen_may_start_thirty_photo_uploads_a_day_and_the_next_is_refused(api, s3):
    # Given a citizen who has started thirty uploads today
    for _ in range(30):
        _grant(api)
    # When they ask for one more
    status, body = api.post("/api/consultation-photos", ME, {
        "filename": "IMG_0031.jpg", "content_type": "image/jpeg", "size": len(JPEG)})
    # Then it is refused with a clear reason and no grant is written; another citizen is not affected
    assert status == 429 and body["error"]["code"] == "photo_daily_limit"
    assert len(list(PhotoGrant.query("CITIZEN#oCitizen", PhotoGrant.SK.startswith("PHOTO#")))) == 30
    assert api.post("/api/consultation-photos", OTHER, {
        "filename": "a.jpg", "content_type": "image/jpeg", "size": len(JPEG)})[0] == 201
