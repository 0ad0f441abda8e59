"""Who is calling: the identity a session carries, and what it may act as."""
from dataclasses import dataclass

ROLES = ("citizen", "lawyer", "staff")


@dataclass(frozen=True)
class Caller:
    """`id` is the openid of a citizen or lawyer and the staff id of a staff member."""
    role: str
    id: str
    openid: str = None
    lawyer_id: str = None
    staff_id: str = None
    session_id: str = None
    # The bureau a citizen or staff member acts in (a citizen: the bureau whose account they signed
    # in on; staff: their own bureau). None for a lawyer, who serves every bureau of their counties.
    bureau: str = None
    # The Official Account the openid belongs to (WeChat gives one person a different openid in each
    # account): a bureau code or `lawyers`. Staff sessions carry their bureau's.
    account: str = None
    # A staff member's roles (chalicelib/auth/permissions.py): reviewer, duty_manager, finance,
    # admin. Empty for others; a staff session from before roles existed carries none (= admin).
    staff_roles: tuple = ()

    def acts_as(self, role):
        # Anyone with a WeChat openid is a citizen too: a lawyer or staff member may ask a question
        # of their own. Routes use `openid` for citizen work and `lawyer_id`/`staff_id` otherwise.
        return role == self.role or (role == "citizen" and bool(self.openid))

    @property
    def roles(self):
        return tuple(role for role in ROLES if self.acts_as(role))
