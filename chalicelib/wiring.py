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

    def wechat_api(self):
        """The WeChat API client, its access token cached centrally in the table."""
        if "_wechat_api" not in self.__dict__:
            from chalicelib.db.messaging import TableTokenStore
            from chalicelib.wechat.api import WeChatAPI

            s = self.settings
            self._wechat_api = WeChatAPI(s.wechat_api_base, s.wechat_appid, s.wechat_appsecret,
                                         store=TableTokenStore(), clock=self.clock)
        return self._wechat_api

    def s3(self):
        return aws.client("s3", self.settings)

    def dynamodb(self):
        return aws.client("dynamodb", self.settings)


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
