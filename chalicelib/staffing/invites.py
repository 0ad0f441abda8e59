"""One-time staff invitation codes (AP-130), the same pattern as lawyer binding codes
(chalicelib/auth/roles.py): an admin issues a code for a name and roles; the person it is meant for,
signed in from WeChat on the bureau's Official Account, redeems it. Only the code's SHA-256 is
stored. Redeeming deletes the invite, claims the openid and creates the staff account in ONE
transaction whose conditions are the rules: the invite still exists and is unexpired (so it works
once), the openid is not already staff.
"""
import hashlib
import secrets
from datetime import timedelta

from chalicelib.auth.roles import CODE_ALPHABET, CODE_LENGTH, _CODE, normalize_code, staff_identity
from chalicelib.clock import iso
from chalicelib.db import audit as audit_db
from chalicelib.db import identity
from chalicelib.db import staffing as db
from chalicelib.db.writes import Cancelled
from chalicelib.errors import Conflict, Unprocessable

INVITE_TTL = timedelta(days=3)
OPERATOR = "operator"  # who issued a bureau's first admin's code
JOIN_PAGE = "/h5/join-staff"  # where an invited person redeems their code, from WeChat


def code_hash(code):
    return hashlib.sha256(code.encode("ascii")).hexdigest()


def new_id(prefix=""):
    return prefix + secrets.token_hex(8)


def issue(bureau, name, roles, *, issued_by, now, ttl=INVITE_TTL):
    """A fresh code inviting `name` to `bureau` with `roles`; returns (code, StaffInvite). The code
    itself is returned once and never stored. The issue is in the bureau's audit trail."""
    roles = sorted(set(roles))
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    invite = db.new_invite(code_hash=code_hash(code), bureau=bureau, name=name, roles=roles,
                           issued_by=issued_by, created_at=iso(now), expires_at=now + ttl)
    entry = audit(bureau, issued_by, "staff.invite", f"INVITE#{invite.code_hash[:12]}", now,
                  {"name": name, "roles": roles, "expires_at": iso(invite.expires_at)})
    db.issue_invite(invite, entry)  # a collision fails loudly, never overwrites
    return code, invite


def audit(bureau, actor, action, subject, now, details):
    """An entry in `bureau`'s audit trail (AP-91): who, when, what."""
    return audit_db.new_entry(audit_id=new_id(), at=iso(now), actor=actor, action=action,
                              subject=subject, details=details, bureau=bureau)


def _invalid():
    # One answer for unknown, used and expired codes: a guesser learns nothing.
    return Unprocessable("邀请码无效、已使用或已过期，请联系本局管理员", code="staff_invite_invalid")


def redeem(openid, code, *, account, now):
    """Redeem `code` for the signed-in `openid` of `account` (a bureau's Official Account: staff
    hear alerts there); returns the new staff identity."""
    code = normalize_code(code)
    if not _CODE.fullmatch(code):
        raise _invalid()
    invite = db.invite(code_hash(code))
    if invite is None:
        raise _invalid()
    if invite.expires_at is None or invite.expires_at <= now:
        raise _invalid()
    if account != invite.bureau:
        raise Unprocessable("请在本局公众号中打开邀请链接并输入邀请码", code="staff_invite_wrong_account")
    staff_holder, lawyer_holder = identity.holders(openid)
    if staff_holder is not None:
        raise _already_staff()
    if lawyer_holder is not None:
        raise Conflict("该微信号已绑定律师身份，请用另一个微信号加入", code="openid_is_lawyer")
    staff = db.new_staff(staff_id=new_id("S"), name=invite.name, bureau=invite.bureau,
                         openid=openid, roles=list(invite.roles), created_at=iso(now))
    entry = audit(invite.bureau, staff.staff_id, "staff.joined", f"STAFF#{staff.staff_id}", now,
                  {"name": invite.name, "roles": list(invite.roles), "issued_by": invite.issued_by})
    try:
        db.join(invite, staff, openid, entry, now)
    except Cancelled as exc:
        if "invite" in exc.failed:
            raise _invalid()
        if "claim" in exc.failed:
            raise _already_staff()
        raise Conflict("加入未完成，请重试", code="staff_invite_conflict")
    return staff_identity(staff)


def _already_staff():
    return Conflict("该微信号已是工作人员", code="openid_already_staff")

