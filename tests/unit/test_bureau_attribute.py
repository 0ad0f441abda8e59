"""Consultations, applications and their notices record the bureau they belong to (issue 10, build
step 3): the case's own bureau, else the context's; absent means the default bureau. No key carries
it yet, so nothing is read by it yet."""
from types import SimpleNamespace

from chalicelib import outbox
from chalicelib.applications import lifecycle, reminders
from chalicelib.clock import parse_instant
from chalicelib.consultations import notices
from chalicelib.consultations.context import Ctx
from chalicelib.consultations.intake import open_consultation
from chalicelib.db.applications import Application

NOW = parse_instant("2026-12-01T22:15:28Z")
CATEGORY = SimpleNamespace(code="labor", name="劳动争议", payout_fen=None)
LAWYER = SimpleNamespace(lawyer_id="L1", openid="oLawyer")


def ctx(bureau=""):
    return Ctx(now=NOW, public_base_url="https://zst.example", load_categories=lambda: [CATEGORY],
               staff_openids=lambda bureau=None: ["oStaff"], bureau=bureau)


def asked(bureau=None):
    return open_consultation(openid="oCitizen", question="老板拖欠三个月工资不发怎么办", category="labor",
                             source="h5", county="360722", now=NOW, new_id=lambda now: "ZX1",
                             bureau=bureau).consultation


def consultation_notices(context, c):
    return [notices.dispatched(context, c, LAWYER, c.question), notices.first_answer(context, c),
            *notices.staff_alerts(context, c)]


def test_a_consultation_records_the_bureau_it_was_asked_at():
    assert asked(bureau="360723").serialize()["bureau"] == {"S": "360723"}


def test_a_consultation_asked_without_a_bureau_has_none_written_so_it_is_the_default_bureau_s():
    assert "bureau" not in asked().serialize()


def test_every_notice_of_a_consultation_carries_the_consultation_s_bureau():
    # Given a consultation asked at 大余 and a context of the default bureau (the sweep's)
    c = asked(bureau="360723")
    # When its lawyer, citizen and staff notices are built
    built = consultation_notices(ctx("360722"), c)
    # Then each belongs to 大余, whose staff would see it parked
    assert [n.serialize()["bureau"]["S"] for n in built] == ["360723"] * 3


def test_a_consultation_without_a_bureau_gets_notices_of_the_context_s_bureau():
    built = consultation_notices(ctx("360722"), asked())
    assert {n.bureau for n in built} == {"360722"}


def test_with_no_bureau_anywhere_a_notice_has_none_written():
    built = consultation_notices(ctx(), asked())
    assert all("bureau" not in n.serialize() for n in built)


def test_application_notices_carry_the_application_s_bureau_else_the_context_s():
    # Given an application made at 大余 and one made before there were bureaus
    service = SimpleNamespace(service_type="legal_aid", name="法律援助")
    context = lifecycle.Context(NOW, calendar=[], catalog=[service], bureau="360722",
                                staff_openids=lambda bureau=None: ["oStaff"])
    dayu = Application(application_id="SQ1", service_type="legal_aid", openid="oCitizen",
                       status="submitted", created_at="2026-12-01T00:00:00Z",
                       updated_at="2026-12-01T00:00:00Z", bureau="360723")
    old = Application(application_id="SQ2", service_type="legal_aid", openid="oCitizen",
                      status="submitted", created_at="2026-12-01T00:00:00Z",
                      updated_at="2026-12-01T00:00:00Z")
    # When their citizen and staff notices are built
    # Then each carries its application's bureau, or the context's when the application has none
    assert lifecycle.citizen_note(context, dayu, "k1", "已受理").bureau == "360723"
    assert [n.bureau for n in reminders.staff_notes(context, dayu, "k2", "期限将至")] == ["360723"]
    assert lifecycle.citizen_note(context, old, "k3", "已受理").bureau == "360722"


def test_a_notification_built_without_a_bureau_writes_none():
    note = outbox.notification(idempotency_key="k", audience="lawyer", to_openid="o", now=NOW,
                               template_key="consultation_dispatched", url="https://zst.example/h5")
    assert "bureau" not in note.serialize()
