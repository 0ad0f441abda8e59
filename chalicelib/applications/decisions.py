"""Staff decisions on an application: accept, request supplements (once, everything at once),
schedule the one visit, reject with a reason, complete. Each is a transition (lifecycle.transition):
one transaction with its history, its audit entry and the citizen's notification."""
from datetime import date

from chalicelib.clock import iso
from chalicelib.db.applications import slot_booked
from chalicelib.deadlines import may_request_supplement
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.humantime import day_text, visit_text
from chalicelib.workdays import china_time

from . import catalog, lifecycle, states, timeline
from .citizen import attached

MIN_TEXT = 2


def decide(ctx, application_id, staff_id, body, find=None):
    """Apply staff's decision `body`; `find` reads the application (routes: scoped to the staff
    member's bureau, so another bureau's id is 404 before anything is checked or written; by
    default any application, through the context's store)."""
    app = find(application_id) if find else lifecycle.any_application(application_id, ctx.store)
    action = body["action"]
    handler = {"accept": _accept, "request_supplement": _request_supplement,
               "schedule": _schedule, "reject": _reject, "complete": _complete}[action]
    return handler(ctx, app, staff_id, body)


def _note(body):
    return (body.get("message") or "").strip() or None


def _accept(ctx, app, staff_id, body):
    states.target("accept", app.status)

    def mutate(a):
        clocks = timeline.finish(a.clocks or {}, ctx.today, timeline.received_clocks(a.service_type))
        a.clocks = timeline.start(clocks, a.service_type, "accepted", ctx.today)

    note = _note(body)
    return lifecycle.transition(ctx, app, "accept", actor="staff", actor_id=staff_id, message=note,
                                mutate=mutate, notice="您的申请已受理。" + (note or ""))


def _supplement_items(ctx, app, requested):
    """Staff's list, checked against the type, plus whatever required item is still missing:
    the notice must name everything at once (法律援助法 art. 43, 行政复议法 art. 31)."""
    spec = ctx.catalog(app.service_type)
    fields = {f["name"]: f for f in spec.fields}
    materials = {m["code"]: m for m in spec.materials}
    items, seen = [], set()
    for entry in requested:
        if bool(entry.get("material")) == bool(entry.get("field")):
            raise Invalid("每一项须指明要补正的材料或填写项", code="invalid_supplement_item")
        if entry.get("material"):
            if entry["material"] not in materials:
                raise Invalid(f"没有这种材料：{entry['material']}", code="unknown_material")
            item = {"kind": "material", "material": entry["material"],
                    "label": materials[entry["material"]]["name"]}
        else:
            if entry["field"] not in fields:
                raise Invalid(f"没有这个字段：{entry['field']}", code="unknown_field")
            item = {"kind": "field", "field": entry["field"],
                    "label": fields[entry["field"]].get("label", entry["field"])}
        if entry.get("reason"):
            item["reason"] = entry["reason"].strip()
        items.append(item)
        seen.add((item["kind"], item.get("material") or item.get("field")))
    gaps = catalog.missing(spec.fields, spec.materials, app.fields or {},
                           {m.code for m in attached(ctx.store.application_items(app.application_id))},
                           ctx.today)
    for gap in gaps:
        if (gap["kind"], gap.get("material") or gap.get("field")) not in seen:
            seen.add((gap["kind"], gap.get("material") or gap.get("field")))
            items.append({k: gap[k] for k in ("kind", "material", "field", "label") if k in gap})
    return items


def _default_period(spec):
    """The bureau's default period for supplements, where the catalog declares one."""
    for entry in (spec.deadlines or {}).values():
        if isinstance(entry, dict) and entry.get("from") == "supplement_requested":
            return {"days": entry["days"], "unit": entry.get("unit", "calendar")}
    return None


def _request_supplement(ctx, app, staff_id, body):
    states.target("request_supplement", app.status)
    if not may_request_supplement(app.service_type, int(app.supplement_notices or 0)):
        raise Conflict("依法只能一次性告知需要补充的材料，本申请已告知过", code="supplement_already_requested")
    message = _note(body)
    if not message or len(message) < MIN_TEXT:
        raise Invalid("请说明需要补充的原因和要求", code="message_required")
    items = _supplement_items(ctx, app, body.get("items") or [])
    if not items:
        raise Invalid("请列出需要补充的材料或事项", code="items_required")
    try:
        staff_due = date.fromisoformat(body["due"]) if body.get("due") else None
        due = timeline.supplement_due_date(app.service_type, ctx.today, ctx.calendar, staff_due,
                                           _default_period(ctx.catalog(app.service_type)))
    except ValueError as error:
        raise Invalid(str(error), code="invalid_due_date")

    def mutate(a):
        a.supplement = {"items": items, "message": message, "due": due.isoformat(),
                        "requested_on": ctx.today.isoformat(), "requested_at": iso(ctx.now)}
        a.supplement_notices = int(a.supplement_notices or 0) + 1
        a.clocks = timeline.pause(a.clocks or {}, a.service_type, ctx.today)

    listing = "；".join(i["label"] + (f"（{i['reason']}）" if i.get("reason") else "") for i in items)
    notice = f"请在 {day_text(due, ctx.today)} 前补充：{listing}。{message}"
    return lifecycle.transition(ctx, app, "request_supplement", actor="staff", actor_id=staff_id,
                                message=message, details={"items": items, "due": due.isoformat()},
                                mutate=mutate, notice=notice,
                                audit_details={"items": [i.get("material") or i.get("field")
                                                         for i in items]})


def _schedule(ctx, app, staff_id, body):
    states.target("schedule", app.status)
    wanted = body.get("slot")
    if not wanted or not all(wanted.get(k) for k in ("office", "date", "time")):
        raise Invalid("请选择预约的办理地点、日期和时段", code="slot_required")
    chosen = ctx.store.slot(ctx.bureau, wanted["office"], wanted["date"], wanted["time"])
    if chosen is None:
        raise NotFound("没有这个预约时段", code="slot_not_found")
    hour, minute = (int(x) for x in chosen.time.split(":"))
    if china_time(date.fromisoformat(chosen.date), hour, minute) <= ctx.now:
        raise Invalid("预约时段已过", code="slot_in_past")
    if chosen.status != "open":
        raise Conflict("该时段已被预约，请选择其他时段", code="slot_taken")
    appointment = {"office": chosen.office, "date": chosen.date, "time": chosen.time,
                   "address": chosen.address}
    if chosen.bureau:  # which slot item to release on a withdrawal (legacy slots have none)
        appointment["bureau"] = chosen.bureau

    def book(writes):
        writes.append(slot_booked(chosen, app.application_id, iso(ctx.now)))

    def mutate(a):
        a.appointment = appointment

    where = f"，地点：{chosen.address}" if chosen.address else ""
    try:
        return lifecycle.transition(
            ctx, app, "schedule", actor="staff", actor_id=staff_id, message=_note(body),
            details=appointment, mutate=mutate, extra=book, audit_details=appointment,
            notice=f"已为您预约 {visit_text(chosen.date, chosen.time, ctx.today)}{where}。"
                   "请携带材料原件按时到场。")
    except lifecycle.Refused as refused:
        if "slot" in refused.labels:
            raise Conflict("该时段已被预约，请选择其他时段", code="slot_taken")
        raise


def _reject(ctx, app, staff_id, body):
    states.target("reject", app.status)
    reason = (body.get("reason") or "").strip()
    if len(reason) < MIN_TEXT:
        # 法律援助法 art. 43: a refusal is given in writing "并说明理由".
        raise Invalid("不予受理须说明理由", code="reason_required")

    def mutate(a):
        a.outcome = reason
        a.clocks = timeline.finish(a.clocks or {}, ctx.today)

    return lifecycle.transition(ctx, app, "reject", actor="staff", actor_id=staff_id,
                                message=reason, mutate=mutate,
                                notice=f"很抱歉，您的申请未获受理。理由：{reason}")


def _complete(ctx, app, staff_id, body):
    states.target("complete", app.status)

    def mutate(a):
        a.clocks = timeline.finish(a.clocks or {}, ctx.today)
        a.outcome = "completed"

    note = _note(body)
    return lifecycle.transition(ctx, app, "complete", actor="staff", actor_id=staff_id, message=note,
                                mutate=mutate, notice="您的申请已办结。" + (note or ""))
