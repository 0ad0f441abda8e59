"""A bureau's staff and their roles (AP-78, AP-132, AP-133): the list admins see, a change of roles that
never leaves a bureau without an admin, and the operator's first admin.

A change of roles is ONE transaction: the staff account on condition its roles are still those read,
a condition check that another admin is still an admin (when this change takes admin away), and
the audit entry with who, when, before and after. Two admins demoting each other at once cannot both
succeed: each transaction checks the item the other writes. The member's sessions then end, so the
new roles hold from their next sign-in on.
"""
from chalicelib import scoping
from chalicelib.auth import permissions, sessions
from chalicelib.db import staffing as db
from chalicelib.db.staff import staff_of
from chalicelib.db.writes import Cancelled
from chalicelib.errors import Conflict, NotFound
from chalicelib.staffing import invites

ADMIN = permissions.ADMIN


def roles_of(staff):
    return sorted(permissions.effective(staff.roles))


def view(staff):
    """What admins see of a staff member: never the openid, only whether WeChat is bound."""
    return {"staff_id": staff.staff_id, "name": staff.name, "roles": roles_of(staff),
            "legacy": not staff.roles, "bound": bool(staff.openid), "on_duty": bool(staff.on_duty),
            "created_at": staff.created_at or ""}


def members(bureau):
    """The bureau's staff, by name (one query, AP-78)."""
    return [view(s) for s in sorted(staff_of(bureau), key=lambda s: (s.name, s.staff_id))]


def _missing():
    return NotFound("没有这位工作人员", code="staff_not_found")


def other_admin(bureau, staff_id):
    """Another admin of `bureau` than `staff_id`, or None."""
    return next((s for s in staff_of(bureau)
                 if s.staff_id != staff_id and ADMIN in permissions.effective(s.roles)), None)


def change_roles(caller, staff_id, roles, *, now):
    """Give staff member `staff_id` of the caller's bureau exactly `roles`; returns their view.
    Another bureau's id is the same 404 as one never issued; taking admin from the last admin is
    refused (409); nothing changes: nothing written."""
    staff = scoping.owned(db.staff_account(staff_id), caller, _missing())
    before, after = roles_of(staff), sorted(set(roles))
    if before == after and staff.roles:
        return view(staff)
    keeper = None
    if ADMIN in before and ADMIN not in after:
        keeper = other_admin(caller.bureau, staff_id)
        if keeper is None:
            raise Conflict("本局至少要有一位管理员，不能取消最后一位管理员的管理员岗位",
                           code="last_admin")
    entry = invites.audit(caller.bureau, caller.staff_id or caller.id, "staff.roles",
                          f"STAFF#{staff_id}", now, {"name": staff.name, "before": before,
                                                     "after": after, "legacy": not staff.roles})
    try:
        db.set_roles(staff, after, keeper, entry)
    except Cancelled:
        raise Conflict("岗位刚被他人修改，请刷新后重试", code="roles_changed")
    sessions.revoke_all_for_staff(staff_id, staff.openid)
    staff.roles = after
    return view(staff)


def first_admin(bureau, name, *, now):
    """The operator's one command for a bureau's first admin: a one-time code inviting `name` as
    admin. Refused when the bureau has an admin already (a staff account from before roles is one);
    returns (code, StaffInvite)."""
    holder = other_admin(bureau, None)
    if holder is not None:
        raise Conflict(f"bureau {bureau} has an admin already ({holder.staff_id}): "
                       "admins invite staff from /h5/staff/members", code="admin_exists")
    return invites.issue(bureau, name, [ADMIN], issued_by=invites.OPERATOR, now=now)

