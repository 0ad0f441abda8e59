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
from chalicelib.db import commissions as cdb, followers, privacy as db
from chalicelib.uploads import discard


def anonymise_consultation(consultation_id, now, *, placeholder, discard_object):
    """Replace the citizen's words and media of a finished consultation by `placeholder`; True when
    this call anonymised it, False when it was absent, still open or anonymised before."""
    pseudonym = f"anon-{uuid.uuid4().hex[:16]}"  # unlinkable: nothing derives it from the openid
    return db.anonymise_consultation(consultation_id, iso(now), placeholder=placeholder,
                                     pseudonym=pseudonym, finished=FINISHED,
                                     discard_object=discard_object)


# A commission still in motion (the citizen may yet confirm or cancel): left, like an open question.
COMMISSION_OPEN = ("offered", "accepted", "lapsed")


def anonymise_commissions(openid, now, *, placeholder):
    """The citizen's commissions (AP-147): each finished one anonymised (AP-180: their words, the
    other party, the shared contact, the openid); returns (how many this call anonymised, the open
    ones left as they are, the confirmed ones whose lawyer keeps conflict marks)."""
    count, still_open, confirmed = 0, [], []
    for c in cdb.citizen_commissions(openid, limit=500):
        if c.status in COMMISSION_OPEN:
            still_open.append(c.id)
            continue
        if c.status in ("confirmed", "completed"):  # a lawyer took it on: their marks stay
            confirmed.append(c.id)
        pseudonym = f"anon-{uuid.uuid4().hex[:16]}"
        count += int(cdb.anonymise(c, iso(now), placeholder=placeholder, pseudonym=pseudonym))
    return count, still_open, confirmed


def forget_unfollowed(account, openid):
    """AP-181: the (account, openid) follow record goes once it says they unfollowed."""
    return followers.forget_unfollowed(account, openid) if account else False


def delete_draft(application_id, *, discard_object, updated_at=None):
    """Delete a draft application and everything in its partition, with its files. Refused (False)
    when it is no longer a draft, or (given `updated_at`) was edited since it was read."""
    return db.delete_draft(application_id, discard_object=discard_object, updated_at=updated_at)


def discarder(services):
    """`discard_object(key)` on the upload bucket of `services` (a failure is logged, not raised)."""
    s3, bucket = services.s3(), services.settings.upload_bucket
    return lambda key: discard(s3, bucket, key)
