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

from pynamodb.exceptions import TransactWriteError

from chalicelib.auth.roles import (CODE_ALPHABET, CODE_LENGTH, _CODE, _by_openid, normalize_code,
                                   staff_identity)
from chalicelib.clock import iso
from chalicelib.db.applications import AuditEntry
from chalicelib.db.base import transact_write
from chalicelib.db.identity import StaffInvite, StaffOpenid
from chalicelib.db.models import Lawyer, StaffAccount
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
    invite = StaffInvite(code_hash=code_hash(code), bureau=bureau, name=name, roles=roles,
                         issued_by=issued_by, created_at=iso(now), expires_at=now + ttl)
    entry = audit(bureau, issued_by, "staff.invite", f"INVITE#{invite.code_hash[:12]}", now,
                  {"name": name, "roles": roles, "expires_at": iso(invite.expires_at)})
    with transact_write() as txn:  # a collision fails loudly, never overwrites
        txn.save(invite, condition=StaffInvite.PK.does_not_exist())
        txn.save(entry)
    return code, invite


def audit(bureau, actor, action, subject, now, details):
    """An entry in `bureau`'s audit trail (AP-91): who, when, what."""
    return AuditEntry(audit_id=new_id(), at=iso(now), actor=actor, action=action, subject=subject,
                      details=details, bureau=bureau)


def _invalid():
    # One answer for unknown, used and expired codes: a guesser learns nothing.
    return Unprocessable("邀请码无效、已使用或已过期，请联系本局管理员", code="staff_invite_invalid")


def redeem(openid, code, *, account, now):
    """Redeem `code` for the signed-in `openid` of `account` (a bureau's Official Account: staff
    hear alerts there); returns the new staff identity."""
    code = normalize_code(code)
    if not _CODE.fullmatch(code):
        raise _invalid()
    try:
        invite = StaffInvite.get(f"STAFFINVITE#{code_hash(code)}", "INVITE", consistent_read=True)
    except StaffInvite.DoesNotExist:
        raise _invalid()
    if invite.expires_at is None or invite.expires_at <= now:
        raise _invalid()
    if account != invite.bureau:
        raise Unprocessable("请在本局公众号中打开邀请链接并输入邀请码", code="staff_invite_wrong_account")
    found = _by_openid(openid)
    if any(isinstance(item, StaffAccount) for item in found):
        raise _already_staff()
    if any(isinstance(item, Lawyer) for item in found):
        raise Conflict("该微信号已绑定律师身份，请用另一个微信号加入", code="openid_is_lawyer")
    staff = StaffAccount(staff_id=new_id("S"), name=invite.name, bureau=invite.bureau,
                         openid=openid, roles=list(invite.roles), created_at=iso(now))
    entry = audit(invite.bureau, staff.staff_id, "staff.joined", f"STAFF#{staff.staff_id}", now,
                  {"name": invite.name, "roles": list(invite.roles), "issued_by": invite.issued_by})
    try:
        with transact_write() as txn:
            txn.delete(invite, condition=StaffInvite.PK.exists() & (StaffInvite.expires_at > now))
            txn.save(StaffOpenid(openid=openid, staff_id=staff.staff_id),
                     condition=StaffOpenid.PK.does_not_exist())
            txn.save(staff, condition=StaffAccount.PK.does_not_exist())
            txn.save(entry)
    except TransactWriteError as exc:
        reasons = [getattr(r, "code", None) for r in (exc.cancellation_reasons or [])]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            raise _invalid()
        if len(reasons) > 1 and reasons[1] == "ConditionalCheckFailed":
            raise _already_staff()
        raise Conflict("加入未完成，请重试", code="staff_invite_conflict")
    return staff_identity(staff)


def _already_staff():
    return Conflict("该微信号已是工作人员", code="openid_already_staff")

