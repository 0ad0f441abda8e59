"""The sweep's retention handlers (rows in `wiring.due_handlers()`); O(due), never a Scan.

- RetentionJob (one per bureau): when the China day `job.day` is `CONSULTATION_CONTENT` old, the
  bureau's consultations of that day (AP-80, one query) are anonymised, and the job moves to the
  next day. A consultation somehow still open then is left and logged; the day is not held up.
- DraftExpiry (one per draft application): due `DRAFT_UNTOUCHED` after the draft was created;
  when it comes, a draft untouched since then is deleted, a draft edited since is given the period
  again from its last edit, and an application that was submitted drops the job (its own retention
  applies).
- JoinRequest (a lawyer's self-registration, once decided): due `JOIN_PHOTO` after the decision,
  the licence photo is deleted; a refused request is then due again `JOIN_REFUSED` after the
  refusal, when it is deleted with the openid's pointer to it (AP-182).
All read `now` from the sweep, and every write is conditional on what was read: a repeated or
concurrent sweep of the same minute changes nothing more.
"""
import logging
from datetime import date, timedelta

from chalicelib.clock import iso, parse_instant
from chalicelib.db import join_retention, joins, privacy as db
from chalicelib.db.applications import application
from chalicelib.db.consultations import consultations_on
from chalicelib.logs import log
from chalicelib.workdays import china_date, china_time

from . import erase, policy


def day_due_at(day):
    """When a China day's consultations reach the end of their content's retention: the end of
    that day plus the period (UTC ISO)."""
    return iso(china_time(date.fromisoformat(day) + timedelta(days=1)) + policy.CONSULTATION_CONTENT)


def new_job(bureau, now, first_day=None):
    """A bureau's retention job from `first_day` (default: today in China, for a new bureau)."""
    day = (first_day or china_date(now)).isoformat()
    return db.new_job(bureau=bureau, day=day, due_at=day_due_at(day))


def _advance(job, day, done):
    return db.advance_job(job, day, day_due_at(day), done)  # False: another sweep moved it


def run_job(job, now, discard_object, read_day=consultations_on):
    """Anonymise the due days of one bureau (at most DAYS_PER_RUN); returns how many consultations."""
    count = 0
    for _ in range(policy.DAYS_PER_RUN):
        if iso(now) < job.due_at:
            break
        for consultation in read_day(job.bureau, job.day):
            if erase.anonymise_consultation(consultation.id, now, placeholder=policy.PLACEHOLDER,
                                            discard_object=discard_object):
                count += 1
            elif not consultation.anonymised_at and consultation.status not in erase.FINISHED:
                log("retention_consultation_open", logging.WARNING, consultation=consultation.id)
        following = (date.fromisoformat(job.day) + timedelta(days=1)).isoformat()
        if not _advance(job, following, int(job.done or 0) + count):
            break
    return count


def retention_due(item, now, services):
    """Sweep handler of RetentionJob."""
    job = db.retention_job(item.bureau)  # the index lags: decide on a consistent read
    if job is not None:
        run_job(job, now, erase.discarder(services))


def draft_expiry(app, now):
    """The DraftExpiry of a new draft (written in its creation's transaction)."""
    return db.new_draft_expiry(application_id=app.application_id, openid=app.openid,
                          due_at=iso(now + policy.DRAFT_UNTOUCHED))


def run_draft(expiry, now, discard_object, read=application):
    """Delete, postpone or drop one draft's expiry; returns what it did."""
    app = read(expiry.application_id)
    if app is not None and app.status != "draft":
        db.drop(expiry)
        return "submitted"
    if app is not None:
        lapses = parse_instant(app.updated_at) + policy.DRAFT_UNTOUCHED
        if now < lapses:
            db.postpone_draft_expiry(expiry, iso(lapses))
            return "postponed"
        if not erase.delete_draft(app.application_id, discard_object=discard_object,
                                  updated_at=app.updated_at):
            return "changed"  # edited or submitted meanwhile: the next run decides again
    else:
        erase.delete_draft(expiry.application_id, discard_object=discard_object)  # leftovers
    db.drop(expiry)
    return "deleted"


def draft_due(item, now, services):
    """Sweep handler of DraftExpiry."""
    run_draft(item, now, erase.discarder(services))


def run_join(req, now, discard_object):
    """One retention step of a decided self-registration; returns what it did."""
    if req is None or not req.retain_until or iso(now) < req.retain_until or req.status == "pending":
        return "not due"
    if req.photo_key:
        discard_object(req.photo_key)  # first: a lost step leaves the key to try again
        later = iso(parse_instant(req.decided_at) + policy.JOIN_REFUSED) if req.status == "refused" else None
        return "photo deleted" if join_retention.retention_step(req, later) else "changed"
    if req.status == "refused":
        join_retention.forget_refused(req)
        return "request deleted"
    join_retention.retention_step(req, None)  # an approved request without a photo: nothing left to do
    return "done"


def join_due(item, now, services):
    """Sweep handler of JoinRequest (decided: its photo, then a refused one's record)."""
    req, _ = joins.request(item.request_id)  # the index lags: decide on a consistent read
    run_join(req, now, erase.discarder(services))
