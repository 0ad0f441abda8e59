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

from chalicelib.clock import iso
from chalicelib.consultations import FINISHED
from chalicelib.db import privacy as db
from chalicelib.uploads import discard


def anonymise_consultation(consultation_id, now, *, placeholder, discard_object):
    """Replace the citizen's words and media of a finished consultation by `placeholder`; True when
    this call anonymised it, False when it was absent, still open or anonymised before."""
    pseudonym = f"anon-{uuid.uuid4().hex[:16]}"  # unlinkable: nothing derives it from the openid
    return db.anonymise_consultation(consultation_id, iso(now), placeholder=placeholder,
                                     pseudonym=pseudonym, finished=FINISHED,
                                     discard_object=discard_object)


def delete_draft(application_id, *, discard_object, updated_at=None):
    """Delete a draft application and everything in its partition, with its files. Refused (False)
    when it is no longer a draft, or (given `updated_at`) was edited since it was read."""
    return db.delete_draft(application_id, discard_object=discard_object, updated_at=updated_at)


def discarder(services):
    """`discard_object(key)` on the upload bucket of `services` (a failure is logged, not raised)."""
    s3, bucket = services.s3(), services.settings.upload_bucket
    return lambda key: discard(s3, bucket, key)
