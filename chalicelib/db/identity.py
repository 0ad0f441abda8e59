"""Sign-in records on the single table: OAuth states, sessions, lawyer binding codes and the claim that
keeps one WeChat openid on one lawyer. Key shapes follow docs/data-model.md.

Every item here expires (`expires_at`); neither emulator deletes expired items and AWS deletes late,
so readers compare `expires_at` with now themselves.
"""
from pynamodb.attributes import ListAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, PutError, TransactWriteError

from chalicelib.db import keys
from chalicelib.db.base import Item, transact_write
from chalicelib.db.locking import locked
from chalicelib.db.models import Lawyer, StaffAccount
from chalicelib.db.writes import cancelled, condition_failed


class OAuthState(Item, discriminator="OAuthState"):
    """A WeChat OAuth `state` waiting for its callback: used once, bound to the browser that asked
    for it by the hash of a nonce kept in that browser's cookie."""
    state = UnicodeAttribute()
    nonce_hash = UnicodeAttribute()
    next_path = UnicodeAttribute()
    account = UnicodeAttribute(null=True)  # whose appid it asked WeChat with; absent: the default bureau's
    created_at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"OAUTHSTATE#{self.state}", "SK": "STATE"}


class Session(Item, discriminator="Session"):
    """A signed-in session. The token proves who signed it; this item says it is still live, so that
    sign-out and unsubscribe can end it before it expires. Listed per person through GSI1."""
    sid = UnicodeAttribute()
    role = UnicodeAttribute()  # citizen | lawyer | staff
    subject = UnicodeAttribute()  # the openid (citizen, lawyer) or the staff id
    openid = UnicodeAttribute(null=True)
    lawyer_id = UnicodeAttribute(null=True)
    staff_id = UnicodeAttribute(null=True)
    bureau = UnicodeAttribute(null=True)  # absent on sessions from before issue 10: the default bureau
    account = UnicodeAttribute(null=True)  # the openid's Official Account; absent: as account_for says
    staff_roles = ListAttribute(of=UnicodeAttribute, null=True)  # a staff session's roles, sorted
    created_at = UnicodeAttribute()

    def keys(self):
        owner = f"OPENID#{self.openid}" if self.openid else f"STAFF#{self.staff_id}"
        return {"PK": f"SESSION#{self.sid}", "SK": "SESSION",
                "GSI1PK": f"SESSIONS#{owner}", "GSI1SK": self.sid}


class BindingCode(Item, discriminator="BindingCode"):
    """A one-time code that staff give a lawyer so the lawyer's WeChat account can be bound to their
    profile; redeeming it deletes it in the same transaction that binds."""
    code = UnicodeAttribute()
    lawyer_id = UnicodeAttribute()
    issued_by = UnicodeAttribute()  # staff id
    created_at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"BINDCODE#{self.code}", "SK": "BINDCODE"}


class LawyerOpenid(Item, discriminator="LawyerOpenid"):
    """Claim of an openid by one lawyer. GSI3 finds a lawyer by openid but cannot keep two lawyers
    from taking the same one; a conditional put of this item in the binding transaction can."""
    openid = UnicodeAttribute()
    lawyer_id = UnicodeAttribute()

    def keys(self):
        return {"PK": f"OPENIDCLAIM#{self.openid}", "SK": "LAWYER"}




class StaffInvite(Item, discriminator="StaffInvite"):
    """A one-time code an admin (or the operator, for a bureau's first admin) gives a new staff
    member. Only the code's SHA-256 is stored; redeeming deletes it in the transaction that creates
    the staff account (AP-130)."""
    code_hash = UnicodeAttribute()
    bureau = UnicodeAttribute()
    name = UnicodeAttribute()
    roles = ListAttribute(of=UnicodeAttribute)
    issued_by = UnicodeAttribute()  # staff id, or "operator"
    created_at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"STAFFINVITE#{self.code_hash}", "SK": "INVITE"}


class StaffOpenid(Item, discriminator="StaffOpenid"):
    """Claim of an openid by one staff account, written on condition it is absent when an invite is
    redeemed: two redemptions by one WeChat user cannot both make a staff account."""
    openid = UnicodeAttribute()
    staff_id = UnicodeAttribute()

    def keys(self):
        return {"PK": f"OPENIDCLAIM#{self.openid}", "SK": "STAFF"}


def holders(openid):
    """(StaffAccount or None, Lawyer or None) holding `openid`: one Query of GSI3 `OPENID#<openid>`."""
    found = list(Item.gsi3.query(keys.openid_key(openid)))
    return (next((i for i in found if isinstance(i, StaffAccount)), None),
            next((i for i in found if isinstance(i, Lawyer)), None))


def staff_account_once(staff_id, name, bureau, roles):
    """The staff account `staff_id`: created with `name`, `bureau` and `roles` if absent
    (attribute_not_exists), else the stored one (consistent read)."""
    account = StaffAccount(staff_id=staff_id, name=name, bureau=bureau, roles=roles)
    try:
        account.save(condition=StaffAccount.PK.does_not_exist())
    except PutError as exc:  # it exists already: use the stored one
        if not condition_failed(exc):
            raise
        account = StaffAccount.get(f"STAFF#{staff_id}", "PROFILE", consistent_read=True)
    return account


def lawyer(lawyer_id, consistent_read=False):
    """The Lawyer profile `lawyer_id`, or None."""
    try:
        return Lawyer.get(f"LAWYER#{lawyer_id}", "PROFILE", consistent_read=consistent_read)
    except Lawyer.DoesNotExist:
        return None


def new_binding_code(code, lawyer_id, issued_by, created_at, expires_at):
    """Write a binding code once: a collision fails loudly (PutError), never overwrites."""
    item = BindingCode(code=code, lawyer_id=lawyer_id, issued_by=issued_by, created_at=created_at,
                       expires_at=expires_at)
    item.save(condition=BindingCode.PK.does_not_exist())
    return item


def binding_code(code):
    """The pending BindingCode `code` (consistent), or None."""
    try:
        return BindingCode.get(f"BINDCODE#{code}", "BINDCODE", consistent_read=True)
    except BindingCode.DoesNotExist:
        return None


def redeem(pending, lawyer, openid, account, now):
    """In ONE transaction: delete the code (still there and unexpired at `now`), let go of the
    lawyer's old openid claim when rebinding, claim `openid` (unclaimed or already this lawyer's),
    and write the openid and its `account` on the profile (still there). A refusal raises
    `writes.Cancelled` naming "code", "old_claim", "claim" or "profile"."""
    try:
        with transact_write() as txn:
            txn.delete(pending, condition=BindingCode.PK.exists() & (BindingCode.expires_at > now))
            if lawyer.openid and lawyer.openid != openid:  # rebinding: the old account lets go
                txn.delete(LawyerOpenid(openid=lawyer.openid, lawyer_id=lawyer.lawyer_id))
            txn.save(LawyerOpenid(openid=openid, lawyer_id=lawyer.lawyer_id),
                     condition=LawyerOpenid.PK.does_not_exist()
                     | (LawyerOpenid.lawyer_id == lawyer.lawyer_id))
            # An update action bypasses keys(), so the GSI3 keys that make the openid findable are
            # set here. The account moves with the openid: a rebinding on another account leaves no
            # stale one.
            on_account = Lawyer.openid_account.set(account) if account else Lawyer.openid_account.remove()
            held, moved = locked(lawyer)
            txn.update(lawyer, [Lawyer.openid.set(openid), Lawyer.GSI3PK.set(keys.openid_key(openid)),
                                Lawyer.GSI3SK.set("LAWYER"), on_account, moved],
                       condition=Lawyer.PK.exists() & held)
    except TransactWriteError as exc:
        rebinding = bool(lawyer.openid and lawyer.openid != openid)
        labels = ["code", *(["old_claim"] if rebinding else []), "claim", "profile"]  # as sent
        raise cancelled(exc, labels) from exc


def new_session(**fields):
    """Write a Session once (attribute_not_exists: a session id is never reused)."""
    Session(**fields).save(condition=Session.PK.does_not_exist())


def session(sid):
    """The Session `sid` (consistent: sign-out takes effect at once), or None."""
    try:
        return Session.get(f"SESSION#{sid}", "SESSION", consistent_read=True)
    except Session.DoesNotExist:
        return None


def end_session(sid):
    """Delete one session; one already gone is not an error."""
    Session(sid=sid).delete()


def sessions_of_openid(openid):
    """Every session item of `openid`, expired ones too (GSI1 `SESSIONS#OPENID#<openid>`)."""
    return list(Item.gsi1.query(f"SESSIONS#OPENID#{openid}"))


def end_sessions_of_openid(openid):
    """Delete every session of `openid` (GSI1 `SESSIONS#OPENID#<openid>`); returns how many."""
    ended = 0
    for item in Item.gsi1.query(f"SESSIONS#OPENID#{openid}"):
        if isinstance(item, Session):
            item.delete()
            ended += 1
    return ended


def end_sessions_of_staff(staff_id, openid=None):
    """Delete every session of staff member `staff_id`: those listed under their openid (GSI1
    `SESSIONS#OPENID#<openid>`) and under their staff id (`SESSIONS#STAFF#<staff_id>`); returns how
    many."""
    ended = 0
    owners = [f"SESSIONS#STAFF#{staff_id}"] + ([f"SESSIONS#OPENID#{openid}"] if openid else [])
    for owner in owners:
        for item in Item.gsi1.query(owner):
            if isinstance(item, Session) and item.staff_id == staff_id:
                item.delete()
                ended += 1
    return ended


def new_oauth_state(**fields):
    """Write an OAuth state once (attribute_not_exists)."""
    OAuthState(**fields).save(condition=OAuthState.PK.does_not_exist())


def oauth_state(state):
    """The OAuthState `state` (consistent), or None."""
    try:
        return OAuthState.get(f"OAUTHSTATE#{state}", "STATE", consistent_read=True)
    except OAuthState.DoesNotExist:
        return None


def use_oauth_state(record):
    """Delete `record` if it is still there with the same nonce: True for exactly one of two
    callbacks racing with one state, False for the other."""
    try:
        record.delete(condition=OAuthState.PK.exists() & (OAuthState.nonce_hash == record.nonce_hash))
    except DeleteError as exc:
        if condition_failed(exc):
            return False
        raise
    return True
