"""The staff access log of an application's personal data (个人信息保护法 art. 51, 55-56): every
staff read of an application — its page with the unmasked data and the materials' download links,
or the masked JSON — writes one audit entry (who, what, when) before anything is shown, and the
bureau's admins read them back per application (AP-127: the audit trail's per-subject index)."""
from chalicelib import scoping
from chalicelib.applications import lifecycle
from chalicelib.db import audit
from chalicelib.db import privacy as db
from chalicelib.db.staff import staff_of

from . import policy

ACTIONS = {"view_application": "查看申请", "decision.accept": "受理", "decision.reject": "不予受理",
           "decision.request_supplement": "告知补正", "decision.schedule": "预约到场",
           "decision.complete": "办结", "decision.lapse_withdrawn": "逾期未补充，视为撤回",
           "decision.lapse_abandoned": "逾期未补正，视为放弃",
           "decision.lapse_deemed_accepted": "期满未作决定，视为受理"}
NAMES = {"system": "系统"}


def record_view(ctx, staff_id, app, details):
    """Write the view entry of one staff read (one put; kept ACCESS_ENTRY, then TTL)."""
    entry = lifecycle.audit(ctx, staff_id, "view_application", f"APP#{app.application_id}", details)
    entry.expires_at = ctx.now + policy.ACCESS_ENTRY
    return audit.write(entry)


def access_log(application_id, caller, limit=200):
    """Who saw or acted on an application of the caller's bureau, newest first; another bureau's
    application is answered as one that does not exist."""
    app = lifecycle.staff_application(application_id, caller)
    bureau = scoping.bureau_of(app)
    names = dict(NAMES, **{s.staff_id: s.name for s in staff_of(bureau)})
    return [{"at": e.at, "staff_id": e.actor, "staff_name": names.get(e.actor),
             "action": e.action, "label": ACTIONS.get(e.action, "处理申请"),
             "details": e.details or {}}
            for e in db.audit_of_subject(bureau, f"APP#{app.application_id}", limit=limit)]
