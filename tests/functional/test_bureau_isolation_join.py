"""Isolation rows for lawyers' self-registrations (issue 11 on issue 10's matrix): staff of 信丰 (A)
never see a request naming only 大余 (B)'s county, and approving or refusing it is the same 404,
byte for byte, as an id nobody holds, writing nothing."""
import json

import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from chalicelib.db.joins import JoinLatest, JoinListing, JoinRequest
from tests.roster_files import csv_bytes, seed_reference
from tests.functional.isolation_support import clerk_tokens, table_snapshot

A, B = "360722", "360723"
B_LAWYER = ("赵大余", "13607201611000999", "大余正义律师事务所", "大余县", "labor", "13900009999")
B_REQUEST = "b0b0b0b0b0b0b0b0"
NOBODY = "0123456789abcdef"

COVERED = {
    ("GET", "/api/staff/lawyers/join-requests"),
    ("POST", "/api/staff/lawyers/join-requests/{request_id}/approve"),
    ("POST", "/api/staff/lawyers/join-requests/{request_id}/refuse"),
}


@pytest.fixture
def two(moto_table):
    seed_reference()
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    # A lawyer registered naming only 大余 (B's county)
    at = "2026-03-02T01:00:00Z"
    JoinRequest(request_id=B_REQUEST, openid="o-dayu", account="lawyers", name="钱大余",
                licence_no="13607231510000001", firm="大余律师事务所", county=B, specialties=["labor"],
                photo_key=f"lawyer-join/{B_REQUEST}/licence.jpg", consented_at=at, created_at=at).save()
    JoinLatest(openid="o-dayu", request_id=B_REQUEST, status="pending").save()
    JoinListing(request_id=B_REQUEST, county=B, created_at=at).save()
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)
        response = client.http.post("/api/staff/lawyers/import", body=csv_bytes([B_LAWYER]), headers={
            "authorization": f"Bearer {tokens[B]}", "content-type": "application/octet-stream"})
        assert json.loads(response.body)["created"] == 1
        yield client, tokens


def _table():
    return table_snapshot(sessions=False)


def _headers(token):
    return {"authorization": f"Bearer {token}", "content-type": "application/json"}


def test_the_other_bureaus_request_is_not_listed(two):
    client, tokens = two
    mine = client.http.get("/api/staff/lawyers/join-requests", headers=_headers(tokens[A]))
    theirs = client.http.get("/api/staff/lawyers/join-requests", headers=_headers(tokens[B]))
    assert mine.status_code == 200 and json.loads(mine.body) == []
    assert [r["request_id"] for r in json.loads(theirs.body)] == [B_REQUEST]


@pytest.mark.parametrize("action, body", [("approve", {}), ("refuse", {"reason": "越权退回"})])
def test_deciding_the_other_bureaus_request_is_a_missing_request_and_writes_nothing(two, action, body):
    client, tokens = two
    before = _table()
    url = "/api/staff/lawyers/join-requests/{}/" + action
    theirs = client.http.post(url.format(B_REQUEST), body=json.dumps(body), headers=_headers(tokens[A]))
    nobody = client.http.post(url.format(NOBODY), body=json.dumps(body), headers=_headers(tokens[A]))
    assert theirs.status_code == 404 and theirs.body == nobody.body
    assert _table() == before
