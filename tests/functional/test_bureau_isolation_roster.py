"""Isolation rows for the lawyer roster (issue 11 on issue 10's matrix, docs/decisions/many-bureaus.md
§6): staff of 信丰 (A) neither import, change nor pause a lawyer of 大余 (B) only; a status change of
B's lawyer (its lifecycle status or its annual assessment's due date) is the same 404, byte for byte,
as an id nobody holds, and writes nothing; the page holds nothing of B."""
import json

import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from tests.roster_files import csv_bytes, seed_reference
from tests.functional.isolation_support import clerk_tokens, table_snapshot

A, B = "360722", "360723"
B_LAWYER = ("赵大余", "13607201611000999", "大余正义律师事务所", "大余县", "labor", "13900009999")

COVERED = {
    ("POST", "/api/staff/lawyers/import"),
    ("PUT", "/api/staff/lawyers/{lawyer_id}/status"),
    ("GET", "/h5/staff/lawyers/import"),
    ("PUT", "/api/staff/lawyers/{lawyer_id}/assessment"),
}


@pytest.fixture
def two(moto_table):
    seed_reference()
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)
        # B's clerk imported B's lawyer
        response = client.http.post("/api/staff/lawyers/import", body=csv_bytes([B_LAWYER]), headers={
            "authorization": f"Bearer {tokens[B]}", "content-type": "application/octet-stream"})
        assert json.loads(response.body)["created"] == 1
        yield client, tokens


def _table():
    return table_snapshot(sessions=False)


def test_a_status_change_of_the_other_bureaus_lawyer_is_a_missing_lawyer_and_writes_nothing(two):
    client, tokens = two
    before = _table()
    headers = {"authorization": f"Bearer {tokens[A]}", "content-type": "application/json"}
    body = json.dumps({"status": "suspended", "reason": "越权停单"})
    theirs = client.http.put(f"/api/staff/lawyers/L{B_LAWYER[1]}/status", body=body, headers=headers)
    nobody = client.http.put("/api/staff/lawyers/L13607201611000000/status", body=body, headers=headers)
    assert theirs.status_code == 404 and theirs.body == nobody.body
    assert _table() == before


def test_an_import_of_the_other_bureaus_lawyer_changes_nothing_and_shows_nothing_of_them(two):
    client, tokens = two
    before = _table()
    grab = ("赵大余", B_LAWYER[1], "信丰律师事务所", "信丰、大余", "labor", "")
    for dry_run in ("?dry_run=1", ""):
        response = client.http.post("/api/staff/lawyers/import" + dry_run, body=csv_bytes([grab]), headers={
            "authorization": f"Bearer {tokens[A]}", "content-type": "application/octet-stream"})
        text = response.body.decode()
        assert response.status_code == 200 and json.loads(text)["errors"]
        # What A sent comes back; nothing B stored (firm, mobile) does
        assert B_LAWYER[2] not in text and B_LAWYER[5] not in text
    assert _table() == before


def test_the_import_page_holds_nothing_of_the_other_bureau(two):
    client, tokens = two
    page = client.http.get("/h5/staff/lawyers/import", headers={"authorization": f"Bearer {tokens[A]}"})
    text = page.body.decode()
    assert page.status_code == 200 and "大余" not in text and B_LAWYER[0] not in text


def test_setting_the_assessment_of_the_other_bureaus_lawyer_is_a_missing_lawyer(two):
    client, tokens = two
    before = _table()
    body = json.dumps({"due": "2026-12-31"})
    theirs = client.http.put(f"/api/staff/lawyers/L{B_LAWYER[1]}/assessment", body=body,
                             headers={"authorization": f"Bearer {tokens[A]}", "content-type": "application/json"})
    nobody = client.http.put("/api/staff/lawyers/L13607201611000000/assessment", body=body,
                             headers={"authorization": f"Bearer {tokens[A]}", "content-type": "application/json"})
    assert theirs.status_code == 404 and theirs.body == nobody.body
    assert _table() == before
    # And B's own clerk may
    own = client.http.put(f"/api/staff/lawyers/L{B_LAWYER[1]}/assessment", body=body,
                          headers={"authorization": f"Bearer {tokens[B]}", "content-type": "application/json"})
    assert own.status_code == 200 and json.loads(own.body)["assessment_due"] == "2026-12-31"
