"""Sign-in records on the single table: OAuth states, sessions, lawyer binding codes and the claim that
keeps one WeChat openid on one lawyer. Key shapes follow docs/data-model.md.

Every item here expires (`expires_at`); neither emulator deletes expired items and AWS deletes late,
so readers compare `expires_at` with now themselves.
"""
from pynamodb.attributes import ListAttribute, UnicodeAttribute

from chalicelib.db.base import Item


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
