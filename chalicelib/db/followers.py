"""Whether a citizen follows the Official Account — the only way our notices reach them — and, on the
local stage, recording a follow without WeChat (the write WeChat's follow event makes, db/inbound)."""
from chalicelib.clock import iso
from chalicelib.db import effects
from chalicelib.db.inbound import FollowCitizen, OtherAccount
from chalicelib.db.models import Citizen


def follows(openid):
    """True when notices can reach `openid`: the citizen follows the account (one GetItem)."""
    if not openid:
        return False
    try:
        return bool(Citizen.get(f"CITIZEN#{openid}", "PROFILE", consistent_read=True).subscribed)
    except Citizen.DoesNotExist:
        return False


def record_follow(openid, now, account=None):
    """Record `openid` as following `account` since `now`, exactly as the follow event does
    (OtherAccount, nothing written, when the openid's profile belongs to another account)."""
    try:
        effects.commit(effects.Effects().add(FollowCitizen(openid, iso(now), account=account)))
    except effects.Refused as refused:
        raise OtherAccount() from refused
