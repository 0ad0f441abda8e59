"""The staff access log of an application's personal data (个人信息保护法 art. 51, 55-56): every
staff read of an application — its page with the unmasked data and the materials' download links,
or the masked JSON — writes one audit entry (who, what, when) before anything is shown, and the
bureau's admins read them back per application (AP-127: the audit trail's per-subject index)."""
from chalicelib import scoping
from chalicelib.applications import lifecycle
from chalicelib.db import privacy as db
from chalicelib.db.staff import staff_of

from . import policy

ACTIONS = {"view_application": "查看申请"}


def record_view(ctx, staff_id, app, details):
    """Write the view entry of one staff read (one put; kept ACCESS_ENTRY, then TTL)."""
    entry = lifecycle.audit(ctx, staff_id, "view_application", f"APP#{app.application_id}", details)
    entry.expires_at = ctx.now + policy.ACCESS_ENTRY
    entry.save()
    return entry


def access_log(application_id, caller, limit=200):
    """Who saw or acted on an application of the caller's bureau, newest first; another bureau's
    application is answered as one that does not exist."""
    app = lifecycle.staff_application(application_id, caller)
    bureau = scoping.bureau_of(app)
    names = {s.staff_id: s.name for s in staff_of(bureau)}
    return [{"at": e.at, "staff_id": e.actor, "staff_name": names.get(e.actor),
             "action": e.action, "label": ACTIONS.get(e.action, e.action),
             "details": e.details or {}}
            for e in db.audit_of_subject(bureau, f"APP#{app.application_id}", limit=limit)]
