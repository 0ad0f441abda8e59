"""The two-bureau world of the isolation matrix (docs/decisions/many-bureaus.md §6).

Bureau A is 信丰 (360722, the default bureau) and B is 大余 (360723). Each has staff (one on duty),
a consultation with an answer and a 中标 award, a duty shift set by its staff, a parked notification
and an audit entry. Every id and name of B is collected in `World.canaries`: no response to A's
staff may contain one. Engineers adding rows for their own area (applications, offices, slots,
calendar, payouts, settlement, dashboards) add B's items and canaries through `World.canary`.

The `world` fixture builds on consultation_support's `api` (a small lawyer pool, the textbook plan,
deliveries held). Calls return the raw response, so bodies can be compared byte for byte.
"""
from dataclasses import dataclass, field
from datetime import timedelta

import pytest

from chalicelib import outbox
from chalicelib.auth import Caller, sign_in
from chalicelib.consultations import intake, lifecycle
from chalicelib.consultations.context import context
from chalicelib.consultations.dispatch import region_chain
from chalicelib.consultations.duty import shift_at
from chalicelib.db import consultations as db, messaging
from chalicelib.db.applications import AuditEntry
from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import Lawyer, StaffAccount
from chalicelib.clock import iso
from tests.functional import consultation_support as support

A, B = "360722", "360723"


def clerk_tokens(services):
    """A session token for one staff member of each bureau (A's xf-clerk, B's dy-clerk)."""
    tokens = {}
    for bureau, staff in ((A, "xf-clerk"), (B, "dy-clerk")):
        body, _ = sign_in(Caller("staff", staff, staff_id=staff, bureau=bureau),
                          settings=services.settings, clock=services.clock)
        tokens[bureau] = body["token"]
    return tokens


def table_snapshot(*, sessions=True):
    """Every item of the test's table, serialised and sorted (tests may scan): "nothing written"
    is this before and after a call being equal. Without `sessions`, sign-ins do not count."""
    from chalicelib.db.base import Item
    import json

    return sorted(json.dumps(i.serialize(), sort_keys=True) for i in Item.scan()
                  if sessions or i.entity != "Session")
RANDOM_ID = {"consultation": "ZX20260302-QQQQQQ", "notification": "f" * 32}
QUESTIONS = {
    A: "信丰这边公司拖欠我两个月工资，老板一直拖着不给，我想知道该怎样申请劳动仲裁，需要准备哪些材料？",
    B: "大余这边包工头拖欠我们十二个工友的工钱，工地已经停工，我们想一起讨薪，应该先找哪个部门投诉？",
}
STAFF = {  # (staff id, name, on duty, openid)
    A: [("xinfeng-staff-1", "信丰值班员", True, "o-xinfeng-staff-1")],
    B: [("dayu-staff-1", "大余值班员", True, "o-dayu-staff-1"),
        ("dayu-staff-2", "大余科员", False, "o-dayu-staff-2")],
}
# LN5 (home in Beijing, serving 大余) is on B's roster only and dispatched by nobody else
ROSTER_LAWYER = {A: "LX0", B: "LN5"}


@dataclass
class Side:
    bureau: str
    staff_id: str = ""
    consultation_id: str = ""
    citizen: str = ""
    answer_id: str = ""
    lawyer_id: str = ""
    notification_id: str = ""
    audit_id: str = ""
    day: str = ""
    shift: int = 0


@dataclass
class World:
    api: object
    sides: dict = field(default_factory=dict)
    canaries: set = field(default_factory=set)
    tokens: dict = field(default_factory=dict)

    def canary(self, *values):
        """Mark B's ids and names: A's staff must never see them."""
        self.canaries.update(str(v) for v in values if v)

    def token(self, bureau, staff_id=None):
        staff_id = staff_id or self.sides[bureau].staff_id
        if staff_id not in self.tokens:
            services = self.api.services
            body, _ = sign_in(Caller("staff", staff_id, staff_id=staff_id, bureau=bureau),
                              settings=services.settings, clock=services.clock)
            self.tokens[staff_id] = body["token"]
        return self.tokens[staff_id]

    def call(self, method, path, bureau, body=None):
        """The raw response to `bureau`'s staff (status, text)."""
        import json

        headers = {"authorization": f"Bearer {self.token(bureau)}", "content-type": "application/json"}
        kwargs = {"body": json.dumps(body)} if body is not None else {}
        response = getattr(self.api.client.http, method.lower())(path, headers=headers, **kwargs)
        return response.status_code, (response.body or b"").decode("utf-8")

    def leaked(self, text):
        """The canaries found in `text` (what A's staff must never see)."""
        return sorted(c for c in self.canaries if c in text)

    def snapshot(self):
        """Every item of the table, raw (tests may scan; the app never does)."""
        services = self.api.services
        pages = services.dynamodb().get_paginator("scan").paginate(TableName=services.table())
        return sorted((item for page in pages for item in page["Items"]),
                      key=lambda i: (i["PK"]["S"], i["SK"]["S"]))


def ask_at(api, bureau, citizen, question):
    """A consultation asked at `bureau` (as the H5 form of that bureau will), started at once."""
    ctx = context(api.services, bureau=bureau)
    c = intake.submit(openid=citizen, question=question, category="labor", county=support.COUNTY,
                      ctx=ctx, region_of=region_chain)
    lifecycle.start(c.id, ctx)
    return c.id


def _answer_and_award(api, side):
    dispatched = sorted(i.lawyer_id for i in db.consultation_items(side.consultation_id)
                        if isinstance(i, db.Dispatch))
    side.lawyer_id = dispatched[0]
    status, body = api.answer(side.consultation_id, side.lawyer_id)
    assert status == 201, body
    side.answer_id = body["id"]
    status, body = api.post(f"/api/consultations/{side.consultation_id}/award",
                            f"citizen:{side.citizen}@{side.bureau}", {"answer_id": side.answer_id})
    assert status == 200, body


def _parked(api, side):
    now = api.services.clock.now()
    note = outbox.notification(idempotency_key=f"iso:{side.bureau}:parked", audience="staff",
                               to_openid=STAFF[side.bureau][0][3], template_key="consultation_unanswered",
                               data={"consultation": side.consultation_id}, now=now,
                               url=f"/h5/staff/consultations/{side.consultation_id}", bureau=side.bureau)
    note.save()
    claimed = messaging.claim(note.notification_id, now, now + timedelta(seconds=30))
    messaging.mark_failed(claimed, now, "errcode 43004: require subscribe")
    side.notification_id = note.notification_id


def build(api):
    world = World(api)
    Bureau(code=B, name="大余县司法局", short_name="大余", level="county", regions=[B], account=B,
           status="live").save()
    # A roster holds only lawyers who serve the bureau (home county or `serves`)
    Lawyer.get("LAWYER#LN5", "PROFILE").update(actions=[Lawyer.serves.set([B])])
    now = api.services.clock.now()
    day, number, _ = shift_at(now, api.services.settings.consultation.duty_shift_hours)
    for bureau in (A, B):
        for staff_id, name, on_duty, openid in STAFF[bureau]:
            StaffAccount(staff_id=staff_id, name=name, bureau=bureau, on_duty=on_duty, openid=openid).save()
        side = world.sides[bureau] = Side(bureau, staff_id=STAFF[bureau][0][0], day=day, shift=number,
                                          citizen=f"o-citizen-{bureau}")
        side.consultation_id = ask_at(api, bureau, side.citizen, QUESTIONS[bureau])
        _answer_and_award(api, side)
        status, body = world.call("put", f"/api/staff/duty/{day}/{number}", bureau,
                                  {"lawyer_ids": [ROSTER_LAWYER[bureau]]})
        assert status == 200, body
        _parked(api, side)
        entry = AuditEntry(audit_id=f"audit-{bureau}", at=iso(now), actor=side.staff_id,
                           action="view_consultation", subject=f"CONS#{side.consultation_id}",
                           bureau=bureau)
        entry.save()
        side.audit_id = entry.audit_id
    b = world.sides[B]
    world.canary("大余", b.consultation_id, b.citizen, QUESTIONS[B][:12], b.answer_id,
                 b.notification_id, b.audit_id, ROSTER_LAWYER[B],
                 *(v for staff in STAFF[B] for v in (staff[0], staff[1], staff[3])))
    return world


@pytest.fixture
def world(api):
    return build(api)
