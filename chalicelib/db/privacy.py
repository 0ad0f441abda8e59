"""Personal-information duties on the single table (docs/privacy.md, AP-120..125): the retention
jobs the sweep runs (a bureau's consultation content, a citizen's abandoned draft), a citizen's
requests to delete what is not legally retained, and the one-open-request guard.
"""
from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from chalicelib.db import keys
from chalicelib.db.base import Item

OPEN, DONE = "open", "done"


class RetentionJob(Item, discriminator="RetentionJob"):
    """A bureau's consultation-content retention (AP-120): `day` is the next China day whose
    consultations' citizen content is anonymised, due when that day is `days` old."""
    bureau = UnicodeAttribute()
    day = UnicodeAttribute()
    due_at = UnicodeAttribute()
    done = NumberAttribute(default=0)  # consultations anonymised by this job

    def keys(self):
        pk = keys.retention_job_pk(self.bureau)
        return {"PK": pk, "SK": keys.RETENTION_JOB_SK, "DUEPK": keys.due_partition(pk),
                "DUEAT": keys.due_key(self.due_at, pk)}


class DraftExpiry(Item, discriminator="DraftExpiry"):
    """An application draft's end (AP-121): due when the draft would have gone untouched for the
    retention period; the sweep then deletes the draft or, if it was edited, moves this on."""
    application_id = UnicodeAttribute()
    openid = UnicodeAttribute()
    due_at = UnicodeAttribute()

    def keys(self):
        pk = keys.draft_expiry_pk(self.application_id)
        return {"PK": pk, "SK": keys.DRAFT_EXPIRY_SK, "DUEPK": keys.due_partition(pk),
                "DUEAT": keys.due_key(self.due_at, pk)}


class PrivacyRequest(Item, discriminator="PrivacyRequest"):
    """A citizen's request to delete what is not legally retained (个人信息保护法 art. 47). Listed
    for its bureau's staff by status (AP-123) and for its citizen among their items (AP-124)."""
    request_id = UnicodeAttribute()
    openid = UnicodeAttribute()
    bureau = UnicodeAttribute()
    kind = UnicodeAttribute(default="deletion")
    status = UnicodeAttribute(default=OPEN)  # open | done
    reason = UnicodeAttribute(null=True)  # the citizen's words, optional
    created_at = UnicodeAttribute()
    completed_at = UnicodeAttribute(null=True)
    completed_by = UnicodeAttribute(null=True)
    result = JSONAttribute(null=True)  # {"deleted": {...}, "kept": [...]}: what completing did

    def keys(self):
        return {"PK": keys.privacy_request_pk(self.request_id), "SK": keys.PRIVACY_REQUEST_SK,
                "GSI1PK": f"CITIZEN#{self.openid}", "GSI1SK": f"PRIVREQ#{self.created_at}",
                "GSI2PK": keys.privacy_queue_key(self.bureau, self.status),
                "GSI2SK": keys.privacy_queue_sort(self.created_at, self.request_id)}


class OpenPrivacyRequest(Item, discriminator="OpenPrivacyRequest"):
    """The guard of one open request per citizen (AP-125): put with attribute_not_exists in the
    request's transaction, deleted in the transaction that completes it."""
    openid = UnicodeAttribute()
    request_id = UnicodeAttribute()

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": keys.PRIVACY_OPEN_SK}


# --- access patterns ---------------------------------------------------------------------------

def _get(model, pk, sk):
    try:
        return model.get(pk, sk, consistent_read=True)
    except model.DoesNotExist:
        return None


def retention_job(bureau):
    return _get(RetentionJob, keys.retention_job_pk(bureau), keys.RETENTION_JOB_SK)


def start_job(job):
    """Create a bureau's retention job unless it exists; False when it did."""
    try:
        job.save(condition=RetentionJob.PK.does_not_exist())
        return True
    except PutError as exc:
        if getattr(exc, "cause_response_code", None) == "ConditionalCheckFailedException":
            return False
        raise


def privacy_request(request_id):
    """AP-122: one request by id, or None."""
    return _get(PrivacyRequest, keys.privacy_request_pk(request_id), keys.PRIVACY_REQUEST_SK)


def privacy_requests(bureau, status, limit=100):
    """AP-123: a bureau's requests in one status, oldest first (the law's clock runs from then)."""
    return list(PrivacyRequest.gsi2.query(keys.privacy_queue_key(bureau, status), limit=limit))


def citizen_privacy_requests(openid, limit=50):
    """AP-124: a citizen's own requests, newest first."""
    return list(PrivacyRequest.gsi1.query(f"CITIZEN#{openid}",
                                          PrivacyRequest.GSI1SK.startswith("PRIVREQ#"),
                                          scan_index_forward=False, limit=limit))


def citizen_partition(openid):
    """AP-126: every item under `CITIZEN#<openid>`: profile, day counters, photo grants, a voice
    question, the open-request guard (one query, a handful of items)."""
    return list(Item.query(f"CITIZEN#{openid}", consistent_read=True))


def audit_of_subject(bureau, subject, limit=200):
    """AP-127: a bureau's audit entries about one subject (`APP#<id>`), newest first."""
    from chalicelib.db.applications import AuditEntry

    return list(AuditEntry.gsi2.query(keys.audit_subject_key(bureau, subject),
                                      scan_index_forward=False, limit=limit))
