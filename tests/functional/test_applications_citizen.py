"""The citizen's side of an application, through the HTTP routes: drafts, consent, uploads,
submission with the complete list of what is missing, and privacy (others' ids are 404)."""
import re

from chalicelib.applications import citizen, uploads
from chalicelib.applications.runtime import context
from chalicelib.db.applications import Application, Material, UploadGrant
from chalicelib.wiring import services
from tests.functional.applications_support import (  # noqa: F401 (fixtures)
    BUCKET, JPEG, PDF, api, filled, id_number, kicks, stored, upload)

ME, OTHER = "citizen:o-me", "citizen:o-other"


def _draft(api, service_type="legal_aid", fields=None, consent=True):
    status, body = api.post("/api/applications", ME, {"type": service_type, "fields": fields or {},
                                                     "consent": consent})
    assert status == 201, body
    return body


def test_a_draft_keeps_half_typed_fields_and_reports_their_problems_without_refusing(api):
    # Given a citizen who typed a name and a wrong ID number, then closed the page
    draft = _draft(api, fields={"applicant_name": "张三", "applicant_id_number": "360722199003071230"})
    # When they come back to it
    status, body = api.get(f"/api/applications/{draft['id']}", ME)
    # Then what they typed is still there (the ID number masked) and the problem was named
    assert status == 200 and body["status"] == "draft"
    assert body["fields"]["applicant_name"] == "张三"
    assert body["fields"]["applicant_id_number"] == "3607**********1230"
    assert [p["field"] for p in draft["problems"]] == ["applicant_id_number"]
    assert "校验位" in draft["problems"][0]["message"]


def test_the_masked_id_number_sent_back_by_the_form_does_not_overwrite_the_stored_one(api):
    # Given a draft holding a valid ID number, shown masked
    real = id_number()
    draft = _draft(api, fields={"applicant_id_number": real})
    masked = draft["fields"]["applicant_id_number"]
    assert masked != real
    # When the page re-posts the whole form with the masked value and a new phone number
    status, body = api.call("patch", f"/api/applications/{draft['id']}", ME,
                            {"fields": {"applicant_id_number": masked, "applicant_phone": "139 1234 5678"}})
    # Then the stored number is unchanged, the phone normalised, and nothing is reported wrong
    assert status == 200, body
    assert stored(draft["id"]).fields == {"applicant_id_number": real, "applicant_phone": "13912345678"}
    assert body["problems"] == []


def test_submit_answers_with_every_missing_field_and_material_at_once(api):
    # Given a legal-aid draft with only a name and no consent, no uploads
    draft = _draft(api, fields={"applicant_name": "张三"}, consent=False)
    # When the citizen submits
    status, body = api.post(f"/api/applications/{draft['id']}/submit", ME)
    # Then 422 lists consent, each empty required field and each required material, in form order
    assert status == 422 and body["error"]["code"] == "incomplete"
    details = body["error"]["details"]
    assert details[0]["kind"] == "consent"
    assert [d["field"] for d in details if d["kind"] == "field"] == [
        "applicant_id_number", "applicant_phone", "applicant_address", "matter_category",
        "matter_description", "hardship_basis"]
    assert [d["material"] for d in details if d["kind"] == "material"] == [
        "id_card", "hardship_declaration", "case_materials"]
    assert stored(draft["id"]).status == "draft"


def test_upload_grants_are_refused_until_the_citizen_consents(api, moto_table):
    # Given a draft without consent
    draft = _draft(api, consent=False)
    grant = {"material": "id_card", "filename": "id.jpg", "content_type": "image/jpeg", "size": 100}
    # When they ask to upload, they are refused
    status, body = api.post(f"/api/applications/{draft['id']}/uploads", ME, grant)
    assert status == 403 and body["error"]["code"] == "consent_required"
    # Then after consenting the same request gets a presigned POST pinned to the application
    status, body = api.post(f"/api/applications/{draft['id']}/consent", ME, {"sensitive_data": True})
    assert status == 200 and body["consent"]["sensitive_data"] is True
    status, body = api.post(f"/api/applications/{draft['id']}/uploads", ME, grant)
    assert status == 201, body
    assert body["fields"]["key"].startswith(
        f"uploads/pending/applications/{draft['id']}/{body['upload_id']}/")
    assert body["fields"]["Content-Type"] == "image/jpeg"


def test_grants_refuse_other_types_oversize_files_and_unknown_materials(api):
    draft = _draft(api)
    path = f"/api/applications/{draft['id']}/uploads"
    base = {"material": "id_card", "filename": "a", "content_type": "image/jpeg", "size": 10}
    cases = [({"content_type": "image/gif"}, 400, "unsupported_content_type"),
             ({"size": 10 * 1024 * 1024 + 1}, 413, "file_too_large"),
             ({"size": 0}, 400, "empty_file"),
             ({"material": "passport"}, 400, "unknown_material")]
    for change, status, code in cases:
        got, body = api.post(path, ME, dict(base, **change))
        assert (got, body["error"]["code"]) == (status, code), change


def test_a_file_whose_bytes_are_not_the_declared_type_is_deleted_and_the_citizen_told_why(
        api, moto_table):
    # Given a grant for a JPEG
    draft = _draft(api)
    s3 = moto_table.s3()
    # When a PDF arrives under it
    status, body = upload(api, s3, draft["id"], ME, "id_card", body=PDF, content_type="image/jpeg")
    # Then confirm refuses with the reason, the object is gone and nothing is attached
    assert status == 422 and body["error"]["code"] == "upload_type_mismatch"
    assert "PDF" in body["error"]["message"]
    assert s3.list_objects_v2(Bucket=BUCKET).get("KeyCount") == 0
    assert not [i for i in Material.query(f"APP#{draft['id']}", Material.SK.startswith("MAT#"))]


def test_a_file_of_another_size_than_declared_is_refused(api, moto_table):
    draft = _draft(api)
    s3 = moto_table.s3()
    status, grant = api.post(f"/api/applications/{draft['id']}/uploads", ME, {
        "material": "id_card", "filename": "a.jpg", "content_type": "image/jpeg", "size": 10})
    s3.put_object(Bucket=BUCKET, Key=grant["fields"]["key"], Body=JPEG)
    status, body = api.post(f"/api/applications/{draft['id']}/uploads/{grant['upload_id']}/confirm", ME)
    assert status == 422 and body["error"]["code"] == "upload_size_mismatch"
    assert UploadGrant.get(f"APP#{draft['id']}", f"UPLOAD#{grant['upload_id']}").status == "refused"


def test_a_complete_application_is_submitted_once_and_confirming_twice_attaches_once(api, moto_table, kicks):
    # Given a complete legal-aid draft with its three required materials
    draft = _draft(api, fields=filled("legal_aid"))
    s3 = moto_table.s3()
    for code in ("id_card", "hardship_declaration", "case_materials"):
        status, body = upload(api, s3, draft["id"], ME, code)
        assert status == 200, body
    # When a confirmation is repeated (a retried request)
    grant = UploadGrant.query(f"APP#{draft['id']}", UploadGrant.SK.startswith("UPLOAD#")).next()
    again = api.post(f"/api/applications/{draft['id']}/uploads/{grant.upload_id}/confirm", ME)
    assert again[0] == 200
    # And the citizen submits
    status, body = api.post(f"/api/applications/{draft['id']}/submit", ME)
    # Then it is submitted with three materials, a history, a receipt notification kicked
    assert status == 200, body
    assert body["status"] == "submitted" and len(body["materials"]) == 3
    assert [h["action"] for h in body["history"]] == ["create", "consent", "submit"]
    assert len(kicks.kicked) == 1
    # And a second submit is an illegal transition
    status, body = api.post(f"/api/applications/{draft['id']}/submit", ME)
    assert status == 409 and body["error"]["code"] == "illegal_transition"
    # And fields can no longer be changed
    status, body = api.call("patch", f"/api/applications/{draft['id']}", ME,
                            {"fields": {"applicant_name": "李四"}})
    assert status == 409 and body["error"]["code"] == "not_editable"


def test_every_route_answers_404_for_another_citizens_application(api, moto_table):
    # Given my draft with one upload grant
    draft = _draft(api)
    status, grant = api.post(f"/api/applications/{draft['id']}/uploads", ME, {
        "material": "id_card", "filename": "a.jpg", "content_type": "image/jpeg", "size": 10})
    base = f"/api/applications/{draft['id']}"
    routes = [("get", base, None), ("put", base, {"fields": {}}), ("patch", base, {"fields": {}}),
              ("post", f"{base}/consent", {"sensitive_data": True}),
              ("post", f"{base}/uploads", {"material": "id_card", "filename": "a",
                                           "content_type": "image/jpeg", "size": 1}),
              ("post", f"{base}/uploads/{grant['upload_id']}/confirm", {}),
              ("post", f"{base}/submit", {}), ("post", f"{base}/withdraw", {})]
    # When another citizen calls each route with my id, and I call them with an unknown id
    for method, path, body in routes:
        status, answer = api.call(method, path, OTHER, body)
        # Then each answers 404 exactly as for an id that does not exist
        assert status == 404 and answer["error"]["code"] == "application_not_found", (method, path)
        status, _ = api.call(method, path.replace(draft["id"], "0000000000000000"), ME, body)
        assert status == 404, (method, path)
    # And my list does not show it to them
    assert api.get("/api/applications", OTHER) == (200, [])
    assert [a["id"] for a in api.get("/api/applications", ME)[1]] == [draft["id"]]


def test_lawyers_and_anonymous_callers_cannot_reach_citizen_routes(api):
    draft = _draft(api)
    assert api.get(f"/api/applications/{draft['id']}", None)[0] == 401
    assert api.get(f"/api/applications/{draft['id']}", "lawyer:L1")[0] == 403
    assert api.get("/api/staff/applications?status=submitted", ME)[0] == 403


def test_id_numbers_are_masked_for_the_citizen_even_when_typed_into_another_field(api):
    draft = _draft(api, fields={"applicant_address": id_number(), "applicant_name": "张三"})
    status, body = api.get(f"/api/applications/{draft['id']}", ME)
    assert body["fields"]["applicant_address"].count("*") == 10


def test_an_application_gets_a_number_that_can_be_read_over_the_phone(api):
    # When a citizen starts an application
    draft = _draft(api)
    # Then its number is SQ, the China date, and six characters without I, L, O or U
    assert re.fullmatch(r"SQ20260302-[0-9A-HJKMNP-TV-Z]{6}", draft["id"]), draft["id"]
    status, body = api.get(f"/api/applications/{draft['id']}", ME)
    assert status == 200 and body["id"] == draft["id"]


def test_a_number_already_given_out_is_drawn_again_and_old_ids_still_open(api):
    # Given a number given out today, and an application stored before numbers (a 16-hex id)
    Application(application_id="SQ20260302-7K3QDM", service_type="legal_aid", openid="o-other",
                status="draft", created_at="t", updated_at="t").save()
    Application(application_id="bbbb1f5b8b7078a8", service_type="legal_aid", openid="o-me",
                status="draft", created_at="2026-03-01T02:00:00Z", updated_at="t").save()
    ctx = context(services())
    drawn = iter(["SQ20260302-7K3QDM", "SQ20260302-Q4ZK8N"])
    ctx.new_number = lambda now: next(drawn)
    # When a citizen starts an application and the first number drawn is taken
    app, _ = citizen.create(ctx, "o-me", "legal_aid", consent=True)
    # Then it gets the next number, and the other citizen's application is untouched
    assert app.application_id == "SQ20260302-Q4ZK8N"
    assert stored("SQ20260302-7K3QDM").openid == "o-other"
    # And the old id still opens its application
    status, body = api.get("/api/applications/bbbb1f5b8b7078a8", ME)
    assert status == 200 and body["id"] == "bbbb1f5b8b7078a8"


def test_a_draft_value_far_longer_than_any_field_allows_is_refused_and_nothing_is_written(api):
    # Given a draft with a name
    draft = _draft(api, fields={"applicant_name": "张三"})
    # When a client posts a name, a phone and a description longer than any field of a form allows
    for field, value in (("applicant_name", "张" * 5001), ("applicant_phone", "1" * 5001),
                         ("matter_description", "欠" * 5001)):
        status, body = api.call("patch", f"/api/applications/{draft['id']}", ME, {"fields": {field: value}})
        # Then each is a 400 naming the field, and the draft is as it was
        assert status == 400, body
        assert body["error"]["code"] == "value_too_long"
        assert [d["field"] for d in body["error"]["details"]] == [field]
        assert "最多" in body["error"]["details"][0]["message"]
        assert stored(draft["id"]).fields == {"applicant_name": "张三"}
    # And a new draft with one is refused too
    status, body = api.post("/api/applications", ME,
                            {"type": "legal_aid", "fields": {"applicant_address": "x" * 5001}})
    assert status == 400 and body["error"]["code"] == "value_too_long", body


def test_a_draft_edited_field_by_field_never_outgrows_what_the_table_holds(api):
    # Given a draft, and a client that fills one field after another with 200,000 characters
    # (each body is under the 256 KB limit; together they pass DynamoDB's 400 KB item size)
    draft = _draft(api)
    for field in ("applicant_name", "matter_description", "applicant_address", "other_party_name"):
        status, body = api.call("patch", f"/api/applications/{draft['id']}", ME,
                                {"fields": {field: "y" * 200_000}})
        # Then every one is refused as bad input — never a 500
        assert status == 400, (field, status, body)


def test_an_application_takes_a_bounded_number_of_uploads_and_counting_them_changes_no_version(
        api, monkeypatch):
    # Given a consented draft, and a cap of three uploads per application
    monkeypatch.setattr(uploads, "UPLOAD_CAP", 3, raising=False)
    draft = _draft(api)
    version = Application.get(f"APP#{draft['id']}", "META").version
    path = f"/api/applications/{draft['id']}/uploads"
    grant = {"material": "id_card", "filename": "id.jpg", "content_type": "image/jpeg", "size": 100}
    # When the citizen asks for three uploads, then a fourth
    granted = [api.post(path, ME, grant)[0] for _ in range(3)]
    status, body = api.post(path, ME, grant)
    # Then the three are granted, the fourth refused in words with nothing stored for it
    assert granted == [201, 201, 201]
    assert status == 409 and body["error"]["code"] == "too_many_uploads"
    assert "达到上限" in body["error"]["message"]
    assert len(list(UploadGrant.query(f"APP#{draft['id']}", UploadGrant.SK.startswith("UPLOAD#")))) == 3
    # And the counting bumped no version (a citizen's open form still saves), and the page still reads
    assert Application.get(f"APP#{draft['id']}", "META").version == version
    assert api.get(f"/api/applications/{draft['id']}", ME)[0] == 200
