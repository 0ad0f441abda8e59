"""Retention (docs/privacy.md §2): the sweep anonymises a finished consultation's citizen content
when the day it was asked on is 180 days old, deletes an application draft left untouched for 30
days, and keeps what the law keeps (the payout ledger, submitted applications). Time is the sweep's
`now`; a second sweep of the same minute changes nothing more."""
from datetime import timedelta

from chalicelib.applications import citizen as applying, runtime
from chalicelib.db import consultations as cdb, privacy as db
from chalicelib.db.applications import application, application_items
from chalicelib.db.base import Item
from chalicelib.db.payouts import PayoutLine
from chalicelib.privacy import policy, retention
from chalicelib.routes.jobs import run_sweep
from tests.functional.applications_support import filled, load_catalog
from chalicelib.db import joins
from tests.functional import test_lawyer_join as join_support
from tests.functional.consultation_support import QUESTION, api  # noqa: F401 (fixture)
from tests.functional.test_lawyer_join import s3  # noqa: F401 (fixture)

BUREAU = "360722"


def _asked_awarded_with_photo(api):
    body = api.ask(citizen="o-asker")
    cid = body["id"]
    status, answered = api.answer(cid, "LX0")
    assert status == 201, answered
    status, awarded = api.post(f"/api/consultations/{cid}/award", "citizen:o-asker",
                               {"answer_id": answered["id"]})
    assert status == 200, awarded
    s3, bucket = api.services.s3(), api.services.settings.upload_bucket
    s3.create_bucket(Bucket=bucket)
    s3.put_object(Bucket=bucket, Key=f"consultations/{cid}/p1.jpg", Body=b"\xff\xd8\xff")
    meta = cdb.consultation(cid)
    meta.update(actions=cdb.attach_actions(cdb.Attachment(
        kind="photo", received_at=meta.created_at, key=f"consultations/{cid}/p1.jpg")))
    return cid


def _texts(cid):
    return " ".join(str(i.attribute_values) for i in cdb.consultation_items(cid))


def test_a_finished_consultation_is_anonymised_when_its_day_is_180_days_old_and_only_then(api):
    # Given a bureau's retention job started today, and a question asked, answered and awarded today
    start = api.services.clock.now()
    assert db.start_job(retention.new_job(BUREAU, start))
    cid = _asked_awarded_with_photo(api)
    lines = list(PayoutLine.scan())
    assert len(lines) == 1
    # When the sweep runs 179 days later, Then nothing of it is touched
    run_sweep(start + timedelta(days=179))
    assert "九千元" in _texts(cid) and cdb.citizen_consultations("o-asker")
    # When it runs once the day is 180 days old
    report = run_sweep(start + policy.CONSULTATION_CONTENT + timedelta(days=1))
    assert report["handled"].get("RetentionJob") == 1
    # Then the question, the lawyers' copies, the answer and the photo are gone, the asker with them
    meta = cdb.consultation(cid)
    assert meta.question == policy.PLACEHOLDER and meta.attachments == [] and meta.anonymised_at
    assert "九千元" not in _texts(cid) and "13800138000" not in _texts(cid)
    assert meta.openid.startswith("anon-") and not cdb.citizen_consultations("o-asker")
    s3 = api.services.s3()
    assert s3.list_objects_v2(Bucket=api.services.settings.upload_bucket).get("KeyCount") == 0
    # And what the law keeps is kept: the payout line, the award, the category and the times
    assert [line.consultation_id for line in PayoutLine.scan()] == [cid]
    assert (meta.status, meta.category, meta.awarded_lawyer_id) == ("awarded", "labor", "LX0")
    # And the job waits for the next day
    job = db.retention_job(BUREAU)
    assert job.day > start.date().isoformat() and job.done == 1


def test_a_repeated_sweep_of_the_same_minute_changes_nothing_more(api):
    start = api.services.clock.now()
    db.start_job(retention.new_job(BUREAU, start))
    cid = _asked_awarded_with_photo(api)
    later = start + policy.CONSULTATION_CONTENT + timedelta(days=1)
    run_sweep(later)
    before = sorted(str(i.attribute_values) for i in Item.query(f"CONS#{cid}"))
    job = db.retention_job(BUREAU)
    # When the same minute is swept again (or a stale copy of the job is run)
    run_sweep(later)
    assert retention.run_job(job, later, lambda key: None) == 0
    # Then the consultation and the job are as the first run left them
    assert sorted(str(i.attribute_values) for i in Item.query(f"CONS#{cid}")) == before
    assert db.retention_job(BUREAU).day == job.day


def test_a_consultation_still_open_is_left_and_the_job_moves_on(api):
    start = api.services.clock.now()
    db.start_job(retention.new_job(BUREAU, start))
    cid = api.ask(citizen="o-open")["id"]
    job = db.retention_job(BUREAU)
    first_day = job.day
    # When its day is due while it is (somehow) still open
    count = retention.run_job(job, start + policy.CONSULTATION_CONTENT + timedelta(days=1),
                              lambda key: None)
    # Then it keeps its text (anonymising an open case would break it) and the job is not held up
    assert count == 0 and cdb.consultation(cid).question == QUESTION
    assert db.retention_job(BUREAU).day > first_day


def _draft(services, openid="o-drafter"):
    load_catalog()
    ctx = runtime.context(services)
    app, _ = applying.create(ctx, openid, "mediation", filled("mediation"))
    return app


def test_an_untouched_draft_is_deleted_after_30_days_and_an_edited_one_later(api):
    services = api.services
    start = services.clock.now()
    kept, dropped = _draft(services, "o-kept"), _draft(services, "o-dropped")
    # Given one draft edited 10 days after it was started
    services.clock.instant = start + timedelta(days=10)
    applying.edit(runtime.context(services), kept.application_id, "o-kept", {"applicant_name": "李四"})
    # When the sweep runs 30 days after both were started
    run_sweep(start + policy.DRAFT_UNTOUCHED)
    # Then the untouched draft is gone with everything in its partition; the edited one stays
    assert application(dropped.application_id) is None and not application_items(dropped.application_id)
    assert application(kept.application_id) is not None
    # When the sweep runs 30 days after the edit, Then that one goes too
    run_sweep(start + timedelta(days=10) + policy.DRAFT_UNTOUCHED)
    assert application(kept.application_id) is None
    assert not list(db.DraftExpiry.query(f"DRAFTEXPIRY#{kept.application_id}"))


def test_a_submitted_application_is_never_deleted_by_the_draft_expiry(api):
    services = api.services
    start = services.clock.now()
    app = _draft(services)
    app = application(app.application_id)
    # Given the draft was submitted (any status but draft: the application's own retention applies)
    app.update(actions=[type(app).status.set("submitted")])
    # When its expiry comes
    run_sweep(start + policy.DRAFT_UNTOUCHED)
    # Then the application is kept and the expiry is gone
    assert application(app.application_id).status == "submitted"
    assert not list(db.DraftExpiry.query(f"DRAFTEXPIRY#{app.application_id}"))


def test_the_operator_starts_a_job_for_an_existing_bureau_once(api):
    import io

    from chalicelib.admin import retention as command

    out = io.StringIO()
    # When the operator starts 信丰's job from a given day, twice
    assert command.main([BUREAU, "--from", "2025-12-01"], out=out) == 0
    db.retention_job(BUREAU).update(actions=[db.RetentionJob.day.set("2025-12-05")])  # the sweep ran
    assert command.main([BUREAU], out=out) == 0
    # Then the first started it there and the second left it where the sweep had moved it
    assert out.getvalue().splitlines() == ["360722: started from 2025-12-01", "360722: already running"]
    assert db.retention_job(BUREAU).day == "2025-12-05"


def _licence_photos(s3):
    listed = s3.list_objects_v2(Bucket=join_support.BUCKET, Prefix="lawyer-join/").get("Contents", [])
    return sorted(o["Key"] for o in listed)


def test_a_decided_self_registration_loses_its_licence_photo_after_30_days_and_a_refused_one_goes_after_180(
        api, s3):  # noqa: F811
    # Given two lawyers' self-registrations decided today: one approved, one refused
    start = api.services.clock.now()
    approved = join_support.register(api, s3, join_support.lawyer_citizen(api))[1]["request_id"]
    refused_who = join_support.lawyer_citizen(api, openid="o-join-2")
    refused = join_support.register(api, s3, refused_who, licence_no="13607201510123457")[1]["request_id"]
    base = "/api/staff/lawyers/join-requests"
    assert api.post(f"{base}/{approved}/approve", "staff:s1", {})[0] == 200
    assert api.post(f"{base}/{refused}/refuse", "staff:s1", {"reason": "执业证照片不清晰"})[0] == 200
    assert len(_licence_photos(s3)) == 2
    # When the sweep runs 29 days later, Then both photos are still there
    run_sweep(start + timedelta(days=29))
    assert len(_licence_photos(s3)) == 2
    # When it runs once 30 days have passed since the decision
    report = run_sweep(start + policy.JOIN_PHOTO + timedelta(minutes=1))
    # Then both photos are deleted and the requests no longer name them
    assert report["handled"].get("JoinRequest") == 2 and _licence_photos(s3) == []
    assert joins.request(approved)[0].photo_key is None and joins.request(refused)[0].photo_key is None
    # And the approved one is done with (the record of the binding stays, due no more)
    assert joins.request(approved)[0].retain_until is None and joins.request(approved)[0].DUEPK is None
    # And the refused lawyer still reads why, until 180 days after the refusal
    run_sweep(start + policy.JOIN_REFUSED - timedelta(minutes=1))
    assert api.get("/api/lawyer/join", refused_who)[1]["reason"] == "执业证照片不清晰"
    report = run_sweep(start + policy.JOIN_REFUSED + timedelta(minutes=1))
    # When that has passed, Then the refused request is gone with the pointer to it
    assert report["handled"].get("JoinRequest") == 1
    assert joins.request(refused) == (None, []) and api.get("/api/lawyer/join", refused_who)[1]["status"] == "none"
    # And the approved lawyer's record and binding are untouched; a further sweep finds nothing due
    assert joins.request(approved)[0].status == "approved"
    assert "JoinRequest" not in run_sweep(start + timedelta(days=400))["handled"]
