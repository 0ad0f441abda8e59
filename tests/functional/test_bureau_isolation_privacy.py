"""Isolation matrix rows for personal-information work (issue 10 §6, issue 11): staff of bureau A
(信丰 360722) never see or complete bureau B's (大余 360723) deletion requests and never read the
access log of B's applications. B's ids answer the same 404, byte for byte, as ids never issued,
and nothing is written; A's lists and pages hold no canary of B; B's staff see their own."""
from chalicelib.db.applications import Application
from chalicelib.privacy import requests
from tests.functional.consultation_support import api  # noqa: F401 (fixture)
from tests.functional.isolation_support import A, B, world  # noqa: F401 (fixture)

COVERED = {
    ("GET", "/api/staff/privacy-requests"),
    ("POST", "/api/staff/privacy-requests/{request_id}/complete"),
    ("GET", "/api/staff/access-log"),
    ("GET", "/h5/staff/privacy"),
}
RANDOM_REQUEST, RANDOM_APPLICATION = "0123456789abcdef", "SQ20260302-ZZZZZZ"


def _b_things(world):
    now = world.api.services.clock.now()
    b = world.sides[B]
    request = requests.create(b.citizen, B, "大余群众的删除理由", now)
    Application(application_id="SQ20260302-DAYU01", service_type="legal_aid", openid=b.citizen,
                status="submitted", fields={"applicant_name": "大余申请人"}, bureau=B,
                created_at="2026-03-02T02:00:00Z", updated_at="2026-03-02T02:00:00Z").save()
    assert world.call("get", "/api/staff/applications/SQ20260302-DAYU01", B)[0] == 200  # logged
    world.canary(request.request_id, "SQ20260302-DAYU01", "大余群众的删除理由", "大余申请人")
    return request.request_id


def test_a_bureaus_staff_never_see_or_complete_another_bureaus_requests(world):
    b_request = _b_things(world)
    # A's lists (open and done) and page hold nothing of B
    for path in ("/api/staff/privacy-requests", "/api/staff/privacy-requests?status=done",
                 "/h5/staff/privacy"):
        status, text = world.call("get", path, A)
        assert status == 200 and not world.leaked(text), (path, world.leaked(text))
    # Completing B's request answers exactly as a random id, and writes nothing
    before = world.snapshot()
    theirs = world.call("post", f"/api/staff/privacy-requests/{b_request}/complete", A, {})
    random = world.call("post", f"/api/staff/privacy-requests/{RANDOM_REQUEST}/complete", A, {})
    assert theirs == random and theirs[0] == 404
    assert world.snapshot() == before
    # B's staff see and complete their own
    status, text = world.call("get", "/api/staff/privacy-requests", B)
    assert status == 200 and b_request in text
    assert world.call("post", f"/api/staff/privacy-requests/{b_request}/complete", B, {})[0] == 200


def test_a_bureaus_staff_never_read_the_access_log_of_another_bureaus_application(world):
    _b_things(world)
    before = world.snapshot()
    theirs = world.call("get", "/api/staff/access-log?application_id=SQ20260302-DAYU01", A)
    random = world.call("get", f"/api/staff/access-log?application_id={RANDOM_APPLICATION}", A)
    assert theirs == random and theirs[0] == 404
    assert world.snapshot() == before
    # B's admins read who viewed it: their own clerk
    status, text = world.call("get", "/api/staff/access-log?application_id=SQ20260302-DAYU01", B)
    assert status == 200 and "dayu-staff-1" in text
