"""The time-driven work on one application, done when `sweep_due` finds it due: apply what the law
makes of a missed deadline, send each reminder once (its ReminderSent put and its notifications in
one transaction, AP-56), and move the application's DUE key to the next moment worth waking for."""
from datetime import timedelta

from chalicelib import outbox
from chalicelib.clock import iso
from chalicelib.db.applications import reminder_sent
from chalicelib.db.effects import Effects, Refused
from chalicelib.deadlines.reminders import due_now
from chalicelib.deadlines.rules import CITIZEN, RULES
from chalicelib.errors import Conflict
from chalicelib.humantime import day_text, notice_time, visit_text
from chalicelib.workdays import china_date

from . import lifecycle, timeline

SENT_RETENTION = timedelta(days=60)

LAPSE_NOTICES = {
    # 法律援助法 art. 43 para 2: "未按要求补充材料或者作出说明的，视为撤回申请".
    "withdrawn": "您未在 {due} 前补充材料，依照《中华人民共和国法律援助法》第四十三条，视为撤回申请。"
                 "如仍需法律援助，可以重新申请。",
    # 行政复议法 art. 31 para 2: "无正当理由逾期不补正的，视为申请人放弃行政复议申请".
    "abandoned": "您未在 {due} 前补正材料，依照《中华人民共和国行政复议法》第三十一条，视为放弃行政复议申请。",
    # 行政复议法 art. 30 para 3: no refusal within the examination period means acceptance.
    "deemed_accepted": "审查期限已于 {due} 届满，依照《中华人民共和国行政复议法》第三十条，"
                       "您的行政复议申请视为受理。",
}
LAPSE_WARNINGS = {"withdrawn": "逾期未补充的，视为撤回申请", "abandoned": "逾期不补正的，视为放弃行政复议申请"}


def run(ctx, app):
    """Everything due on `app` at ctx.now; safe to run again for the same minute."""
    gone = timeline.lapse(app, ctx.calendar)
    if gone and gone.at <= ctx.now:
        try:
            return lapse(ctx, app, gone)
        except Conflict:
            return None  # changed meanwhile: that write set the next sweep time itself
    for reminder in due_now(timeline.reminders(app, ctx.calendar), ctx.now):
        send_once(ctx, app, reminder)
    wake = timeline.wake_at(app, ctx.calendar, ctx.now, after=True)
    # Bookkeeping only: it must not fail the citizen's or staff's write that read the application
    # before it (move_due leaves the version alone); refused if that write came first.
    ctx.store.move_due(app, next_due_at=iso(wake) if wake else None,
                       queue_due=timeline.queue_due(app, ctx.calendar))
    return app


def lapse(ctx, app, gone):
    due = (china_date(gone.at) - timedelta(days=1)).isoformat()  # the last day that was allowed
    text = LAPSE_NOTICES[gone.outcome].format(due=day_text(due, ctx.today))

    def mutate(a):
        if gone.outcome == "deemed_accepted":
            clocks = timeline.finish(a.clocks or {}, ctx.today,
                                     timeline.received_clocks(a.service_type))
            a.clocks = timeline.start(clocks, a.service_type, "accepted", ctx.today)
        else:
            a.clocks = timeline.finish(a.clocks or {}, ctx.today)
            a.outcome = gone.outcome

    staff = staff_notes(ctx, app, f"lapse:{app.application_id}:{gone.outcome}", text)

    def tell_staff(writes):
        for note in staff:
            outbox.write_with(writes.labelled("staff_notification"), note)

    lifecycle.transition(ctx, app, f"lapse_{gone.outcome}", actor="system", message=text,
                         details={"basis": gone.basis, "due": due}, mutate=mutate,
                         notice=text, extra=tell_staff, audit_details={"basis": gone.basis})
    ids = [n.notification_id for n in staff]
    ctx.committed(ids)
    return app


def staff_notes(ctx, app, key, text):
    service = ctx.catalog(app.service_type)
    name = service.name if service else app.service_type
    return [outbox.notification(
        idempotency_key=f"{key}:{openid}", audience="staff", to_openid=openid,
        template_key="application_deadline", now=ctx.now, bureau=lifecycle.bureau_of(ctx, app),
        url=lifecycle.staff_page_url(ctx, app),
        data={"service": name, "application": app.application_id, "note": text,
              "time": notice_time(ctx.now)}, text=f"【{name}】{text}")
        for openid in ctx.staff_openids(lifecycle.bureau_of(ctx, app))]


def _text(app, reminder, today):
    due = day_text(reminder.target, today)
    if reminder.kind == f"{CITIZEN}.appointment":
        where = app.appointment.get("address") or app.appointment["office"]
        visit = visit_text(reminder.target, app.appointment["time"], today)
        return f"提醒：您预约了 {visit} 到{where}办理，请携带材料原件按时到场。"
    if reminder.audience == CITIZEN:
        rule = RULES.get(app.service_type, {}).get("supplement")
        warning = LAPSE_WARNINGS.get(rule.on_lapse if rule else None, "逾期可能影响办理")
        return f"请在 {due} 前补充材料，{warning}。"
    name = reminder.kind.rsplit(".", 1)[-1]
    rule = RULES[app.service_type][name]
    if ".overdue." in reminder.kind:
        return f"申请 {app.application_id} 的“{rule.label}”期限已于 {due} 届满（{rule.basis}）。"
    return f"申请 {app.application_id} 须在 {due} 前“{rule.label}”（{rule.basis}）。"


def send_once(ctx, app, reminder):
    """Send `reminder` unless it went out before; returns the notification ids it queued."""
    text = _text(app, reminder, ctx.today)
    if reminder.audience == CITIZEN:
        notes = [lifecycle.citizen_note(ctx, app, f"reminder:{reminder.key}", text)]
    else:
        notes = staff_notes(ctx, app, f"reminder:{reminder.key}", text)
    writes = Effects([reminder_sent(reminder.key, iso(ctx.now), ctx.now + SENT_RETENTION)])
    for note in notes:
        outbox.write_with(writes.labelled("notification"), note)
    try:
        ctx.commit(writes)
    except Refused:
        return []  # sent by an earlier sweep (or its notification is already queued)
    ids = [n.notification_id for n in notes]
    ctx.committed(ids)
    return ids
