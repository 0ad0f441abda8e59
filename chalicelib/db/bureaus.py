"""Bureaus and their Official Accounts (issue 10; docs/decisions/many-bureaus.md §1, AP-70..73).

A Bureau is one 司法局 on the platform, keyed by the GB/T 2260 code of its division; an Account is
the public part of one Official Account (its secrets live in SSM, never in the table); a CountyClaim
makes a county belong to at most one bureau.
"""
from pynamodb.attributes import JSONAttribute, ListAttribute, NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, TransactWriteError, UpdateError

from chalicelib.db import keys
from chalicelib.db.base import Item, transact_write
from chalicelib.db.writes import cancelled

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


def new_bureau(**fields):
    """A Bureau value (settings' default bureau, or one the seeds or onboarding write)."""
    return Bureau(**fields)


def new_account(**fields):
    """An Account value (its public parts)."""
    return Account(**fields)


def new_claim(county, bureau):
    """A CountyClaim value: `county` belongs to `bureau`."""
    return CountyClaim(county=county, bureau=bureau)


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


def bureau_and_account(name):
    """(Bureau or None, Account or None) of account `name` in one BatchGetItem (AP-70, AP-73); the
    lawyers' account has no Bureau."""
    wanted = [(keys.account_pk(name), keys.ACCOUNT_SK)]
    if name != keys.LAWYERS_ACCOUNT:
        wanted.append((keys.bureau_pk(name), keys.BUREAU_SK))
    found = list(Item.batch_get(wanted))
    bureau = next((i for i in found if isinstance(i, Bureau)), None)
    account = next((i for i in found if isinstance(i, Account)), None)
    return bureau, account


def bureaus():
    """Every bureau on the platform, by code: one Query of GSI1 `BUREAUS` (AP-71)."""
    return [b for b in Item.gsi1.query(keys.BUREAUS_PARTITION) if isinstance(b, Bureau)]


def create(fields, regions, jobs):
    """The Bureau, its county claims and its first `jobs` (its monthly report's, …) in one
    transaction, the Bureau and every claim only if absent. A refusal raises `writes.Cancelled`
    naming "bureau", a county code of `regions`, or "job"."""
    try:
        with transact_write() as txn:
            txn.save(Bureau(**fields), condition=Bureau.PK.does_not_exist())
            for county in regions:
                claim = CountyClaim(county=county, bureau=fields["code"])
                txn.save(claim, condition=CountyClaim.PK.does_not_exist())
            for job in jobs:
                txn.save(job)
    except TransactWriteError as exc:  # all puts, in this order
        raise cancelled(exc, ["bureau", *regions, *(["job"] * len(jobs))]) from exc


def county_holder(county):
    """The code of the bureau that claimed `county`, or None (AP-72)."""
    try:
        return CountyClaim.get(keys.county_claim_pk(county), keys.BUREAU_SK).bureau
    except DoesNotExist:
        return None


def put_account(**fields):
    """Write an Account item (its public parts; the whole item is replaced)."""
    Account(**fields).save()


def set_templates(account, templates):
    """Set the Account's `templates` if they are still those it was read with; False if refused."""
    condition = Account.templates.does_not_exist() | (Account.templates == account.templates)
    try:
        account.update([Account.templates.set(templates)], condition=condition)
    except UpdateError:
        return False
    return True


def change_status(code, old, new):
    """Set bureau `code` to status `new` if it still is `old`; False if the update was refused."""
    try:
        Bureau(code=code).update([Bureau.status.set(new)], condition=Bureau.status == old)
    except UpdateError:
        return False
    return True
