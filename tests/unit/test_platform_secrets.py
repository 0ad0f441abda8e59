"""On AWS the platform's secrets come from SSM Parameter Store, not from plain environment values
in the template: the session key and the relay key under `<prefix>/platform/`, the default
bureau's WeChat secrets under `<prefix>/accounts/<bureau>/` (the secrets port's layout)."""
from chalicelib.platform_secrets import with_secrets
from chalicelib.settings import Settings, with_stored_secrets

PREFIX = "/zhangshangtong/prod"


class FakeSsm:
    """GetParametersByPath over a dict, one parameter a page (so paging is exercised)."""

    def __init__(self, parameters):
        self.parameters, self.paths = parameters, []

    def get_parameters_by_path(self, Path, Recursive, WithDecryption, NextToken=None):
        assert WithDecryption and not Recursive
        self.paths.append(Path)
        names = sorted(n for n in self.parameters if n.startswith(Path) and "/" not in n[len(Path):])
        start = int(NextToken or 0)
        page = {"Parameters": [{"Name": n, "Value": self.parameters[n]} for n in names[start:start + 1]]}
        if start + 1 < len(names):
            page["NextToken"] = str(start + 1)
        return page


STORED = {
    f"{PREFIX}/platform/session-secret": "s" * 48,
    f"{PREFIX}/platform/token-relay-key": "relay-key",
    f"{PREFIX}/accounts/360722/appsecret": "app-secret",
    f"{PREFIX}/accounts/360722/token": "callbacktoken",
    f"{PREFIX}/accounts/360722/aes-key": "a" * 43,
    f"{PREFIX}/accounts/360799/token": "another-bureaus-token",
}


def test_secrets_are_read_from_ssm_under_the_stage_prefix():
    # Given a production stage whose environment carries no secret
    settings = Settings(stage="prod", ssm_prefix=PREFIX, default_bureau="360722", session_secret="",
                        wechat_appsecret="", wechat_token="", wechat_encoding_aes_key="")
    ssm = FakeSsm(STORED)
    # When the settings are completed from SSM
    loaded = with_secrets(settings, ssm, environ={})
    # Then every secret comes from its parameter, the default bureau's and no other
    assert loaded.session_secret == "s" * 48 and loaded.wechat_token_relay_key == "relay-key"
    assert (loaded.wechat_appsecret, loaded.wechat_token, loaded.wechat_encoding_aes_key) == \
        ("app-secret", "callbacktoken", "a" * 43)
    assert set(ssm.paths) == {f"{PREFIX}/platform/", f"{PREFIX}/accounts/360722/"}


def test_a_value_set_in_the_environment_wins():
    settings = Settings(stage="prod", ssm_prefix=PREFIX, default_bureau="360722",
                        session_secret="from-env-" + "x" * 32)
    loaded = with_secrets(settings, FakeSsm(STORED), environ={"SESSION_SECRET": settings.session_secret})
    assert loaded.session_secret == "from-env-" + "x" * 32 and loaded.wechat_token == "callbacktoken"


def test_missing_parameters_leave_the_secret_empty_so_sessions_fail_closed():
    settings = Settings(stage="prod", ssm_prefix=PREFIX, session_secret="")
    assert with_secrets(settings, FakeSsm({}), environ={}).session_secret == ""


def test_local_and_prefixless_settings_never_call_ssm():
    assert with_stored_secrets(Settings(stage="local", ssm_prefix=PREFIX)).stage == "local"
    assert with_stored_secrets(Settings(stage="prod", ssm_prefix="")).ssm_prefix == ""
