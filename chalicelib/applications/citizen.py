"""What a citizen does with their application: start it, fill it in (drafts survive closing the
page), consent to the processing of their sensitive personal data, submit or resubmit it — which is
refused with the complete list of what is missing — and withdraw it."""
from chalicelib.clock import iso
from chalicelib.db import applications as db
from chalicelib.db.effects import Put, Refused
from chalicelib.errors import Conflict, Invalid, Unprocessable
from chalicelib.privacy.retention import draft_expiry

from . import catalog, lifecycle, states, timeline
from .lifecycle import owned

CONSENT_TEXT_VERSION = "sensitive-data-2026-01"  # the wording the H5 page shows, by version


def service(ctx, service_type):
    spec = ctx.catalog(service_type)
    if spec is None:
        raise Invalid("没有这种办事类型", code="unknown_service_type")
    return spec


def create(ctx, openid, service_type, fields=None, consent=False):
    """A new draft; `consent` may be given here already (the H5 form asks before anything else)."""
    spec = service(ctx, service_type)
    values, problems = catalog.merge_fields(spec.fields, {}, fields or {}, ctx.today, replace=True)
    at = iso(ctx.now)
    for attempt in range(3):  # a number drawn twice in a day is refused by the put: draw another
        app = db.new_application(application_id=ctx.new_number(ctx.now), service_type=service_type,
                                 openid=openid, status="draft", fields=values, created_at=at,
                                 updated_at=at, consented_at=at if consent else None,
                                 bureau=ctx.bureau or None)
        writes = [db.application_created(app),
                  Put(lifecycle.history(app, ctx, "create", "citizen"), label="history"),
                  # an abandoned draft is deleted (privacy.md)
                  Put(draft_expiry(app, ctx.now), label="expiry")]
        if consent:
            writes.append(Put(_consent_entry(app, ctx), label="consent"))
        try:
            ctx.commit(writes)
            return app, problems
        except Refused as refused:
            if "application" not in refused.labels:
                raise
    raise Conflict("申请编号分配未成功，请重试", code="application_conflict")


def _consent_entry(app, ctx):
    # 个人信息保护法 art. 29: separate consent for sensitive personal data; kept with the file.
    return lifecycle.history(app, ctx, "consent", "citizen", from_status=app.status,
                             message="同意处理敏感个人信息（身份证件、经济状况等材料）",
                             details={"version": CONSENT_TEXT_VERSION})


def edit(ctx, application_id, openid, incoming, *, replace=False):
    """Save the form as it stands; every problem is reported, none refuses the save."""
    app = owned(application_id, openid, ctx.store)
    if app.status not in states.EDITABLE:
        raise not_editable(app)
    spec = service(ctx, app.service_type)
    app.fields, problems = catalog.merge_fields(spec.fields, app.fields or {}, incoming, ctx.today,
                                                replace=replace)
    return lifecycle.save_draft(app, ctx, app.status), problems


def not_editable(app):
    return Conflict(f"当前状态为“{states.LABELS[app.status]}”，不能修改",
                    code="not_editable", details=[{"field": "status", "status": app.status}])


def consent(ctx, application_id, openid):
    app = owned(application_id, openid, ctx.store)
    if app.consented_at:
        return app
    if app.status in states.CLOSED:
        raise not_editable(app)
    app.consented_at = iso(ctx.now)
    app.updated_at = iso(ctx.now)
    try:
        ctx.commit([db.application_at(app, app.status),
                    Put(_consent_entry(app, ctx), label="history")])
    except Refused:
        raise Conflict("申请已更新，请刷新后重试", code="application_changed")
    return app


def attached(items):
    return db.materials_of(items)


def missing(ctx, app, items):
    """Everything standing between this application and its submission, all at once."""
    spec = service(ctx, app.service_type)
    materials = attached(items)
    found = catalog.missing(spec.fields, spec.materials, app.fields or {},
                            {m.code for m in materials}, ctx.today)
    if not app.consented_at:
        found.insert(0, {"kind": "consent", "label": "个人信息处理同意",
                         "message": "请先阅读并同意个人信息处理规则"})
    if app.status == "supplement_requested" and app.supplement:
        # What staff asked for must be new: a file attached after the notice, a field filled in.
        listed = {(g["kind"], g.get("material") or g.get("field")) for g in found}
        for item in app.supplement["items"]:
            name = item.get("material") or item.get("field")
            if (item["kind"], name) in listed:
                continue
            if item["kind"] == "material" and not any(
                    m.code == name and m.answers_supplement(app) for m in materials):
                found.append({"kind": "material", "material": name, "label": item["label"],
                              "message": f"请补充上传{item['label']}"})
            elif item["kind"] == "field" and not (app.fields or {}).get(name):
                found.append({"kind": "field", "field": name, "label": item["label"],
                              "message": f"请补充填写{item['label']}"})
    return found


def submit(ctx, application_id, openid):
    """Submit a draft or resubmit after a request for supplements."""
    app = owned(application_id, openid, ctx.store)
    action = "resubmit" if app.status == "supplement_requested" else "submit"
    states.target(action, app.status)
    gaps = missing(ctx, app, ctx.store.application_items(application_id))
    if gaps:
        raise Unprocessable(f"还有 {len(gaps)} 项未完成，请补齐后再提交", code="incomplete",
                            details=gaps)
    today = ctx.today

    def mutate(a):
        if action == "submit":
            a.submitted_at, a.received_on = iso(ctx.now), today.isoformat()
            a.clocks = timeline.start(a.clocks or {}, a.service_type, "received", today)
        else:
            a.clocks = timeline.resume(a.clocks or {}, today)
            a.supplement = dict(a.supplement, answered_on=today.isoformat())

    notice = ("您的申请已提交，我们将依法审查并告知结果。" if action == "submit"
              else "您补充的材料已收到，我们将继续审查。")
    return lifecycle.transition(ctx, app, action, actor="citizen", notice=notice, mutate=mutate)


def withdraw(ctx, application_id, openid):
    app = owned(application_id, openid, ctx.store)
    states.target("withdraw", app.status)
    booked = app.appointment if app.status == "scheduled" else None

    def release(writes):
        # The visit is off: the slot opens again for someone else.
        # A slot opened before issue 10 has no bureau, and neither has its booking: its legacy key.
        writes.append(db.slot_released(booked, app.application_id))

    def mutate(a):
        a.clocks = timeline.finish(a.clocks or {}, ctx.today)
        a.outcome = "withdrawn_by_applicant"

    return lifecycle.transition(ctx, app, "withdraw", actor="citizen", mutate=mutate,
                                extra=release if booked else None,
                                notice="您已撤回申请。如需办理，可重新提交。")
