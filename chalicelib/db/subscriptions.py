"""What each citizen authorised: one-time subscribe notifications (订阅通知), counted per template and
spent one per message (issue 11, "Citizens' authorisation"; docs/data-model.md AP-140, AP-141).

`CITIZEN#<openid>` / `SUBSCRIBE#<template_id>` {remaining, accepted, rejected}: the citizen's openid
belongs to one account and a template id to one appid, so the pair needs no account in the key.
A recorded answer of WeChat's open tag is deduplicated by the page's request id
(`CITIZEN#<openid>` / `SUBREQ#<request_id>`, kept a day), so a retried POST counts once.
"""
from datetime import timedelta

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import TransactWriteError, UpdateError

from chalicelib.clock import iso
from chalicelib.db.base import Item, transact_write

REQUEST_KEPT = timedelta(days=1)


class Subscription(Item, discriminator="Subscription"):
    openid = UnicodeAttribute()
    template_id = UnicodeAttribute()
    account = UnicodeAttribute(null=True)
    remaining = NumberAttribute(default=0)  # authorised and not yet spent
    accepted = NumberAttribute(default=0)  # times the citizen said yes
    rejected = NumberAttribute(default=0)  # times the citizen said no
    updated_at = UnicodeAttribute(null=True)

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": f"SUBSCRIBE#{self.template_id}"}


class SubscriptionRequest(Item, discriminator="SubscriptionRequest"):
    openid = UnicodeAttribute()
    request_id = UnicodeAttribute()

    def keys(self):
        return {"PK": f"CITIZEN#{self.openid}", "SK": f"SUBREQ#{self.request_id}"}


def record(openid, account, accepted, rejected, request_id, now):
    """Count one answer of the open tag: each accepted template authorises one more message. False
    when this request id was recorded before (nothing is written again)."""
    at = iso(now)
    try:
        with transact_write() as tx:
            tx.save(SubscriptionRequest(openid=openid, request_id=request_id, expires_at=now + REQUEST_KEPT),
                    condition=SubscriptionRequest.PK.does_not_exist())
            for template_id, said in [(t, "accepted") for t in accepted] + [(t, "rejected") for t in rejected]:
                item = Subscription(openid=openid, template_id=template_id)
                actions = [Subscription.type.set(Subscription), Subscription.openid.set(openid),
                           Subscription.template_id.set(template_id), Subscription.account.set(account),
                           Subscription.updated_at.set(at), getattr(Subscription, said).add(1)]
                if said == "accepted":
                    actions.append(Subscription.remaining.add(1))
                tx.update(item, actions=actions)
    except TransactWriteError as exc:
        reasons = [getattr(r, "code", None) for r in (exc.cancellation_reasons or [])]
        if reasons and reasons[0] == "ConditionalCheckFailed":
            return False
        raise
    return True


def remaining(openid):
    """{template_id: remaining} of the citizen (one query)."""
    return {s.template_id: int(s.remaining or 0) for s in Subscription.query(
        f"CITIZEN#{openid}", Subscription.SK.startswith("SUBSCRIBE#"))}


def spend(openid, template_id):
    """Take one authorised message, only if one is left (conditional): True when taken."""
    try:
        Subscription(openid=openid, template_id=template_id).update(
            actions=[Subscription.remaining.add(-1)], condition=Subscription.remaining > 0)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def refund(openid, template_id):
    """Give back one taken for a message that did not go out."""
    _if_present(openid, template_id, Subscription.remaining.add(1))


def clear(openid, template_id):
    """WeChat says the citizen has no authorisation left (43101): ours follows."""
    _if_present(openid, template_id, Subscription.remaining.set(0))


def _if_present(openid, template_id, action):
    try:
        Subscription(openid=openid, template_id=template_id).update(
            actions=[action], condition=Subscription.PK.exists())
    except UpdateError as exc:
        if exc.cause_response_code != "ConditionalCheckFailedException":
            raise
