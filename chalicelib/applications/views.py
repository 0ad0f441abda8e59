"""What each audience sees of an application. ID numbers are masked everywhere except the staff
application page (`staff_page`), which the route audits."""
from datetime import date

from chalicelib.db.applications import history_of, materials_of
from chalicelib.deadlines import fast_track
from chalicelib.deadlines.rules import RULES
from chalicelib.workdays import china_date

from . import catalog, formats, states, timeline

ACTORS = {"citizen": "申请人", "staff": "工作人员", "system": "系统"}
APPLICANT_FIELD = "applicant_name"  # every catalog type asks for it (seeds/catalog.json)
PRESIGNED_GET_SECONDS = 300  # staff open a material through a link valid five minutes at most


def _name(ctx, app):
    service = ctx.catalog(app.service_type)
    return service.name if service else app.service_type


def summary(ctx, app):
    return {"id": app.application_id, "type": app.service_type, "name": _name(ctx, app),
            "status": app.status, "status_label": states.LABELS[app.status],
            "created_at": app.created_at, "updated_at": app.updated_at,
            "submitted_at": app.submitted_at, "due": app.queue_due}


def _material(m, names, app):
    return {"code": m.code, "name": names.get(m.code, m.code), "upload_id": m.upload_id,
            "filename": m.filename, "content_type": m.content_type, "size": m.size,
            "attached_at": m.attached_at, "answers_supplement": m.answers_supplement(app)}


def _history(h):
    return {"at": h.at, "action": h.action, "actor": ACTORS.get(h.actor, h.actor),
            "from_status": h.from_status, "status": h.to_status, "message": h.message,
            "details": h.details}


def page(ctx, app, items, *, problems=None):
    """The application as its citizen (and staff outside the application page) sees it."""
    service = ctx.catalog(app.service_type)
    specs = service.fields if service else []
    material_specs = service.materials if service else []
    names = {m["code"]: m["name"] for m in material_specs}
    view = summary(ctx, app)
    view.update({
        "fields": catalog.masked(specs, app.fields or {}),
        "consent": {"sensitive_data": bool(app.consented_at), "at": app.consented_at},
        "required_materials": [{"code": m["code"], "name": m["name"],
                                "required": bool(m.get("required")),
                                "accepted": catalog.accepted_types(m)} for m in material_specs],
        "materials": [_material(m, names, app) for m in materials_of(items)],
        "history": [_history(h) for h in history_of(items)],
        "supplement": app.supplement if app.status == "supplement_requested" else None,
        "appointment": app.appointment if app.status in ("scheduled", "completed") else None,
        "outcome": app.outcome,
    })
    if problems is not None:
        view["problems"] = problems
    return view


def staff_page(ctx, app, items, presign):
    """The staff application page: the fields unmasked, each material with a short-lived link,
    the running deadlines with their legal basis."""
    view = page(ctx, app, items)
    view["fields"] = dict(app.fields or {})
    view["applicant_openid"] = app.openid
    for shown, item in zip(view["materials"], materials_of(items)):
        shown["url"] = presign(item.key, PRESIGNED_GET_SECONDS)
    view["supplement"] = app.supplement
    view["received_on"] = app.received_on
    view["deadlines"] = [
        {"name": d.name, "label": _rule_label(app, d.name), "due": d.due.isoformat(),
         "owed_by": d.owed_by, "overdue": d.due < china_date(ctx.now),
         "basis": _rule_basis(app, d.name)}
        for d in timeline.deadlines(app, ctx.calendar)]
    view["fast_track"] = is_fast_track(app)
    return view


def is_fast_track(app):
    """法律援助法 art. 44 (一): under seven days left of a limitation period when received — staff
    may grant aid at once (可以先行提供). A flag for staff; the office decides."""
    try:
        received = date.fromisoformat(app.received_on)
        ends = date.fromisoformat((app.fields or {}).get("limitation_ends_on"))
    except (TypeError, ValueError):
        return False
    return fast_track(received, ends)


def queue_entry(ctx, app):
    """One line of the staff review queue. The queue is not audited, so the applicant's name is
    masked (formats.mask_name) and no other personal data is in it; the audited application page
    shows everything."""
    entry = summary(ctx, app)
    name = (app.fields or {}).get(APPLICANT_FIELD)
    entry.update({"applicant": formats.mask_name(name) if name else None,
                  "received_on": app.received_on, "fast_track": is_fast_track(app),
                  "supplement_due": (app.supplement or {}).get("due")
                  if app.status == "supplement_requested" else None,
                  "appointment": app.appointment if app.status == "scheduled" else None})
    return entry


def _rule(app, name):
    return RULES.get(app.service_type, {}).get(name)


def _rule_label(app, name):
    rule = _rule(app, name)
    return rule.label if rule else name


def _rule_basis(app, name):
    rule = _rule(app, name)
    return rule.basis if rule else ""

