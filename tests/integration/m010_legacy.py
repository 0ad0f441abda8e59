"""A pre-issue-10 table, as that code wrote it: items without `bureau`, under the legacy keys.

Each item is built from today's model (for its attributes) and then given, raw, the keys the code
before issue 10 computed (git: `StaffAccount.keys` GSI1 `STAFF`; `Consultation` GSI2
`CONSDAY#<date>`; `Notification` GSI2 `OUTBOX_FAILED`; `DutyShift` `DUTY#<date>`; `AuditEntry`
`AUDIT#<date>`; `PayoutLine` `PAYOUT#<month>` / `<awarded_at>#<cons>`; `Application` GSI2
`APPQ#<status>`; `AppointmentSlot` `SLOT#<office>#<date>`; `CalendarDay` `CALENDAR#<year>`; offices
only on `ServiceType.offices`), written with put_item.
"""
from chalicelib.db.applications import Application, AppointmentSlot, AuditEntry, CalendarDay
from chalicelib.db.consultations import Consultation
from chalicelib.db.duty import DutyShift
from chalicelib.db.messaging import Notification
from chalicelib.db.models import Lawyer, Region, StaffAccount
from chalicelib.db.payouts import PayoutLine

COUNTY = "360722"
DAYS = ("2026-02-27", "2026-03-02")  # China dates; the test clock is 2026-03-02T02:00Z


def _raw(model, **legacy_keys):
    """The model's attributes, with `legacy_keys` as the old code wrote them (None: no such key)."""
    raw = model.serialize()
    for name, value in legacy_keys.items():
        raw.pop(name, None)
        if value is not None:
            raw[name] = {"S": value}
    return raw


def payout_line(month, awarded, consultation_id):
    line = PayoutLine(month=month, consultation_id=consultation_id, answer_id=f"A-{consultation_id}",
                      lawyer_id="LX0", lawyer_name="刘律师", licence_no="13607201010000001",
                      firm="信丰律所", category="labor", category_name="劳动争议", amount_fen=5000,
                      awarded_at=awarded, awarded_by="citizen")
    return _raw(line, PK=f"PAYOUT#{month}", SK=f"{awarded}#{consultation_id}")


def payout_lines(month, count):
    """`count` more lines of `month`, a minute apart from the 1st at 08:00 China time."""
    return [payout_line(month, f"{month}-01T{n // 60:02d}:{n % 60:02d}:00Z", f"ZX-BULK-{n:03d}")
            for n in range(count)]


def regions():
    """The region catalogue (unchanged by issue 10): saved through the model."""
    return [Region(code="36", name="江西省", level="province"),
            Region(code="3607", name="赣州市", level="city", parent="36", province="36"),
            Region(code=COUNTY, name="信丰县", level="county", parent="3607", city="3607", province="36")]


def legacy_items():
    lawyer = Lawyer(lawyer_id="LX0", name="刘律师", licence_no="13607201010000001", firm="信丰律所",
                    county=COUNTY, city="3607", province="36", specialties=["labor"], openid="o-lawyer-lx0",
                    version=1)
    unbound = Lawyer(lawyer_id="LX1", name="王律师", licence_no="13607201010000002", firm="信丰律所",
                     county=COUNTY, city="3607", province="36", specialties=["labor"], version=1)
    items = [_raw(lawyer), _raw(unbound)]
    for staff_id, on_duty in (("s-old-1", True), ("s-old-2", False)):
        staff = StaffAccount(staff_id=staff_id, name=f"老员工{staff_id[-1]}", on_duty=on_duty,
                             openid=f"o-{staff_id}")
        items.append(_raw(staff, GSI1PK="STAFF", GSI1SK=staff_id, GSI2PK=None, GSI2SK=None))
    for n, day in enumerate(DAYS):
        created = f"{day}T01:0{n}:00Z"
        cons = Consultation(id=f"ZX{day.replace('-', '')}-OLD00{n}", openid=f"o-citizen-{n}",
                            category="labor", question="公司拖欠工资怎么办？" * 3, source="h5",
                            county=COUNTY, status="closed", created_at=created, rev=3,
                            answer_count=1, first_answer_at=f"{day}T01:0{n + 5}:00Z",
                            first_response_seconds=300, closed_at=f"{day}T09:00:00Z")
        items.append(_raw(cons, GSI2PK=f"CONSDAY#{day}", GSI2SK=f"{created}#{cons.id}"))
        items.append(_raw(AuditEntry(audit_id=f"audit-old-{n}", at=created, actor="s-old-1",
                                     action="view_application", subject=f"APP#old-{n}"),
                          PK=f"AUDIT#{day}", SK=f"{created}#audit-old-{n}"))
    items.append(_raw(DutyShift(day=DAYS[1], shift=0, lawyer_ids=["LX0"], set_by="s-old-1",
                                updated_at="2026-03-01T08:00:00Z"), PK=f"DUTY#{DAYS[1]}", SK="SHIFT#0"))
    for n, (month, awarded) in enumerate((("2026-02", "2026-02-27T03:00:00Z"),
                                          ("2026-03", "2026-03-02T01:30:00Z"),
                                          ("2026-03", "2026-03-02T01:40:00Z"))):
        items.append(payout_line(month, awarded, f"ZX-PAY-{n}"))
    parked = Notification(notification_id="n" * 32, idempotency_key="old:parked", audience="staff",
                          to_openid="o-s-old-1", channel="template", template_key="consultation_unanswered",
                          payload={"data": {}}, status="failed", attempts=5,
                          created_at="2026-02-27T02:00:00Z", failed_at="2026-02-27T03:00:00Z",
                          last_error="errcode 43004: require subscribe")
    items.append(_raw(parked, GSI2PK="OUTBOX_FAILED", GSI2SK=f"2026-02-27T03:00:00Z#{'n' * 32}"))
    return items + application_items()


OFFICE = "xinfeng-legal-aid"  # an office of the seeds' catalogue


def application_items():
    items = []
    for number, status, slot in (("SQ20260228-OLD001", "submitted", None),
                                 ("SQ20260228-OLD002", "scheduled", ("2026-03-03", "09:00"))):
        app = Application(application_id=number, service_type="legal_aid", openid=f"o-{number}",
                          status=status, fields={"applicant_name": "旧申请人"},
                          created_at="2026-02-28T02:00:00Z", updated_at="2026-02-28T02:00:00Z",
                          submitted_at="2026-02-28T02:00:00Z", queue_due="2026-03-11", version=2,
                          appointment={"office": OFFICE, "date": slot[0], "time": slot[1]} if slot else None)
        items.append(_raw(app, GSI2PK=f"APPQ#{status}", GSI2SK=f"2026-03-11#{number}"))
    items.append(_raw(AppointmentSlot(office=OFFICE, date="2026-03-03", time="09:00", status="booked",
                                      application_id="SQ20260228-OLD002", booked_at="2026-03-01T02:00:00Z"),
                      PK=f"SLOT#{OFFICE}#2026-03-03", SK="09:00"))
    items.append(_raw(AppointmentSlot(office=OFFICE, date="2026-03-04", time="08:30"),
                      PK=f"SLOT#{OFFICE}#2026-03-04", SK="08:30"))
    items.append(_raw(CalendarDay(date="2026-03-06", kind="holiday", name="旧假日", set_by="s-old-1"),
                      PK="CALENDAR#2026", SK="2026-03-06"))
    return items


LEGACY_PARTITIONS = [f"DUTY#{d}" for d in DAYS] + [f"AUDIT#{d}" for d in DAYS] + \
    ["PAYOUT#2026-02", "PAYOUT#2026-03", f"SLOT#{OFFICE}#2026-03-03", f"SLOT#{OFFICE}#2026-03-04",
     "CALENDAR#2026"]
LEGACY_INDEX_PARTITIONS = [("GSI1", "STAFF"), ("GSI2", "OUTBOX_FAILED"), ("GSI2", "APPQ#submitted"),
                           ("GSI2", "APPQ#scheduled")] + [("GSI2", f"CONSDAY#{d}") for d in DAYS]


def seed(services):
    from seeds.datasets import service_type_items

    for item in regions() + list(service_type_items()):  # unchanged by issue 10
        item.save()
    db, table = services.dynamodb(), services.table()
    for raw in legacy_items():
        db.put_item(TableName=table, Item=raw)
