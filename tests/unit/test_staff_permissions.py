"""The staff permissions table (chalicelib/auth/permissions.py) and its check at the edge, without
I/O: who each role lets through, the transition rule for accounts without roles, fail-closed for a
route the table does not name, and a staff-roles claim that cannot be edited in a token."""
import re
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.auth import Caller, RoleForbidden, check_staff_role, permissions, sessions
from chalicelib.errors import Unauthorized

KEY = b"k" * 32
NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def test_an_account_without_roles_is_an_admin_during_the_transition_but_unknown_names_grant_nothing():
    assert permissions.effective(None) == {"admin"} and permissions.effective([]) == {"admin"}
    assert permissions.effective(["root"]) == frozenset()
    assert permissions.effective(["finance", "root"]) == {"finance"}


def test_each_role_opens_its_own_work_and_admin_opens_everything():
    assert permissions.permits("POST", "/api/staff/applications/{application_id}/decision", ["reviewer"])
    assert not permissions.permits("POST", "/api/staff/applications/{application_id}/decision", ["finance"])
    assert permissions.permits("PUT", "/api/staff/duty/{day}/{shift}", ["duty_manager"])
    assert not permissions.permits("PUT", "/api/staff/duty/{day}/{shift}", ["reviewer"])
    assert permissions.permits("POST", "/api/staff/settlements/{month}/approve", ["finance"])
    assert not permissions.permits("POST", "/api/staff/settlements/{month}/approve", ["duty_manager"])
    assert permissions.permits("get", "/api/staff/members", ["admin"])
    assert not permissions.permits("GET", "/api/staff/members", ["reviewer", "duty_manager", "finance"])


def test_a_route_the_table_does_not_name_is_for_admins_alone():
    assert permissions.allowed_roles("POST", "/api/staff/something-new") == {"admin"}
    assert not permissions.permits("POST", "/api/staff/something-new", ["reviewer", "finance"])


def test_the_edge_refuses_a_staff_caller_without_the_role_and_leaves_others_alone():
    finance = Caller("staff", "f1", staff_id="f1", staff_roles=("finance",))
    with pytest.raises(RoleForbidden) as refused:
        check_staff_role(finance, "staff", ("GET", "/api/staff/duty"))
    assert refused.value.status == 403 and "值班管理员" in refused.value.message
    check_staff_role(finance, "staff", ("GET", "/api/staff/payouts"))
    # A citizen on a route open to citizens and staff is not a staff caller: no staff role needed
    check_staff_role(Caller("citizen", "o1", openid="o1"), ("citizen", "staff"),
                     ("GET", "/api/applications/{application_id}"))
    # "any" routes (who am I, sign-out) are open to every staff member
    check_staff_role(finance, "any", ("GET", "/api/auth/me"))


def test_the_staff_roles_claim_is_signed_and_must_be_a_list():
    claims = {"sid": "s1", "r": "staff", "sub": "f1", "exp": int((NOW + timedelta(hours=1)).timestamp()),
              "sr": ["finance"]}
    token = sessions.sign(claims, KEY)
    assert sessions.read(token, KEY, NOW)["sr"] == ["finance"]
    # A token whose roles were edited to admin no longer carries a valid signature
    forged = sessions.sign({**claims, "sr": ["admin"]}, b"x" * 32).split(".")[0] + "." + token.split(".")[1]
    with pytest.raises(Unauthorized):
        sessions.read(forged, KEY, NOW)
    with pytest.raises(Unauthorized):
        sessions.read(sessions.sign({**claims, "sr": "admin"}, KEY), KEY, NOW)


def test_the_matrix_in_docs_says_what_the_table_enforces():
    # Given the matrix as docs/staff-roles.md prints it
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "staff-roles.md").read_text(encoding="utf-8")
    rows = {}
    for line in text.splitlines():
        found = re.match(r"\| `(\w+) (\S+)` \|(.*)\|$", line)
        if found:
            marks = [cell.strip() for cell in found.group(3).split("|")]
            rows[(found.group(1), found.group(2))] = {r for r, mark in zip(permissions.STAFF_ROLES, marks) if mark == "✓"}
    # Then it has one row per route of the table, each with the roles the table allows
    assert rows == {route: set(permissions.allowed_roles(*route)) for route in permissions.TABLE}
