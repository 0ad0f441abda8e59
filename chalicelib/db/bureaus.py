"""Bureaus and their Official Accounts (issue 10; docs/decisions/many-bureaus.md §1, AP-70..73).

A Bureau is one 司法局 on the platform, keyed by the GB/T 2260 code of its division; an Account is
the public part of one Official Account (its secrets live in SSM, never in the table); a CountyClaim
makes a county belong to at most one bureau.
"""
from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.db import keys
from chalicelib.db.base import Item

LEVELS = ("county", "city", "province")
STATUSES = ("onboarding", "live", "suspended")


class Bureau(Item, discriminator="Bureau"):
    """`look` is {primary_color, logo_key, footer: {address, phone, hours}}; `payout_fen` is
    {category: fen} for a 中标 answer (a missing category falls back to Category.payout_fen)."""
    code = UnicodeAttribute()
    name = UnicodeAttribute()
    short_name = UnicodeAttribute()
    level = UnicodeAttribute(default="county")
    regions = ListAttribute(of=UnicodeAttribute, default=list)
    account = UnicodeAttribute()  # the bureau code itself: one Official Account per bureau
    look = JSONAttribute(default=dict)
    payout_fen = JSONAttribute(default=dict)
    status = UnicodeAttribute(default="live")

    def keys(self):
        return {"PK": keys.bureau_pk(self.code), "SK": keys.BUREAU_SK,
                "GSI1PK": keys.BUREAUS_PARTITION, "GSI1SK": self.code}


class Account(Item, discriminator="Account"):
    """An Official Account's public parts; `account` is a bureau code or `lawyers`. `templates` is
    {template_key: {template, subscribe}}: template ids belong to an appid."""
    account = UnicodeAttribute()
    appid = UnicodeAttribute()
    original_id = UnicodeAttribute(null=True)  # gh_…, what WeChat sends as ToUserName
    bureau = UnicodeAttribute(null=True)  # none for the lawyers' account
    templates = JSONAttribute(default=dict)
    menu_version = NumberAttribute(null=True)
    mode = UnicodeAttribute(default="safe")  # plain | safe

    def keys(self):
        return {"PK": keys.account_pk(self.account), "SK": keys.ACCOUNT_SK}


class CountyClaim(Item, discriminator="CountyClaim"):
    """A county belongs to at most one bureau: written with attribute_not_exists (AP-72)."""
    county = UnicodeAttribute()
    bureau = UnicodeAttribute()

    def keys(self):
        return {"PK": keys.county_claim_pk(self.county), "SK": keys.BUREAU_SK}


def find_bureau(code):
    """The stored Bureau of `code`, or None (AP-70)."""
    try:
        return Bureau.get(keys.bureau_pk(code), keys.BUREAU_SK)
    except DoesNotExist:
        return None


def find_account(account):
    """The stored Account, or None (AP-73)."""
    try:
        return Account.get(keys.account_pk(account), keys.ACCOUNT_SK)
    except DoesNotExist:
        return None
