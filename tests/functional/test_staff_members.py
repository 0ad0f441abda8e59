"""Staff management (issue 11, docs/staff-roles.md): the operator's first admin, one-time invites,
the members list and role changes — audited, never leaving a bureau without an admin, taking effect
at once — and hostile input on each route."""
import io
import json

import pytest
from chalice.test import Client

from chalicelib.admin import staff as staff_cli
from chalicelib.auth import Caller, sign_in
from chalicelib.db.applications import AuditEntry
from chalicelib.db.base import Item
from chalicelib.db.bureaus import Bureau
from chalicelib.db.identity import StaffInvite
from chalicelib.db.models import StaffAccount
from chalicelib.errors import Conflict
from chalicelib.staffing import invites, members

A, B = "360722", "360723"


@pytest.fixture
def site(moto_table):
    from app import app

    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    with Client(app) as client:
        yield client, moto_table


def _token(services, staff_id, bureau=A, roles=("admin",)):
    body, _ = sign_in(Caller("staff", staff_id, staff_id=staff_id, bureau=bureau, staff_roles=tuple(roles)),
                      settings=services.settings, clock=services.clock)
    return body["token"]


def _citizen(services, openid, account=A):
    body, _ = sign_in(Caller("citizen", openid, openid=openid, bureau=A if account == A else account,
                             account=account), settings=services.settings, clock=services.clock)
    return body["token"]


def _call(client, token, method, path, body=None):
    headers = {"authorization": f"Bearer {token}", "content-type": "application/json"}
    kwargs = {"body": json.dumps(body)} if body is not None else {}
    response = getattr(client.http, method.lower())(path, headers=headers, **kwargs)
    return response.status_code, json.loads(response.body) if response.body else None


def _staff(staff_id, bureau=A, roles=None, openid=None):
    StaffAccount(staff_id=staff_id, name=f"科员{staff_id}", bureau=bureau, roles=roles, openid=openid).save()


def _trail(action):
    return [e for e in Item.scan() if isinstance(e, AuditEntry) and e.action == action]  # tests may scan


# --- the operator's first admin ---------------------------------------------------------------

def test_first_admin_prints_a_one_time_code_that_makes_the_redeemer_admin(site):
    client, services = site
    # Given a bureau with no staff yet
    out = io.StringIO()
    # When the operator runs the command
    code = staff_cli.first_admin(B, "陈局", settings=services.settings, now=services.clock.now(), out=out)
    # Then it prints the code and where to redeem it; only the code's hash is stored
    printed = out.getvalue()
    assert code in printed and "/h5/join-staff?bureau=360723" in printed
    stored = [i for i in Item.scan() if isinstance(i, StaffInvite)]
    assert len(stored) == 1 and code not in json.dumps(stored[0].serialize())
    # And a WeChat user of 大余's account who redeems it is 大余's admin, signed in as staff
    status, body = _call(client, _citizen(services, "o-chen", B), "POST", "/api/auth/join-staff", {"code": code})
    assert status == 200 and body["role"] == "staff" and body["bureau"] == B and body["staff_roles"] == ["admin"]
    assert _call(client, body["token"], "GET", "/api/staff/members")[0] == 200
    # And a second command for that bureau is refused: it has an admin now
    with pytest.raises(Conflict):
        staff_cli.first_admin(B, "另一人", settings=services.settings, now=services.clock.now(), out=io.StringIO())


def test_first_admin_is_refused_where_staff_from_before_roles_are_admins_already(site):
    _, services = site
    _staff("old", bureau=B)  # no roles: an admin during the transition
    assert staff_cli.main(["first-admin", "--bureau", B, "--name", "陈局"], out=io.StringIO()) == 1
    assert staff_cli.main(["first-admin", "--bureau", "999999", "--name", "陈局"], out=io.StringIO()) == 1
    assert not [i for i in Item.scan() if isinstance(i, StaffInvite)]


# --- invites ------------------------------------------------------------------------------------

def test_an_admin_invites_a_reviewer_who_joins_once_with_those_roles_and_it_is_audited(site):
    client, services = site
    admin = _token(services, "adm")
    # When the admin invites 王审查 as a reviewer
    status, invited = _call(client, admin, "POST", "/api/staff/invites", {"name": "王审查", "roles": ["reviewer"]})
    assert status == 201 and invited["roles"] == ["reviewer"] and invited["join_url"].endswith("/h5/join-staff?bureau=360722")
    # Then the invite is in A's audit trail (who, when, for whom, which roles)
    [entry] = _trail("staff.invite")
    assert (entry.actor, entry.bureau, entry.details["roles"]) == ("adm", A, ["reviewer"])
    # When the person redeems it from A's account
    status, joined = _call(client, _citizen(services, "o-wang"), "POST", "/api/auth/join-staff",
                           {"code": invited["code"].lower()})
    # Then they are A's staff with exactly those roles, bound to their openid
    assert status == 200 and joined["staff_roles"] == ["reviewer"]
    account = StaffAccount.get(f"STAFF#{joined['staff_id']}", "PROFILE")
    assert (account.bureau, account.roles, account.openid, account.name) == (A, ["reviewer"], "o-wang", "王审查")
    # And the code works once: a second redemption (by anyone) is refused, nothing more is created
    status, body = _call(client, _citizen(services, "o-other"), "POST", "/api/auth/join-staff", {"code": invited["code"]})
    assert status == 422 and body["error"]["code"] == "staff_invite_invalid"
    assert len([s for s in Item.scan() if isinstance(s, StaffAccount)]) == 1
    # And as a reviewer they may review but not invite
    assert _call(client, joined["token"], "GET", "/api/staff/applications")[0] == 200
    assert _call(client, joined["token"], "POST", "/api/staff/invites", {"name": "某", "roles": ["admin"]})[0] == 403


def test_an_invite_is_refused_when_expired_on_another_bureaus_account_or_for_someone_already_staff(site):
    client, services = site
    now = services.clock.now()
    expired, _ = invites.issue(A, "过期", ["finance"], issued_by="adm", now=now - invites.INVITE_TTL * 2)
    fresh, _ = invites.issue(A, "新人", ["finance"], issued_by="adm", now=now)
    # An expired code: the same answer as an unknown one
    assert _call(client, _citizen(services, "o-1"), "POST", "/api/auth/join-staff", {"code": expired})[1]["error"]["code"] == "staff_invite_invalid"
    assert _call(client, _citizen(services, "o-1"), "POST", "/api/auth/join-staff", {"code": "ABCDEFGHJK"})[1]["error"]["code"] == "staff_invite_invalid"
    # A's code redeemed from 大余's account: refused, and the code stays usable
    status, body = _call(client, _citizen(services, "o-dy", B), "POST", "/api/auth/join-staff", {"code": fresh})
    assert (status, body["error"]["code"]) == (422, "staff_invite_wrong_account")
    # Someone who is staff already: refused
    _staff("s9", openid="o-staff")
    status, body = _call(client, _citizen(services, "o-staff"), "POST", "/api/auth/join-staff", {"code": fresh})
    assert (status, body["error"]["code"]) == (409, "openid_already_staff")
    # Hostile bodies: a 400 at the edge, and the code is still there for its person
    for body in ({}, {"code": 12345}, {"code": fresh, "roles": ["admin"]}, {"code": "IIIIIOOOOO"},
                 {"code": fresh + "A" * 30}, {"code": "<script>alert(1)</script>"}):
        assert _call(client, _citizen(services, "o-new"), "POST", "/api/auth/join-staff", body)[0] == 400, body
    assert _call(client, _citizen(services, "o-new"), "POST", "/api/auth/join-staff", {"code": fresh})[0] == 200


BAD_INVITES = [{}, {"name": "", "roles": ["reviewer"]}, {"name": "某", "roles": []},
               {"name": "某", "roles": ["root"]}, {"name": "某", "roles": "admin"},
               {"name": "<script>", "roles": ["reviewer"]}, {"name": "某" * 21, "roles": ["reviewer"]},
               {"name": "某", "roles": ["reviewer"], "bureau": B}, {"name": " 某", "roles": ["reviewer"]}]


def test_a_bad_invite_is_a_400_and_writes_nothing(site):
    client, services = site
    admin = _token(services, "adm")
    for body in BAD_INVITES:  # one table for all: each call must leave it as it was
        status, answer = _call(client, admin, "POST", "/api/staff/invites", body)
        assert status == 400 and answer["error"]["code"], body
    assert not [i for i in Item.scan() if isinstance(i, (StaffInvite, AuditEntry))]


# --- members and roles --------------------------------------------------------------------------

def test_an_admin_changes_roles_audited_with_before_and_after_and_the_old_session_ends(site):
    client, services = site
    _staff("adm", roles=["admin"])
    _staff("li", roles=["reviewer"])
    admin, li = _token(services, "adm"), _token(services, "li", roles=["reviewer"])
    # When the admin makes 李 a reviewer and finance
    status, member = _call(client, admin, "PUT", "/api/staff/members/li/roles", {"roles": ["finance", "reviewer", "finance"]})
    # Then the account holds them, and the bureau's trail says who, when, before and after
    assert status == 200 and member["roles"] == ["finance", "reviewer"]
    assert StaffAccount.get("STAFF#li", "PROFILE").roles == ["finance", "reviewer"]
    [entry] = _trail("staff.roles")
    assert (entry.actor, entry.subject, entry.bureau, entry.at) == ("adm", "STAFF#li", A, "2026-03-02T02:00:00Z")
    assert (entry.details["before"], entry.details["after"]) == (["reviewer"], ["finance", "reviewer"])
    # And 李's session from before the change is over: the new roles hold from the next sign-in
    assert _call(client, li, "GET", "/api/staff/applications")[0] == 401
    # And the list shows every member with roles, never an openid
    status, listed = _call(client, admin, "GET", "/api/staff/members")
    assert [m["staff_id"] for m in listed["members"]] == ["adm", "li"] and "openid" not in json.dumps(listed)
    # And the same roles again change nothing and add nothing to the trail
    assert _call(client, admin, "PUT", "/api/staff/members/li/roles", {"roles": ["reviewer", "finance"]})[0] == 200
    assert len(_trail("staff.roles")) == 1


def test_the_last_admin_cannot_lose_admin_but_one_of_two_can(site):
    client, services = site
    _staff("adm", roles=["admin"])
    admin = _token(services, "adm")
    # The only admin taking admin from themselves: refused, nothing written
    status, body = _call(client, admin, "PUT", "/api/staff/members/adm/roles", {"roles": ["reviewer"]})
    assert (status, body["error"]["code"]) == (409, "last_admin")
    assert StaffAccount.get("STAFF#adm", "PROFILE").roles == ["admin"] and not _trail("staff.roles")
    # With a second admin (an account from before roles counts as one), it is allowed
    _staff("old")
    assert _call(client, admin, "PUT", "/api/staff/members/adm/roles", {"roles": ["reviewer"]})[0] == 200


def test_two_admins_demoting_each_other_at_once_leave_one_admin(site, monkeypatch):
    _, services = site
    _staff("a1", roles=["admin"])
    _staff("a2", roles=["admin"])
    # Given a2 read a1 as the other admin, and a1 was demoted meanwhile by the other request
    stale = StaffAccount.get("STAFF#a1", "PROFILE")
    monkeypatch.setattr(members, "other_admin", lambda bureau, staff_id: stale)
    StaffAccount(staff_id="a1", name="科员a1", bureau=A, roles=["reviewer"]).save()
    # When a2's own demotion commits, its check of a1 fails: refused, a2 stays admin
    with pytest.raises(Conflict):
        members.change_roles(Caller("staff", "a1", staff_id="a1", bureau=A), "a2", ["finance"],
                             now=services.clock.now())
    assert StaffAccount.get("STAFF#a2", "PROFILE").roles == ["admin"]


BAD_ROLE_CHANGES = [
    ("/api/staff/members/li/roles", {"roles": []}),
    ("/api/staff/members/li/roles", {"roles": ["superuser"]}),
    ("/api/staff/members/li/roles", {"roles": ["admin"], "staff_id": "adm"}),
    ("/api/staff/members/li/roles", {}),
    ("/api/staff/members/li/roles", {"roles": "admin"}),
    ("/api/staff/members/li%2F..%2Fadm/roles", {"roles": ["admin"]}),
    ("/api/staff/members/" + "x" * 65 + "/roles", {"roles": ["admin"]}),
]


def test_a_bad_role_change_is_a_4xx_and_writes_nothing(site):
    client, services = site
    _staff("adm", roles=["admin"])
    _staff("li", roles=["reviewer"])
    admin = _token(services, "adm")
    for path, body in BAD_ROLE_CHANGES:
        status, answer = _call(client, admin, "PUT", path, body)
        assert status in (400, 404) and answer["error"]["code"], (path, body)
    assert StaffAccount.get("STAFF#li", "PROFILE").roles == ["reviewer"] and not _trail("staff.roles")


def test_a_non_admin_sees_a_readable_no_permission_page_not_a_blank(site):
    client, services = site
    response = client.http.get("/h5/staff/members", headers={"authorization": f"Bearer {_token(services, 'f', roles=['finance'])}"})
    page = response.body.decode("utf-8")
    assert response.status_code == 403 and "无权限" in page and "管理员" in page and "/h5/staff" in page
    # And the staff home shows a finance member their links, not the review queue
    home = client.http.get("/h5/staff", headers={"authorization": f"Bearer {_token(services, 'f', roles=['finance'])}"})
    text = home.body.decode("utf-8")
    assert home.status_code == 200 and "月度结算" in text and "工作人员与岗位" not in text
    assert "staff-queue" not in text and "岗位：财务" in text


def test_dev_login_signs_staff_in_as_admin_unless_roles_are_chosen(site):
    client, _ = site
    default = json.loads(client.http.post("/dev/login", body=json.dumps({"role": "staff", "id": "dev-1"}),
                                          headers={"content-type": "application/json"}).body)
    assert default["staff_roles"] == ["admin"]
    chosen = json.loads(client.http.post("/dev/login", body=json.dumps({"role": "staff", "id": "dev-1", "staff_roles": ["finance"]}),
                                         headers={"content-type": "application/json"}).body)
    assert chosen["staff_roles"] == ["finance"]
    assert _call(client, chosen["token"], "GET", "/api/staff/duty")[0] == 403
    refused = client.http.post("/dev/login", body=json.dumps({"role": "citizen", "id": "o-1", "staff_roles": ["admin"]}),
                               headers={"content-type": "application/json"})
    assert refused.status_code == 400


def test_a_staff_session_from_before_roles_acts_as_admin_and_the_join_page_opens_for_a_citizen(site):
    client, services = site
    # Given a staff session signed before sessions carried roles (no `sr` claim)
    body, _ = sign_in(Caller("staff", "old-1", staff_id="old-1", bureau=A),
                      settings=services.settings, clock=services.clock)
    assert "sr" not in json.dumps(body) and "staff_roles" not in body
    # Then it has every right during the transition, staff management included
    assert _call(client, body["token"], "GET", "/api/staff/members")[0] == 200
    # And the page where an invited person enters their code opens for a citizen of the bureau
    page = client.http.get("/h5/join-staff", headers={"authorization": f"Bearer {_citizen(services, 'o-j')}"})
    assert page.status_code == 200 and "邀请码" in page.body.decode("utf-8")
