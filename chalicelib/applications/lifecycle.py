"""Moving an application through its states. Every transition is one commit of the context's store
(one TransactWrite): the application (condition: the status it was read in, and its version), a
HistoryEntry, an AuditEntry for decisions not taken by the citizen, and an outbox Notification to
the citizen (AP-53).
"""
import secrets
from functools import cached_property, partial

from chalicelib import outbox, scoping
from chalicelib.context import Context as SharedContext
from chalicelib.db.store import TABLE
from chalicelib.clock import iso
from chalicelib.db import applications as db
from chalicelib.db.effects import Effects, Put, Refused
from chalicelib.db.offices import catalog_offices
from chalicelib.errors import Conflict, NotFound
from chalicelib.humantime import notice_time
from chalicelib.numbering import readable_number
from chalicelib.workdays import china_date

from . import states, timeline


def new_id():
    """Upload and audit ids: 16 hex characters (64 random bits, unguessable)."""
    return secrets.token_hex(8)


# An application's number, read over the phone: `SQ20261202-7K3QDM`, like a consultation's. Ids
# made before it (16 hex characters) stay valid: an id is only ever looked up as a whole key.
new_application_number = partial(readable_number, "SQ")


class Context(SharedContext):
    """The shared context (chalicelib/context.py) with what only applications need: the bureau's
    calendar, the catalogue of services, its offices, how numbers are made. Tests pass literals.

    The calendar and the catalog are loaded on first use: a request that needs neither (a list,
    an upload) does not pay the queries.
    """

    def __init__(self, now, *, calendar, catalog, public_base_url="", new_id=new_id,
                 on_commit=lambda ids: None, staff_openids=lambda bureau=None: [],
                 new_number=new_application_number, bureau="", offices=None, store=TABLE):
        super().__init__(now, bureau=bureau, public_base_url=public_base_url, new_id=new_id,
                         on_commit=on_commit, staff_openids=staff_openids, store=store)
        self.new_number = new_number  # (now) -> an application's number
        self._calendar, self._catalog = calendar, catalog
        self._offices = offices  # () -> the bureau's Office items; None: the catalog's offices

    @cached_property
    def calendar(self):
        return self._calendar() if callable(self._calendar) else self._calendar

    @cached_property
    def _types(self):
        found = self._catalog() if callable(self._catalog) else self._catalog
        return {t.service_type: t for t in found}

    def catalog(self, service_type):
        """The ServiceType (fields, materials, deadlines) of `service_type`, or None."""
        return self._types.get(service_type)

    @cached_property
    def offices(self):
        """The bureau's offices (chalicelib.db.offices.Office): where its visits can be booked."""
        if self._offices is not None:
            return list(self._offices())
        return catalog_offices(self.bureau, self._types.values())

    def office_codes(self):
        """The codes of the bureau's offices: a slot elsewhere could never be booked."""
        return {o.office for o in self.offices}

    @property
    def today(self):
        return china_date(self.now)


def page_url(ctx, app):
    """The citizen's page of the application: its state, what is missing, the uploads."""
    return f"{ctx.public_base_url}/h5/applications/{app.application_id}"


def owned(application_id, openid, store=TABLE):
    """The citizen's own application; anyone else's is as absent as one that does not exist."""
    app = store.application(application_id)
    if app is None or app.openid != openid:
        raise NotFound("没有找到该申请", code="application_not_found")
    return app


def _not_found():
    return NotFound("没有找到该申请", code="application_not_found")


def any_application(application_id, store=TABLE):
    app = store.application(application_id)
    if app is None:
        raise _not_found()
    return app


def staff_application(application_id, caller, store=TABLE):
    """An application of the staff member's own bureau; another bureau's is answered exactly as
    one that does not exist (scoping.owned)."""
    return scoping.owned(store.application(application_id), caller, _not_found())


def refresh(app, ctx):
    """Recompute what the indexes read: the queue's due date and the next sweep time."""
    app.queue_due = timeline.queue_due(app, ctx.calendar)
    wake = timeline.wake_at(app, ctx.calendar, ctx.now)
    app.next_due_at = iso(wake) if wake else None


def staff_page_url(ctx, app):
    """The staff review page of the application: where a decision is made."""
    return f"{ctx.public_base_url}/h5/staff/applications/{app.application_id}"


def bureau_of(ctx, app):
    """The bureau a notice about `app` belongs to: the application's own, else the context's."""
    return getattr(app, "bureau", None) or ctx.bureau or None


def citizen_note(ctx, app, key, text):
    """The outbox record telling the citizen what happened to their application."""
    service = ctx.catalog(app.service_type)
    name = service.name if service else app.service_type
    return outbox.notification(
        idempotency_key=key, audience="citizen", to_openid=app.openid,
        template_key="application_status", now=ctx.now, url=page_url(ctx, app),
        bureau=bureau_of(ctx, app),
        text=f"【{name}】{text}", link_label="查看申请",
        data={"service": name, "status": states.LABELS.get(app.status, app.status),
              "note": text, "time": notice_time(ctx.now)})


def history(app, ctx, action, actor, *, from_status=None, message=None, details=None):
    app.history_count = int(app.history_count or 0) + 1
    return db.new_history(application_id=app.application_id, at=iso(ctx.now), n=app.history_count,
                          action=action, actor=actor, from_status=from_status, to_status=app.status,
                          message=message, details=details)


def audit(ctx, actor, action, subject, details=None):
    """An audit entry in the context's bureau's trail (AP-91)."""
    return db.new_audit(audit_id=ctx.new_id(), at=iso(ctx.now), actor=actor, action=action,
                        subject=subject, details=details, bureau=getattr(ctx, "bureau", None) or None)


def transition(ctx, app, action, *, actor, actor_id=None, message=None, details=None,
               notice=None, mutate=None, extra=None, audit_details=None):
    """Apply `action` to `app` and commit it with its history, audit and notification.

    `mutate(app)` sets the fields the action changes; `extra(writes)` adds effects of its own (a
    slot booking); `notice` is the citizen's message (None: no message). Refused conditions become
    409s: the application changed since it was read (a concurrent decision won), or `extra`'s.
    """
    before = app.status
    app.status = states.target(action, before)
    if mutate:
        mutate(app)
    app.updated_at = iso(ctx.now)
    refresh(app, ctx)
    entry = history(app, ctx, action, actor, from_status=before, message=message, details=details)
    # The application is written on the status it was read in and under its lock (db/locking.py)
    writes = Effects([db.application_at(app, before),
                      Put(entry, label="history")])
    if actor != "citizen":
        writes.append(Put(audit(ctx, actor_id or actor, f"decision.{action}",
                                f"APP#{app.application_id}", audit_details), label="audit"))
    note = None
    if notice:
        note = citizen_note(ctx, app, f"app:{app.application_id}:{entry.n}:{action}", notice)
        outbox.write_with(writes.labelled("notification"), note)
    if extra:
        extra(writes)
    try:
        ctx.commit(writes)
    except Refused as refused:
        if "application" in refused.labels:
            raise Conflict("申请已被他人处理或已更新，请刷新后重试", code="application_changed")
        raise
    if note is not None:
        ctx.committed([note.notification_id])
    return app


def save_draft(app, ctx, expected_status):
    """Store a change that is not a transition (fields, consent) under the same conditions."""
    app.updated_at = iso(ctx.now)
    try:
        ctx.commit([db.application_at(app, expected_status)])
    except Refused:
        raise Conflict("申请已被他人处理或已更新，请刷新后重试", code="application_changed")
    return app
