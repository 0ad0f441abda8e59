"""Staff invitations and roles on the single table (AP-130, AP-132, AP-133; chalicelib/staffing/).
Every once-only change is one transaction; a refusal raises `writes.Cancelled` naming its actions."""
from chalicelib.db.base import transact_write
from chalicelib.db.identity import StaffInvite, StaffOpenid
from chalicelib.db.models import StaffAccount
from chalicelib.db.writes import Cancelled, TransactWriteError, cancelled


def new_invite(**fields):
    """A StaffInvite value (its code's hash, bureau, name, roles, issuer, expiry)."""
    return StaffInvite(**fields)


def issue_invite(invite, entry):
    """Write `invite` (only if its hash is new: a collision fails loudly, never overwrites) with its
    audit `entry`, in one transaction."""
    with transact_write() as txn:
        txn.save(invite, condition=StaffInvite.PK.does_not_exist())
        txn.save(entry)


def invite(code_hash):
    """The pending invite of a code's hash (consistent), or None."""
    try:
        return StaffInvite.get(f"STAFFINVITE#{code_hash}", "INVITE", consistent_read=True)
    except StaffInvite.DoesNotExist:
        return None


def new_staff(**fields):
    """A StaffAccount value not yet written."""
    return StaffAccount(**fields)


def join(invite, staff, openid, entry, now):
    """In ONE transaction: use up `invite` (still there, unexpired at `now`), claim `openid` for
    `staff` (unclaimed), create `staff` (new id) and write the audit `entry`. A refusal raises
    `writes.Cancelled` naming "invite", "claim", "staff" or "audit" (empty when DynamoDB said
    nothing)."""
    try:
        with transact_write() as txn:
            txn.delete(invite, condition=StaffInvite.PK.exists() & (StaffInvite.expires_at > now))
            txn.save(StaffOpenid(openid=openid, staff_id=staff.staff_id),
                     condition=StaffOpenid.PK.does_not_exist())
            txn.save(staff, condition=StaffAccount.PK.does_not_exist())
            txn.save(entry)
    except TransactWriteError as exc:  # deletes, then puts
        found = cancelled(exc, ["invite", "claim", "staff", "audit"])
        raise (found if isinstance(found, Cancelled) else Cancelled({})) from exc


def staff_account(staff_id):
    """The staff account `staff_id` (consistent), or None."""
    try:
        return StaffAccount.get(f"STAFF#{staff_id}", "PROFILE", consistent_read=True)
    except StaffAccount.DoesNotExist:
        return None


def _as_read(staff):
    """The condition that `staff`'s roles are still those read (absent: a legacy admin)."""
    if not staff.roles:
        return StaffAccount.roles.does_not_exist()
    return StaffAccount.roles == list(staff.roles)


def set_roles(staff, roles, keeper, entry):
    """Give `staff` exactly `roles` while its roles are still those read, checking that `keeper`
    (another admin, or None) still is one, with the audit `entry`, in one transaction. A refusal
    raises `writes.Cancelled` naming "keeper", "audit" or "staff"."""
    try:
        with transact_write() as txn:
            txn.update(staff, [StaffAccount.roles.set(roles)],
                       condition=StaffAccount.PK.exists() & _as_read(staff))
            if keeper is not None:
                txn.condition_check(StaffAccount, keeper.PK, keeper.SK, condition=_as_read(keeper))
            txn.save(entry)
    except TransactWriteError as exc:  # checks, then puts, then updates
        raise cancelled(exc, (["keeper"] if keeper is not None else []) + ["audit", "staff"]) from exc
