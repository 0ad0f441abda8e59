"""The composition root: the one place real collaborators are created (lazily) and wired.

Routes and scheduled functions ask `services()` for what they need; tests install their own with
`use(Services(settings=..., clock=...))`.
"""
from functools import cached_property

from chalicelib import aws, settings as settings_module
from chalicelib.clock import SystemClock


class Services:
    def __init__(self, settings=None, clock=None):
        self._settings = settings
        self._clock = clock
        self._bound = False

    @cached_property
    def settings(self):
        return self._settings or settings_module.get_settings()

    @cached_property
    def clock(self):
        return self._clock or SystemClock()

    def table(self):
        """Bind the table models to the configured table once; returns the settings' table name."""
        if not self._bound:
            from chalicelib.db.base import bind

            bind(self.settings)
            self._bound = True
        return self.settings.table_name

    def accounts(self):
        """The Official Accounts registry: public parts from the table, secrets from SSM or the
        environment, each cached for 5 minutes per function instance."""
        if "_accounts" not in self.__dict__:
            from chalicelib.accounts import Accounts, secrets_for

            self.table()
            secrets = secrets_for(self.settings, self.clock, ssm_client=lambda: self.ssm())
            self._accounts = Accounts(self.settings, self.clock, secrets)
        return self._accounts

    def wechat_api(self, account=None):
        """The WeChat API client of one Official Account (default: the default bureau's), with its
        own access token item `WECHAT#<account>`. None when the account is unknown or has no
        secrets."""
        from chalicelib.db.messaging import TableTokenStore
        from chalicelib.wechat.api import WeChatAPI

        account = account or self.settings.default_bureau
        config = self.accounts().resolve(account)
        if config is None:
            return None
        clients = self.__dict__.setdefault("_wechat_apis", {})
        known = clients.get(account)
        if known is None or (known.appid, known.secret) != (config.appid, config.appsecret):
            known = WeChatAPI(self.settings.wechat_api_base, config.appid, config.appsecret,
                              store=TableTokenStore(account), clock=self.clock)
            clients[account] = known
        return known

    def senders(self):
        """What delivery asks for a notification's account: (client, template ids)."""
        return AccountSenders(self)

    def s3(self):
        return aws.client("s3", self.settings)

    def dynamodb(self):
        return aws.client("dynamodb", self.settings)

    def ssm(self):
        return aws.client("ssm", self.settings)


class AccountSenders:
    """delivery's view of the accounts: `for_account(name)` → (WeChat client or None, templates)."""

    def __init__(self, services):
        self.services = services

    def for_account(self, account):
        account = account or self.services.settings.default_bureau
        config = self.services.accounts().resolve(account)
        if config is None:
            return None, {}
        return self.services.wechat_api(account), config.templates


_current = None


def services():
    global _current
    if _current is None:
        _current = Services()
    return _current


def use(replacement):
    """Install `replacement` as the process's services (tests); returns it."""
    global _current
    _current = replacement
    return replacement
