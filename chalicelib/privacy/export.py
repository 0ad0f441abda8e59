"""What the platform holds about one citizen, as they may read and take it away (个人信息保护法
art. 45: access and copy; art. 44: to know). One query per kind of record, each by the citizen's
openid (AP-30, AP-50, AP-124, AP-126, the session list): never a Scan. Other people's data in the
same records (lawyers' openids, staff ids) is left out; the lawyers' answers to the citizen are in.
"""
from datetime import datetime

from chalicelib.db import consultations as cdb, identity, privacy as db
from chalicelib.db.applications import application_items, citizen_applications
from chalicelib.db.commissions import citizen_commissions

CONSULTATION_FIELDS = ("id", "category", "question", "source", "county", "status", "created_at",
                       "first_answer_at", "awarded_at", "rating", "rating_comment", "closed_at",
                       "anonymised_at", "bureau")
APPLICATION_FIELDS = ("application_id", "service_type", "status", "fields", "created_at",
                      "updated_at", "submitted_at", "received_on", "consented_at", "supplement",
                      "appointment", "outcome", "bureau")
# A commission (issue 12): what the citizen asked, of whom, and the lawyer's quote; the contact they
# agreed to share is theirs too.
COMMISSION_FIELDS = ("id", "status", "created_at", "service", "category", "county", "summary",
                     "other_party", "contact", "consultation_id", "quote", "accepted_at",
                     "confirmed_at", "closed_at", "bureau")
LIMIT = 500  # consultations or applications a citizen could plausibly have; more are not listed


def _plain(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "attribute_values"):  # a map attribute (an attachment)
        return _plain(dict(value.attribute_values))
    return value


def _pick(item, names):
    return {name: _plain(getattr(item, name, None)) for name in names
            if getattr(item, name, None) not in (None, [], {})}


def _consultation(meta):
    items = cdb.consultation_items(meta.id)
    answers = sorted((i for i in items if i.entity == "Answer"), key=lambda a: a.order())
    followups = [i for i in items if i.entity == "Followup"]
    entry = _pick(meta, CONSULTATION_FIELDS)
    entry["attachments"] = [_pick(a, ("kind", "received_at", "content_type", "size"))
                            for a in meta.attachments or []]
    entry["answers"] = [dict(_pick(a, ("lawyer_name", "firm", "body", "created_at", "awarded")),
                             followups=[_pick(f, ("author", "body", "created_at"))
                                        for f in sorted(followups, key=lambda f: f.SK)
                                        if f.answer_id == a.answer_id])
                        for a in answers]
    return entry


def _application(app):
    items = application_items(app.application_id)
    entry = _pick(app, APPLICATION_FIELDS)
    entry["materials"] = [_pick(m, ("code", "filename", "content_type", "size", "attached_at"))
                          for m in items if m.entity == "Material"]
    entry["history"] = [_pick(h, ("at", "action", "actor", "to_status", "message"))
                        for h in items if h.entity == "HistoryEntry"]
    return entry


def _own(openid):
    """The items under CITIZEN#<openid>, by kind (profile, counters, grants, a voice question)."""
    profile, counters, photos, voice = None, [], [], None
    for item in db.citizen_partition(openid):
        if item.entity == "CitizenDayCount":
            counters.append(_pick(item, ("day", "count", "photo_grants")))
        elif item.entity == "PhotoGrant":
            photos.append(_pick(item, ("filename", "content_type", "size", "created_at", "status")))
        elif item.entity == "VoiceQuestion":
            voice = _pick(item, ("text", "received_at"))
        elif item.entity == "Citizen":
            profile = _pick(item, ("subscribed", "subscribed_at", "scene", "last_inbound_at",
                                   "consents"))
    return profile, counters, photos, voice


def sessions(openid, now):
    """The citizen's live sign-in sessions (when, until when): never the session ids. Expired ones
    wait for TTL and are not theirs to use any more."""
    return [_pick(s, ("created_at", "expires_at", "bureau"))
            for s in identity.sessions_of_openid(openid)
            if s.expires_at is not None and s.expires_at > now]


def citizen_data(openid, now):
    """Everything held about `openid`, as JSON-ready dicts."""
    profile, counters, photos, voice = _own(openid)
    consultations = [c for c in cdb.citizen_consultations(openid, limit=LIMIT)
                     if c.entity == "Consultation"]
    applications = [a for a in citizen_applications(openid, limit=LIMIT) if a.entity == "Application"]
    return {
        "exported_at": _plain(now), "openid": openid, "profile": profile,
        "consultations": [_consultation(c) for c in consultations],
        "applications": [_application(a) for a in applications],
        "commissions": [_pick(c, COMMISSION_FIELDS) for c in citizen_commissions(openid, LIMIT)],
        "daily_counters": counters, "photo_uploads": photos, "voice_question": voice,
        "sessions": sessions(openid, now),
        "privacy_requests": [_pick(r, ("request_id", "kind", "status", "reason", "created_at",
                                       "completed_at", "result"))
                             for r in db.citizen_privacy_requests(openid)],
        "not_listed": "发送给您的消息记录（保存 90 天）未按个人建立索引，如需查阅请联系司法局。",
    }
