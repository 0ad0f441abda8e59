"""Removing a citizen's personal data from what the platform keeps (docs/privacy.md §2-§4): the one
implementation behind the retention sweep and a completed deletion request.

A finished consultation is anonymised, not deleted: the payout ledger, the statistics and the
lawyers' records of their work still point at it, and need neither its text nor its asker
(个人信息保护法 art. 73(4): anonymised information cannot identify the person and cannot be
restored). A draft application is deleted with its files: it was never received. Every step is
idempotent; the consultation's `anonymised_at` is written last, under a condition, so a run that
stops half-way is finished by the next one.
"""
import uuid

from pynamodb.exceptions import DeleteError, UpdateError

from chalicelib.clock import iso
from chalicelib.consultations import FINISHED
from chalicelib.db.applications import Application, Material, UploadGrant, application_items
from chalicelib.db.consultations import (
    Answer, Consultation, Dispatch, Followup, consultation_items)
from chalicelib.db.locking import unchanged
from chalicelib.uploads import discard


def _refused(exc):
    return getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException"


def anonymise_consultation(consultation_id, now, *, placeholder, discard_object):
    """Replace the citizen's words and media of a finished consultation by `placeholder`; True when
    this call anonymised it, False when it was absent, still open or anonymised before."""
    items = consultation_items(consultation_id)
    meta = next((i for i in items if isinstance(i, Consultation)), None)
    if meta is None or meta.anonymised_at or meta.status not in FINISHED:
        return False
    for item in items:
        if isinstance(item, Dispatch) and item.question != placeholder:
            item.update(actions=[Dispatch.question.set(placeholder)])
        elif isinstance(item, Answer) and item.body != placeholder:
            item.update(actions=[Answer.body.set(placeholder)])
        elif isinstance(item, Followup) and item.body != placeholder:
            item.update(actions=[Followup.body.set(placeholder)])
    for attachment in meta.attachments or []:
        if attachment.key:
            discard_object(attachment.key)
    pseudonym = f"anon-{uuid.uuid4().hex[:16]}"  # unlinkable: nothing derives it from the openid
    try:
        meta.update(actions=[
            Consultation.question.set(placeholder), Consultation.attachments.set([]),
            Consultation.rating_comment.remove(), Consultation.openid.set(pseudonym),
            Consultation.GSI1PK.set(f"CITIZEN#{pseudonym}"), Consultation.anonymised_at.set(iso(now))],
            condition=Consultation.anonymised_at.does_not_exist())
    except UpdateError as exc:
        if _refused(exc):
            return False
        raise
    return True


def delete_draft(application_id, *, discard_object, updated_at=None):
    """Delete a draft application and everything in its partition, with its files. Refused (False)
    when it is no longer a draft, or (given `updated_at`) was edited since it was read."""
    items = application_items(application_id)
    app = next((i for i in items if isinstance(i, Application)), None)
    if app is not None:
        condition = (Application.status == "draft") & unchanged(app)  # nobody wrote it since the read
        if updated_at is not None:
            condition &= Application.updated_at == updated_at
        try:
            app.delete(condition=condition)
        except DeleteError as exc:
            if _refused(exc):
                return False
            raise
    for item in items:
        if isinstance(item, (Material, UploadGrant)) and item.key:
            discard_object(item.key)
        if not isinstance(item, Application):
            item.delete()
    return app is not None


def discarder(services):
    """`discard_object(key)` on the upload bucket of `services` (a failure is logged, not raised)."""
    s3, bucket = services.s3(), services.settings.upload_bucket
    return lambda key: discard(s3, bucket, key)
