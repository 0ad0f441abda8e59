"""Who an openid is — citizen, lawyer or staff — and how a lawyer's WeChat account joins their profile.

Staff issue a one-time binding code for a lawyer profile; the lawyer, signed in from WeChat, redeems
it. Redeeming deletes the code, claims the openid and writes it on the profile in ONE transaction whose
conditions are the rules: the code still exists and is unexpired (so it works once), the openid is
not claimed by another lawyer, the profile has not changed since it was read.
"""
import re
import secrets
from dataclasses import replace
from datetime import timedelta

from chalicelib import scoping
from chalicelib.auth import permissions
from chalicelib.auth.caller import Caller
from chalicelib.clock import iso
from chalicelib.db import identity as db
from chalicelib.db import keys
from chalicelib.db.writes import Cancelled
from chalicelib.errors import Conflict, NotFound, Unprocessable

# No 0/O or 1/I: the code is read aloud or typed from a screen. 32^10 ≈ 10^15 guesses.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
CODE_TTL = timedelta(days=7)
_CODE = re.compile(rf"[{CODE_ALPHABET}]{{{CODE_LENGTH}}}")
# A code as a lawyer may type it (either case, grouped by spaces or dashes): what normalize_code
# turns into a _CODE. The bind route declares it, so /openapi.json says what the edge refuses.
_TYPED = CODE_ALPHABET + CODE_ALPHABET.lower().translate(str.maketrans("", "", "23456789"))
TYPED_CODE_PATTERN = rf"^[\s-]*(?:[{_TYPED}][\s-]*){{{CODE_LENGTH}}}$"


def lawyer_by_openid(openid):
    return db.holders(openid)[1]


def identify(openid, account=None):
    """The identity of a WeChat sign-in on `account` (a bureau code or `lawyers`; None: the default
    bureau's): staff if a staff account holds the openid, a lawyer if a lawyer profile does (on the
    account the lawyer bound on), otherwise a citizen of that account (any openid is one)."""
    staff, lawyer = db.holders(openid)
    if staff:
        return staff_identity(staff, openid)
    if lawyer:
        return lawyer_identity(lawyer)
    bureau = account if account and account != keys.LAWYERS_ACCOUNT else None
    return Caller("citizen", openid, openid=openid, bureau=bureau, account=account)


def staff_identity(staff, openid=None):
    """A staff member's identity, with the roles they act with (an account from before roles: admin)."""
    return Caller("staff", staff.staff_id, openid=openid or staff.openid, staff_id=staff.staff_id,
                  bureau=staff.bureau, staff_roles=tuple(sorted(permissions.effective(staff.roles))))


def lawyer_identity(lawyer):
    """A bound lawyer's identity: their openid on the account they bound on (absent: the default
    bureau's, as sessions.account_for fills in)."""
    return Caller("lawyer", lawyer.openid, openid=lawyer.openid, lawyer_id=lawyer.lawyer_id,
                  account=lawyer.openid_account)


def county_lawyers(county, categories, per_pool=50):
    """The lawyers of `county`'s dispatch pools with a WeChat account, by name: the local sign-in's
    pick list. One county-pool query per category (AP-12) and one batch get; a lawyer at their
    open-question limit is out of the pools for now and so out of the list."""
    from chalicelib.db import pools

    ids = []
    for category in categories:
        found, _ = pools.lawyers_for_dispatch("county", county, category, per_pool)
        ids.extend(slot.lawyer_id for slot in found)
    lawyers = [lawyer for lawyer in pools.profiles(ids).values() if lawyer.openid]
    return sorted(lawyers, key=lambda lawyer: (lawyer.name, lawyer.lawyer_id))


def local_staff(staff_id, *, name=None, bureau=None, default_bureau=None, staff_roles=None):
    """The staff account `staff_id`, created on first use in `bureau` (local stage sign-in only).
    An existing account of another bureau is refused: a staff id belongs to one bureau (an account
    without one is the default bureau's). A new account holds `staff_roles` (none given: admin);
    the identity acts with them when given (the local sign-in tries each role), else with the
    account's own."""
    account = db.staff_account_once(staff_id, name or f"本地工作人员 {staff_id}",
                                    bureau or default_bureau,
                                    roles=sorted(set(staff_roles or [permissions.ADMIN])))
    # A new account holds `bureau`; a stored one may hold another
    if bureau and (account.bureau or default_bureau or bureau) != bureau:
        raise Conflict("该工作人员账号属于其他司法局", code="staff_other_bureau")
    identity = staff_identity(account)
    if staff_roles:
        identity = replace(identity, staff_roles=tuple(sorted(set(staff_roles))))
    return identity


def normalize_code(text):
    """What a lawyer typed, as stored: upper case, without the spaces or dashes used to group it."""
    return re.sub(r"[\s-]", "", text or "").upper()


def issue_binding_code(lawyer_id, *, staff, clock, regions, ttl=CODE_TTL):
    """A fresh one-time code for `lawyer_id`, issued by `staff` (a Caller) of a bureau serving
    `regions`. A lawyer who serves none of them is answered as one who does not exist, and nothing
    is written."""
    lawyer = db.lawyer(lawyer_id)
    scoping.serving(lawyer, regions, NotFound("没有这位律师", code="lawyer_not_found"))
    now = clock.now()
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    # a collision fails loudly, never overwrites
    return db.new_binding_code(code, lawyer_id, staff.staff_id, iso(now), now + ttl)


def _invalid_code():
    # One answer for unknown, used and expired codes: a guesser learns nothing.
    return Unprocessable("绑定码无效、已使用或已过期，请联系司法局工作人员", code="binding_code_invalid")


def _already_bound():
    return Conflict("该微信号已绑定其他律师", code="openid_already_bound")


def bind_lawyer(openid, code, *, clock, account=None):
    """Redeem `code` for the signed-in `openid` of `account` (the Official Account it belongs to;
    the lawyer's notices go out on it); returns the lawyer identity it now has."""
    code = normalize_code(code)
    if not _CODE.fullmatch(code):
        raise _invalid_code()
    for attempt in range(2):
        now = clock.now()
        pending = db.binding_code(code)
        lawyer = db.lawyer(pending.lawyer_id, consistent_read=True) if pending else None
        if lawyer is None:
            raise _invalid_code()
        if pending.expires_at is None or pending.expires_at <= now:
            raise _invalid_code()
        holder = lawyer_by_openid(openid)
        if holder is not None and holder.lawyer_id != lawyer.lawyer_id:
            raise _already_bound()
        try:
            db.redeem(pending, lawyer, openid, account, now)
        except Cancelled as exc:
            refusal = _refusal(exc)
            if refusal is not None:
                raise refusal
            if attempt:
                raise Conflict("绑定未完成，请重试", code="binding_conflict")
            continue  # the profile changed under us (or a transaction conflict): read again
        return Caller("lawyer", openid, openid=openid, lawyer_id=lawyer.lawyer_id, account=account)


def _refusal(exc):
    """The domain error a cancelled binding transaction means, or None when a retry may succeed."""
    if "code" in exc.failed:
        return _invalid_code()
    if "claim" in exc.failed:
        return _already_bound()
    return None
