"""Which Official Account a WeChat sign-in runs on (design §4: an openid belongs to one appid).

WeChat gives one person a different openid in each account, so the OAuth exchange must use the
appid and secret of the account whose pages the person came from: a lawyer's pages sign in on the
lawyers' account, a bureau's pages (`?bureau=` in the page address) on that bureau's account.
"""
from urllib.parse import parse_qs, urlsplit

from chalicelib.accounts import ACCOUNT_NAME
from chalicelib.auth.oauth import safe_next
from chalicelib.db.keys import LAWYERS_ACCOUNT

LAWYER_PAGES = "/h5/lawyer"


def choose(query, resolve, default):
    """The AccountConfig to sign in with: `account=` if given and known, else `lawyers` for a
    lawyer's page, else the `bureau=` of the page (or of the request), else `default`'s. An unknown
    or unconfigured candidate falls through to the next; `resolve(name)` is the registry's."""
    next_path = safe_next(query.get("next"))
    page_bureau = parse_qs(urlsplit(next_path).query).get("bureau", [None])[0]
    candidates = [query.get("account"),
                  LAWYERS_ACCOUNT if next_path.startswith(LAWYER_PAGES) else None,
                  page_bureau, query.get("bureau"), default]
    for name in candidates:
        if isinstance(name, str) and ACCOUNT_NAME.match(name):
            config = resolve(name)
            if config is not None:
                return config
    return None
