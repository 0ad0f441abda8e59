"""Service applications on the single table (docs/data-model.md, AP-50..57): the application, its
upload grants, materials and history; the audit trail; appointment slots; staff calendar edits; and
the record that a reminder went out. A change is committed by the store (db/store.py); `Refused`
(db/effects.py) says which of its conditions refused it.
"""
from pynamodb.attributes import JSONAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import UpdateError

from chalicelib.db import keys
from chalicelib.db.base import Item
from chalicelib.db.changes import changed
from chalicelib.db.effects import Check, Delete, Effects, Put, Refused, Update, create  # noqa: F401
from chalicelib.db.locking import Lock, unchanged, with_lock  # noqa: F401
from chalicelib.db.scoped import bureau_or_default, reads_legacy, with_legacy

NO_DUE = "9999-12-31"  # sorts after every date: queue entries without a deadline come last


class Application(Item, discriminator="Application"):
    """One citizen's application. `clocks` holds the statutory deadline clocks
    ({name: {started_on, pauses: [[from, to|null]], done_on}}), `supplement` the one open request
    for supplements, `appointment` the booked slot."""
    application_id = UnicodeAttribute()
    service_type = UnicodeAttribute()
    openid = UnicodeAttribute()
    status = UnicodeAttribute(default="draft")
    fields = JSONAttribute(default=dict)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    submitted_at = UnicodeAttribute(null=True)
    received_on = UnicodeAttribute(null=True)  # China date of first receipt: clocks start here
    consented_at = UnicodeAttribute(null=True)  # 个人信息保护法 art. 29 separate consent
    clocks = JSONAttribute(default=dict)
    supplement = JSONAttribute(null=True)  # {items, message, due, requested_on, requested_by}
    supplement_notices = NumberAttribute(default=0)
    appointment = JSONAttribute(null=True)  # {office, date, time, address}
    outcome = UnicodeAttribute(null=True)  # why it closed: rejected reason, withdrawn, abandoned …
    queue_due = UnicodeAttribute(null=True)  # the date its queue is ordered by
    next_due_at = UnicodeAttribute(null=True)  # next reminder or lapse: the DUE index
    history_count = NumberAttribute(default=0)
    # The bureau it was made at (issue 10); absent means the default bureau. Its queue key carries
    # it: a legacy item re-saved for any reason moves from `APPQ#<status>` to its bureau's queue.
    bureau = UnicodeAttribute(null=True)
    version = Lock()  # every change of it (Change locks it: db/locking.py)

    def keys(self):
        computed = {"PK": f"APP#{self.application_id}", "SK": "META",
                    "GSI1PK": f"CITIZEN#{self.openid}", "GSI1SK": f"APP#{self.created_at}"}
        if self.status != "draft":  # drafts are the citizen's business, not in any staff queue
            computed.update(
                GSI2PK=keys.application_queue_key(bureau_or_default(self.bureau), self.status),
                GSI2SK=keys.application_queue_sort(self.queue_due or NO_DUE, self.application_id))
        if self.next_due_at:
            computed.update(DUEPK=keys.DUE_PARTITION,
                            DUEAT=keys.due_key(self.next_due_at, self.application_id))
        return computed


class UploadGrant(Item, discriminator="UploadGrant"):
    """A presigned POST handed to the citizen; confirming it turns it into a Material."""
    application_id = UnicodeAttribute()
    upload_id = UnicodeAttribute()
    material = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    key = UnicodeAttribute()
    created_at = UnicodeAttribute()
    grant_expires_at = UnicodeAttribute()
    status = UnicodeAttribute(default="granted")  # granted | confirmed | refused

    def keys(self):
        return {"PK": f"APP#{self.application_id}", "SK": f"UPLOAD#{self.upload_id}"}


class UploadCount(Item, discriminator="UploadCount"):
    """AP-51b: uploads granted for one application, ever: its cap is a condition on this counter, kept
    apart from the application so that counting never bumps the version a citizen's edit checks."""
    application_id = UnicodeAttribute()
    count = NumberAttribute(default=0)

    def keys(self):
        return {"PK": f"APP#{self.application_id}", "SK": "UPLOADS"}


class Material(Item, discriminator="Material"):
    application_id = UnicodeAttribute()
    code = UnicodeAttribute()
    upload_id = UnicodeAttribute()
    filename = UnicodeAttribute()
    content_type = UnicodeAttribute()
    size = NumberAttribute()
    key = UnicodeAttribute()
    attached_at = UnicodeAttribute()
    # The application's `supplement_notices` when attached (a condition of the attaching write):
    # a file attached in the round of the open request answers it, even in the request's second.
    supplement_round = NumberAttribute(null=True)

    def keys(self):
        return {"PK": f"APP#{self.application_id}", "SK": f"MAT#{self.code}#{self.upload_id}"}

    def answers_supplement(self, app):
        """Was this file attached after `app`'s (latest) request for supplements? Told by the
        round, which only grows, not by the clock (two writes in one second, two servers' clocks)."""
        if not (app.supplement and int(app.supplement_notices or 0) > 0):
            return False
        if self.supplement_round is None:  # attached before rounds were recorded
            return self.attached_at > app.supplement["requested_at"]
        return self.supplement_round >= int(app.supplement_notices or 0)


class HistoryEntry(Item, discriminator="HistoryEntry"):
    application_id = UnicodeAttribute()
    at = UnicodeAttribute()
    n = NumberAttribute()  # orders entries written in the same second
    action = UnicodeAttribute()
    actor = UnicodeAttribute()  # citizen | staff | system
    from_status = UnicodeAttribute(null=True)
    to_status = UnicodeAttribute(null=True)
    message = UnicodeAttribute(null=True)
    details = JSONAttribute(null=True)

    def keys(self):
        return {"PK": f"APP#{self.application_id}", "SK": f"HIST#{self.at}#{int(self.n):04d}"}


class AuditEntry(Item, discriminator="AuditEntry"):
    """Who looked at or changed personal data, when, and what (never the data itself)."""
    audit_id = UnicodeAttribute()
    at = UnicodeAttribute()
    actor = UnicodeAttribute()  # staff id, or "system"
    action = UnicodeAttribute()  # view_application, decision.accept, calendar.override …
    subject = UnicodeAttribute()  # APP#<id>, CALENDAR#<date> …
    details = JSONAttribute(null=True)
    bureau = UnicodeAttribute(null=True)  # whose trail (AP-91); absent means the default bureau

    def keys(self):
        # GSI2: who did what with one subject, in its bureau (AP-127: the access log admins read).
        bureau = bureau_or_default(self.bureau)
        return {"PK": keys.audit_pk(bureau, self.at[:10]),
                "SK": f"{self.at}#{self.audit_id}",
                "GSI1PK": f"AUDIT_ACTOR#{self.actor}", "GSI1SK": self.at,
                "GSI2PK": keys.audit_subject_key(bureau, self.subject),
                "GSI2SK": f"{self.at}#{self.audit_id}"}


class AppointmentSlot(Item, discriminator="AppointmentSlot"):
    """A time staff opened for visits at an office of a bureau; booking it is a conditional update
    (AP-54, AP-89). A slot without `bureau` was opened before issue 10 and keeps its legacy key
    `SLOT#<office>#<date>` (the default bureau's), so booking or releasing it writes that item."""
    bureau = UnicodeAttribute(null=True)
    office = UnicodeAttribute()
    date = UnicodeAttribute()
    time = UnicodeAttribute()  # hh:mm, China time
    address = UnicodeAttribute(null=True)
    status = UnicodeAttribute(default="open")  # open | booked
    application_id = UnicodeAttribute(null=True)
    booked_at = UnicodeAttribute(null=True)
    created_by = UnicodeAttribute(null=True)

    def keys(self):
        if self.bureau:
            return {"PK": keys.appointment_slot_pk(self.bureau, self.office, self.date),
                    "SK": self.time}
        return {"PK": f"SLOT#{self.office}#{self.date}", "SK": self.time}


class CalendarDay(Item, discriminator="CalendarDay"):
    """A bureau's staff addition to the national working-day calendar (AP-55, AP-90). Without
    `bureau` it is a legacy edit under `CALENDAR#<year>`, the default bureau's."""
    bureau = UnicodeAttribute(null=True)
    date = UnicodeAttribute()
    kind = UnicodeAttribute()  # holiday | workday
    name = UnicodeAttribute(null=True)
    set_by = UnicodeAttribute(null=True)
    set_at = UnicodeAttribute(null=True)

    def keys(self):
        if self.bureau:
            return {"PK": keys.calendar_pk(self.bureau, self.date[:4]), "SK": self.date}
        return {"PK": f"CALENDAR#{self.date[:4]}", "SK": self.date}


class ReminderSent(Item, discriminator="ReminderSent"):
    """Proof that a reminder went out; its conditional put makes sending it idempotent (AP-56)."""
    reminder_key = UnicodeAttribute()
    sent_at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"REMINDER#{self.reminder_key}", "SK": "SENT"}


# --- items the rules build (written through the store) ------------------------------------------

def new_application(**fields):
    """An application not yet written."""
    return Application(**fields)


def application_created(app):
    """The new application, on a free key, under its lock ("application")."""
    return Put(app, with_lock(app, Application.PK.does_not_exist()), "application")


def application_at(app, read_status):
    """`app` written whole on condition that it is still in `read_status` and unchanged since it
    was read (its lock, which moves on by one: db/locking.py) ("application")."""
    return Put(app, with_lock(app, Application.status == read_status), "application")


def new_history(**fields):
    """A HistoryEntry of an application, not yet written."""
    return HistoryEntry(**fields)


def new_audit(**fields):
    """An AuditEntry, not yet written."""
    return AuditEntry(**fields)


def slot_booked(slot, application_id, at):
    """`slot` booked for the application — only while it is open and nobody's ("slot")."""
    return Update(slot, [AppointmentSlot.status.set("booked"),
                         AppointmentSlot.application_id.set(application_id),
                         AppointmentSlot.booked_at.set(at)],
                  (AppointmentSlot.status == "open") & AppointmentSlot.application_id.does_not_exist(),
                  "slot")


def slot_released(booked, application_id):
    """The slot of appointment `booked` ({bureau?, office, date, time}) open again — only while
    the application still holds it ("slot"). A booking without `bureau` is of a legacy slot."""
    slot = AppointmentSlot(bureau=booked.get("bureau"), office=booked["office"],
                           date=booked["date"], time=booked["time"])
    return Update(slot, [AppointmentSlot.status.set("open"), AppointmentSlot.application_id.remove(),
                         AppointmentSlot.booked_at.remove()],
                  AppointmentSlot.application_id == application_id, "slot")


def reminder_sent(key, at, expires_at):
    """AP-56: the proof that reminder `key` went out, put once ("reminder": a second is refused)."""
    return create(ReminderSent(reminder_key=key, sent_at=at, expires_at=expires_at), "reminder")


def new_slot(**fields):
    """An appointment slot not yet written (AP-89)."""
    return AppointmentSlot(**fields)


def calendar_day(**fields):
    """A staff addition to the working-day calendar (AP-90), to put or delete."""
    return CalendarDay(**fields)


def materials_of(items):
    """The Materials among an application's items (AP-51), in their order."""
    return [item for item in items if isinstance(item, Material)]


def history_of(items):
    """The HistoryEntries among an application's items (AP-51), in their order."""
    return [item for item in items if isinstance(item, HistoryEntry)]


# --- an application's files (AP-51, AP-51b) ---------------------------------------------------

def new_upload_grant(application_id, upload_id, material, record, cap):
    """The effects of granting one upload: the grant put on a free key ("grant") and counted on
    the application's counter, refused once it has had `cap` uploads ("count": concurrent grants
    cannot pass it)."""
    granted = UploadGrant(application_id=application_id, upload_id=upload_id, material=material,
                          **record)
    counter = UploadCount(application_id=application_id)
    return [Put(granted, UploadGrant.PK.does_not_exist(), "grant"),
            Update(counter, [UploadCount.type.set(UploadCount),
                             UploadCount.application_id.set(application_id),
                             UploadCount.count.add(1)],
                   UploadCount.count.does_not_exist() | (UploadCount.count < cap), "count")]


def attach_material(app, grant, *, size, key, at, editable):
    """(the Material, the effects attaching it): the application still in one of the `editable`
    statuses and in the supplement round read ("application"), the Material put on a free key
    ("material"), the grant confirmed once ("grant": refused unless still `granted`)."""
    material = Material(application_id=app.application_id, code=grant.material,
                        upload_id=grant.upload_id, filename=grant.filename,
                        content_type=grant.content_type, size=size, key=key, attached_at=at,
                        supplement_round=int(app.supplement_notices or 0))
    same_round = Application.supplement_notices == material.supplement_round
    if not material.supplement_round:
        same_round |= Application.supplement_notices.does_not_exist()
    return material, [
        Check(Application, f"APP#{app.application_id}", "META",
              Application.status.is_in(*editable) & same_round, "application"),
        Put(material, Material.PK.does_not_exist(), "material"),
        Update(grant, [UploadGrant.status.set("confirmed")], UploadGrant.status == "granted",
               "grant")]


def upload_refused(grant):
    """The grant's file was refused: the citizen uploads again under a new grant."""
    return Update(grant, [UploadGrant.status.set("refused")], label="grant")


def move_due(app, *, next_due_at, queue_due):
    """The sweep's bookkeeping on an application it read: when to wake for it next and the date
    its queue orders it by, with their index keys. Nobody decided anything, so the version stays as
    it was: a citizen or staff member who read the application before this write still commits
    after it. Refused (False) if anyone changed the application since it was read — that write
    set the next wake-up itself."""
    condition = unchanged(app)
    actions = changed(app, {"next_due_at": next_due_at, "queue_due": queue_due})
    try:
        app.update(actions=actions, condition=condition)
    except UpdateError as error:
        if error.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


# --- access patterns ----------------------------------------------------------------------------

def application(application_id):
    """The application's META item, or None (a consistent read: decisions follow writes)."""
    try:
        return Application.get(f"APP#{application_id}", "META", consistent_read=True)
    except Application.DoesNotExist:
        return None


def application_items(application_id):
    """AP-51: the application with its grants, materials and history, in one query."""
    return list(Item.query(f"APP#{application_id}", consistent_read=True))


def upload_grant(application_id, upload_id):
    """AP-51: one upload grant of the application, or None (consistent: confirming follows it)."""
    try:
        return UploadGrant.get(f"APP#{application_id}", f"UPLOAD#{upload_id}", consistent_read=True)
    except UploadGrant.DoesNotExist:
        return None


def material(application_id, code, upload_id):
    """AP-51: the Material an upload became, or None (consistent: it was written with the grant's
    confirmation, which the caller read)."""
    try:
        return Material.get(f"APP#{application_id}", f"MAT#{code}#{upload_id}", consistent_read=True)
    except Material.DoesNotExist:
        return None


def citizen_applications(openid, limit=100):
    """AP-50: a citizen's applications, newest first."""
    return list(Application.gsi1.query(f"CITIZEN#{openid}", Application.GSI1SK.startswith("APP#"),
                                       scan_index_forward=False, limit=limit))


def review_queue(bureau, status, limit=100, due_by=None):
    """AP-88 (was AP-52): one bureau's applications in one status, the nearest due date first.
    GSI2 `APPQ#<bureau>#<status>` / `<due>#<id>`; the default bureau also reads the legacy
    `APPQ#<status>`. `due_by` (an ISO date) keeps only those due on or before it: the deadlines at
    risk (`GSI2SK <= <due_by>#~`; ids sort below `~`)."""
    bureau = bureau_or_default(bureau)
    condition = Application.GSI2SK <= f"{due_by}#~" if due_by else None
    found = with_legacy(
        bureau, Application.gsi2.query(keys.application_queue_key(bureau, status), condition,
                                       limit=limit),
        lambda: Application.gsi2.query(f"APPQ#{status}", condition, limit=limit),
        lambda a: a.application_id)
    return sorted(found, key=lambda a: a.GSI2SK)[:limit]


def calendar_overrides(bureau, year):
    """AP-90 (was AP-55): one bureau's additions to one year's working-day calendar, by date. The
    default bureau also reads the legacy `CALENDAR#<year>`; its new item wins a date both hold."""
    bureau = bureau_or_default(bureau)
    found = with_legacy(bureau, CalendarDay.query(keys.calendar_pk(bureau, year)),
                        lambda: CalendarDay.query(f"CALENDAR#{int(year)}"), lambda d: d.date)
    return sorted(found, key=lambda d: d.date)


def slots_on(bureau, office, day):
    """AP-89: the appointment slots of one office of a bureau on one date, by time (the default
    bureau also reads the legacy `SLOT#<office>#<date>`; a time both hold is the new item's)."""
    bureau = bureau_or_default(bureau)
    found = with_legacy(bureau, AppointmentSlot.query(keys.appointment_slot_pk(bureau, office, day)),
                        lambda: AppointmentSlot.query(f"SLOT#{office}#{day}"), lambda s: s.time)
    return sorted(found, key=lambda s: s.time)


def slot(bureau, office, day, time):
    """One slot of a bureau's office (consistent: a booking follows it), or None."""
    bureau = bureau_or_default(bureau)
    pks = [keys.appointment_slot_pk(bureau, office, day)]
    if reads_legacy(bureau):
        pks.append(f"SLOT#{office}#{day}")
    for pk in pks:
        try:
            return AppointmentSlot.get(pk, time, consistent_read=True)
        except AppointmentSlot.DoesNotExist:
            continue
    return None


def audit_of_day(day, bureau=None):
    """AP-91: a bureau's audit trail of one day (`day` is YYYY-MM-DD, UTC; default: the default
    bureau's, which also reads the legacy `AUDIT#<day>`: db/scoped.py)."""
    return with_legacy(bureau, AuditEntry.query(keys.audit_pk(bureau_or_default(bureau), day)),
                       lambda: AuditEntry.query(f"AUDIT#{day}"), lambda a: a.audit_id)
