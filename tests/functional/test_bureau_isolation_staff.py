"""Isolation matrix rows for staff management (issue 11 on issue 10's base, docs/staff-roles.md):
an admin of bureau A (信丰 360722) never sees, changes or invites into bureau B (大余 360723). B's
staff ids answer the same 404, byte for byte, as ids never issued and nothing is written; the list
and the page hold no canary of B; an invite is always A's, and B's account cannot redeem it."""
import json

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db.applications import AuditEntry
from chalicelib.db.base import Item
from chalicelib.db.bureaus import Bureau
from chalicelib.db.identity import StaffInvite
from chalicelib.db.models import StaffAccount
from tests.functional.isolation_support import table_snapshot

A, B = "360722", "360723"

# Every staff route and page of staff management this module checks (the completeness test reads this).
COVERED = {
    ("GET", "/api/staff/members"),
    ("PUT", "/api/staff/members/{staff_id}/roles"),
    ("POST", "/api/staff/invites"),
    ("GET", "/h5/staff/members"),
}
CANARIES = ("dy-admin", "大余管理员甲", "dy-reviewer", "大余审查员乙")


@pytest.fixture
def two(moto_table):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    StaffAccount(staff_id="xf-admin", name="信丰管理员", bureau=A, roles=["admin"]).save()
    StaffAccount(staff_id="dy-admin", name="大余管理员甲", bureau=B, roles=["admin"]).save()
    StaffAccount(staff_id="dy-reviewer", name="大余审查员乙", bureau=B, roles=["reviewer"]).save()
    from app import app

    with Client(app) as client:
        yield client, moto_table


def _token(services, caller):
    body, _ = sign_in(caller, settings=services.settings, clock=services.clock)
    return body["token"]


def _admin(services):
    return _token(services, Caller("staff", "xf-admin", staff_id="xf-admin", bureau=A, staff_roles=("admin",)))


def _call(client, token, method, path, body=None):
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    kwargs = {"body": json.dumps(body)} if body is not None else {}
    return getattr(client.http, method.lower())(path, headers=headers, **kwargs)


def _table():
    return table_snapshot()


def test_the_members_list_and_page_hold_nothing_of_the_other_bureau(two):
    client, services = two
    token = _admin(services)
    listed = _call(client, token, "GET", "/api/staff/members")
    assert listed.status_code == 200
    assert [m["staff_id"] for m in json.loads(listed.body)["members"]] == ["xf-admin"]
    page = _call(client, token, "GET", "/h5/staff/members")
    assert page.status_code == 200
    for text in (listed.body.decode("utf-8"), page.body.decode("utf-8")):
        assert not [c for c in CANARIES if c in text]


def test_a_role_change_on_the_other_bureaus_staff_is_the_same_404_as_a_random_id_and_writes_nothing(two):
    client, services = two
    token, before = _admin(services), _table()
    theirs = _call(client, token, "PUT", "/api/staff/members/dy-reviewer/roles", {"roles": ["admin"]})
    random = _call(client, token, "PUT", "/api/staff/members/nobody-1/roles", {"roles": ["admin"]})
    assert theirs.status_code == 404 and theirs.body == random.body
    assert _table() == before


def test_an_invite_is_the_callers_bureaus_and_the_other_bureaus_account_cannot_redeem_it(two):
    client, services = two
    made = _call(client, _admin(services), "POST", "/api/staff/invites", {"name": "新人", "roles": ["admin"]})
    assert made.status_code == 201
    [invite] = [i for i in Item.scan() if isinstance(i, StaffInvite)]
    [entry] = [i for i in Item.scan() if isinstance(i, AuditEntry)]
    assert invite.bureau == A and entry.bureau == A
    # A WeChat user of 大余's account cannot turn A's code into a staff account anywhere
    citizen = _token(services, Caller("citizen", "o-dy", openid="o-dy", bureau=B, account=B))
    refused = _call(client, citizen, "POST", "/api/auth/join-staff", {"code": json.loads(made.body)["code"]})
    assert refused.status_code == 422
    assert len([i for i in Item.scan() if isinstance(i, StaffAccount)]) == 3
