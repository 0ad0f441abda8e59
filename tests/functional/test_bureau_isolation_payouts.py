"""Isolation matrix rows for payouts and settlement (issue 10, docs/decisions/many-bureaus.md §6):
staff of bureau A (信丰 360722) never see or touch bureau B's (大余 360723) ledger, settlement or
corrections. By-id writes with B's ids answer the same 404, byte for byte, as ids never issued, and
write nothing; lists and exports hold no canary of B."""
import json

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import StaffAccount
from chalicelib.db.payouts import PayoutLine
from chalicelib.db.settlements import PayoutCorrection, Settlement
from tests.functional.isolation_support import table_snapshot

A, B = "360722", "360723"
SETTLED, OPEN = "2026-02", "2026-03"  # the fixed clock is 2 March 2026

# Every staff route and page of payouts this module checks (the completeness test reads this).
COVERED = {
    ("GET", "/api/staff/payouts"),
    ("GET", "/api/staff/payouts.csv"),
    ("GET", "/api/staff/settlements"),
    ("POST", "/api/staff/settlements/{month}/prepare"),
    ("POST", "/api/staff/settlements/{month}/approve"),
    ("POST", "/api/staff/settlements/corrections"),
    ("GET", "/h5/staff/settlement"),
}


def _line(bureau, month, cid, lawyer, name, at):
    return PayoutLine(bureau=bureau, month=month, consultation_id=cid, answer_id=f"ans{cid}",
                      lawyer_id=lawyer, lawyer_name=name, licence_no=f"lic{cid}", firm=f"{name}所",
                      category="labor", category_name="劳动争议", amount_fen=4000, awarded_at=at,
                      awarded_by="citizen")


@pytest.fixture
def two(moto_table):
    """A and B, each with staff, a settled February (prepared, not yet approved), a line in March
    and a correction; every id and name of B is a canary."""
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    for bureau, tag in ((A, "xf"), (B, "dy")):
        StaffAccount(staff_id=f"{tag}-maker", name=f"{tag}制单", bureau=bureau).save()
        _line(bureau, SETTLED, f"ZX{tag.upper()}FEB", f"L{tag}", f"{tag}律师甲", "2026-02-10T03:00:00Z").save()
        _line(bureau, OPEN, f"ZX{tag.upper()}MAR", f"L{tag}", f"{tag}律师甲", "2026-03-01T03:00:00Z").save()
        Settlement(bureau=bureau, month=SETTLED, prepared_by=f"{tag}-maker", prepared_at="2026-03-01T01:00:00Z",
                   line_count=1, total_fen=4000, digest=("a" if bureau == A else "b") * 64).save()
        PayoutCorrection(bureau=bureau, month=OPEN, correction_id=f"corr{tag}", at="2026-03-01T05:00:00Z",
                         refers_month=SETTLED, refers_consultation_id=f"ZX{tag.upper()}FEB",
                         lawyer_id=f"L{tag}", lawyer_name=f"{tag}律师甲", amount_fen=-500,
                         reason=f"{tag}更正理由", by=f"{tag}-maker").save()
    canaries = {"ZXDYFEB", "ZXDYMAR", "Ldy", "dy律师甲", "licZXDYMAR", "dy-maker", "corrdy", "dy更正理由", "b" * 64}
    from app import app

    with Client(app) as client:
        yield client, moto_table, canaries


def _token(services, bureau, staff_id):
    body, _ = sign_in(Caller("staff", staff_id, staff_id=staff_id, bureau=bureau),
                      settings=services.settings, clock=services.clock)
    return body["token"]


def _call(client, token, method, path, body=None):
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    kwargs = {"body": json.dumps(body)} if body is not None else {}
    return getattr(client.http, method.lower())(path, headers=headers, **kwargs)


def _table():
    return table_snapshot()


@pytest.mark.parametrize("path", [f"/api/staff/payouts?month={SETTLED}", f"/api/staff/payouts?month={OPEN}",
                                  f"/api/staff/payouts.csv?month={SETTLED}", f"/api/staff/payouts.csv?month={OPEN}",
                                  "/api/staff/payouts", "/api/staff/settlements", "/h5/staff/settlement"])
def test_lists_and_exports_hold_nothing_of_the_other_bureau(two, path):
    client, services, canaries = two
    mine = _call(client, _token(services, A, "xf-maker"), "GET", path)
    theirs = _call(client, _token(services, B, "dy-maker"), "GET", path)
    text = mine.body.decode("utf-8")
    assert mine.status_code == 200 and not [c for c in canaries if c in text]
    assert theirs.status_code == 200
    if "/api/staff/payouts" in path and "month" in path:  # B's staff get their own month
        assert "dy律师甲" in theirs.body.decode("utf-8") and "xf律师甲" not in theirs.body.decode("utf-8")


def test_a_correction_of_the_other_bureaus_line_is_a_missing_line_and_writes_nothing(two):
    client, services, canaries = two
    token, before = _token(services, A, "xf-maker"), _table()
    body = {"month": SETTLED, "amount_fen": -100, "reason": "越权更正"}
    theirs = _call(client, token, "POST", "/api/staff/settlements/corrections", {**body, "consultation_id": "ZXDYFEB"})
    random = _call(client, token, "POST", "/api/staff/settlements/corrections", {**body, "consultation_id": "ZX9F3K2Q"})
    assert theirs.status_code == 404 and theirs.body == random.body
    assert _table() == before


def test_approving_a_month_only_the_other_bureau_prepared_is_a_missing_settlement(two):
    client, services, _ = two
    token = _token(services, A, "xf-checker")
    # B prepared January too; A never did, and nobody prepared December
    Settlement(bureau=B, month="2026-01", prepared_by="dy-maker", prepared_at="2026-02-01T01:00:00Z",
               line_count=0, total_fen=0, digest="d" * 64).save()
    before = _table()
    theirs = _call(client, token, "POST", "/api/staff/settlements/2026-01/approve", {"digest": "d" * 64})
    nobody = _call(client, token, "POST", "/api/staff/settlements/2025-12/approve", {"digest": "d" * 64})
    assert theirs.status_code == 404 and theirs.body == nobody.body
    assert _table() == before


def test_preparing_a_month_writes_only_the_callers_bureau(two):
    client, services, canaries = two
    # B prepared January; A's staff now prepare A's January
    Settlement(bureau=B, month="2026-01", prepared_by="dy-maker", prepared_at="2026-02-01T01:00:00Z",
               line_count=0, total_fen=0, digest="d" * 64).save()
    theirs = Settlement.get(f"PAYOUT#{B}#2026-01", "SETTLEMENT").serialize()
    response = _call(client, _token(services, A, "xf-maker"), "POST", "/api/staff/settlements/2026-01/prepare", {})
    assert response.status_code == 201 and not [c for c in canaries if c in response.body.decode("utf-8")]
    assert Settlement.get(f"PAYOUT#{A}#2026-01", "SETTLEMENT").prepared_by == "xf-maker"
    assert Settlement.get(f"PAYOUT#{B}#2026-01", "SETTLEMENT").serialize() == theirs


# Every staff export (a file for download): each is checked below in both directions.
EXPORTS = ["/api/staff/payouts.csv"]
A_CANARIES = {"ZXXFFEB", "ZXXFMAR", "xf律师甲", "licZXXFMAR", "xf更正理由"}


def test_the_exports_listed_are_every_staff_export_the_app_declares():
    from app import app

    declared = {path for path, methods in app.routes.items()
                if path.startswith("/api/staff") and (path.endswith(".csv") or "export" in path)}
    assert declared == set(EXPORTS)


@pytest.mark.parametrize("export", EXPORTS)
@pytest.mark.parametrize("month", [SETTLED, OPEN])
def test_an_export_of_one_bureaus_data_holds_nothing_of_anothers(two, export, month):
    client, services, b_canaries = two
    # Given a line of the default bureau from before bureaus (no bureau attribute, legacy key)
    PayoutLine(month=month, consultation_id="ZXLEGACY1", answer_id="ansL", lawyer_id="Lold",
               lawyer_name="旧账律师", category="labor", amount_fen=3000,
               awarded_at=f"{month}-01T04:00:00Z", awarded_by="citizen").save()
    for mine, theirs, own, others in ((A, B, {"xf律师甲", "旧账律师"}, b_canaries),
                                      (B, A, {"dy律师甲"}, A_CANARIES | {"旧账律师", "ZXLEGACY1"})):
        # When each bureau's staff download the month
        response = _call(client, _token(services, mine, f"{mine}-clerk"), "GET", f"{export}?month={month}")
        text = response.body.decode("utf-8")
        # Then the file holds its own lines and not one canary of the other bureau
        assert response.status_code == 200 and "attachment" in response.headers["Content-Disposition"]
        assert {c for c in own if c in text} == own, (mine, month)
        assert not [c for c in others if c in text], (mine, month)
