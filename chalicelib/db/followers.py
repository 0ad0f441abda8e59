"""Who follows which Official Account — the only way our notices reach them.

A citizen's follow of a bureau's account lives on their profile (`Citizen.subscribed`, written in the
inbox's transaction). Every account's follow state is also kept per (account, openid) as a `Follow`
item (issue 11), written from WeChat's subscribe/unsubscribe events as of the event's time, so an
older event redelivered late never overwrites a newer one. The lawyers' account has no citizen
profiles: its `Follow` items are what self-registration and the lawyer's workbench read. On the
local stage `record_follow` makes the write WeChat's follow event makes (db/inbound).
"""
from pynamodb.attributes import BooleanAttribute, UnicodeAttribute
from pynamodb.exceptions import PutError

from chalicelib.clock import iso
from chalicelib.db import effects
from chalicelib.db.base import Item
from chalicelib.db.inbound import FollowCitizen, OtherAccount
from chalicelib.db.models import Citizen


class Follow(Item, discriminator="Follow"):
    """Whether `openid` follows `account` (a bureau code or `lawyers`), as of the event at `at`."""
    account = UnicodeAttribute()
    openid = UnicodeAttribute()
    following = BooleanAttribute()
    at = UnicodeAttribute()

    def keys(self):
        return {"PK": f"FOLLOW#{self.account}#{self.openid}", "SK": "FOLLOW"}


def follows(openid):
    """True when notices can reach `openid`: the citizen follows the account (one GetItem)."""
    if not openid:
        return False
    try:
        return bool(Citizen.get(f"CITIZEN#{openid}", "PROFILE", consistent_read=True).subscribed)
    except Citizen.DoesNotExist:
        return False


def follows_account(account, openid):
    """Whether `openid` follows `account` by the last event recorded (one GetItem); None: no event
    recorded for them (they have not followed since follow tracking began)."""
    if not openid or not account:
        return None
    try:
        return Follow.get(f"FOLLOW#{account}#{openid}", "FOLLOW", consistent_read=True).following
    except Follow.DoesNotExist:
        return None


def recorded_at(account, openid):
    """The time of the last follow event recorded for (account, openid), or None."""
    try:
        return Follow.get(f"FOLLOW#{account}#{openid}", "FOLLOW", consistent_read=True).at
    except Follow.DoesNotExist:
        return None


def record_event(account, openid, following, at):
    """Record a follow (True) or unfollow (False) of `account` at `at` (UTC text), unless an event
    at the same time or later is recorded already. Returns whether it was written."""
    item = Follow(account=account, openid=openid, following=following, at=at)
    try:
        item.save(condition=Follow.PK.does_not_exist() | (Follow.at < at))
    except PutError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True


def record_follow(openid, now, account=None):
    """Record `openid` as following `account` since `now`, exactly as the follow event does
    (OtherAccount, nothing written, when the openid's profile belongs to another account): the
    citizen profile, and the (account, openid) record when the account is named."""
    try:
        effects.commit(effects.Effects().add(FollowCitizen(openid, iso(now), account=account)))
    except effects.Refused as refused:
        raise OtherAccount() from refused
    if account:
        record_event(account, openid, True, iso(now))


def forget_unfollowed(account, openid):
    """AP-181: delete the (account, openid) follow record if it says they unfollowed (its purpose,
    reaching them, is gone); True when deleted. A record of following is kept: it is what lets
    notices reach them, and goes when they unfollow and ask again."""
    from pynamodb.exceptions import DeleteError

    try:
        Follow(account=account, openid=openid, following=False, at="").delete(
            condition=Follow.following == False)  # noqa: E712 (a DynamoDB condition, not a test)
    except DeleteError as error:
        if error.cause_response_code != "ConditionalCheckFailedException":
            raise
        return False
    return True
