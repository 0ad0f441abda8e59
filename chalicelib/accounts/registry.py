"""Which Official Account a name means, with everything needed to verify its pushes and send as it.

An account name is a bureau code (one account per bureau: `Bureau.account` is the code) or
`lawyers` (the lawyers' platform account). `Accounts.resolve(name)` joins the public parts (the
Account item, AP-73), the bureau's status (AP-70) and the secrets (the secrets port) into one
`AccountConfig`, cached per function instance for 5 minutes: a cold webhook pays one BatchGetItem
for the Bureau and Account items, a warm one nothing. Unknown names are cached too, so a flood of
pushes to a made-up bureau costs the table one read per 5 minutes.

For the default bureau a missing item falls back to settings (`bureaus.synthesise`,
`bureaus.default_account`: today's WECHAT_* deployment); an account named in LOCAL_ACCOUNTS but
without an item gets its appid and original id from there (local stand-ins).
"""
import logging
import re
from dataclasses import dataclass, field
from typing import Optional

from chalicelib import bureaus
from chalicelib.db import keys
from chalicelib.logs import log

CACHE_SECONDS = 300
ACCOUNT_NAME = re.compile(r"^[0-9]{6}$|^lawyers$")
LIVE, ONBOARDING = "live", "onboarding"


@dataclass(frozen=True)
class AccountConfig:
    name: str  # bureau code or `lawyers`
    appid: str
    secrets: object = field(repr=False)  # AccountSecrets
    original_id: str = ""  # gh_…: what WeChat sends as ToUserName ("" = not checked)
    bureau: Optional[str] = None  # None for the lawyers' account
    county: Optional[str] = None  # the bureau's first region: where its chat questions are filed
    bureau_name: str = ""
    status: str = LIVE  # the bureau's; the lawyers' account is live once it exists
    templates: dict = field(default_factory=dict)
    mode: str = "safe"

    @property
    def token(self):
        return self.secrets.token

    @property
    def aes_keys(self):
        return self.secrets.aes_keys

    @property
    def appsecret(self):
        return self.secrets.appsecret

    @property
    def is_lawyers(self):
        return self.name == keys.LAWYERS_ACCOUNT

    def accepts(self, method):
        """POSTs only while live; the URL check (GET) also while onboarding (WeChat verifies the URL
        before the account is switched on)."""
        return self.status == LIVE or (method == "GET" and self.status == ONBOARDING)


def load_items(name):
    """(Bureau or None, Account or None) in one BatchGetItem."""
    from chalicelib.db.bureaus import bureau_and_account

    return bureau_and_account(name)


class Accounts:
    def __init__(self, settings, clock, secrets, load=load_items, cache_seconds=CACHE_SECONDS):
        self.settings, self.clock, self.secrets, self.load = settings, clock, secrets, load
        self.cache_seconds = cache_seconds
        self._cache = {}

    def resolve(self, name):
        """The AccountConfig of `name`, or None: a malformed name, an unknown bureau or account, or
        one without secrets. Suspended bureaus resolve (with their status): callers decide."""
        name = str(name or "")
        if not ACCOUNT_NAME.match(name):
            return None
        now = self.clock.now()
        cached = self._cache.get(name)
        if cached and (now - cached[0]).total_seconds() < self.cache_seconds:
            return cached[1]
        try:
            bureau, item = self.load(name)
        except Exception:
            if name != self.settings.default_bureau:
                raise
            # The table is out: the default bureau still answers from settings (its citizens are
            # asked to send again rather than met with silence); nothing is cached.
            log("account_items_unreadable", logging.WARNING, account=name)
            return self._build(name, None, None)
        config = self._build(name, bureau, item)
        self._cache[name] = (now, config)
        return config

    def _build(self, name, bureau, item):
        s = self.settings
        lawyers = name == keys.LAWYERS_ACCOUNT
        if bureau is None and not lawyers and name == s.default_bureau:
            bureau = bureaus.synthesise(s)
        if bureau is None and not lawyers:
            return None
        secrets = self.secrets.get(name)
        if secrets is None:
            return None
        if item is None and name == s.default_bureau:
            fallback = bureaus.default_account(s, bureau)  # today's WECHAT_* deployment
            item = fallback if not secrets.appid else None
            templates = fallback.templates
        else:
            templates = getattr(item, "templates", None) or {}
        appid = (item.appid if item is not None else "") or secrets.appid
        if not appid:
            return None
        return AccountConfig(
            name=name, appid=appid, secrets=secrets,
            original_id=(getattr(item, "original_id", None) or secrets.original_id or ""),
            bureau=None if lawyers else bureau.code,
            county=None if lawyers else ((bureau.regions or [bureau.code])[0]),
            bureau_name="" if lawyers else bureau.name,
            status=LIVE if lawyers else bureau.status,
            templates=dict(templates),
            mode=getattr(item, "mode", None) or ("safe" if secrets.aes_key else "plain"))
