"""The secrets port against moto's SSM and the environment, and the account registry on moto's table:
one GetParametersByPath per account per 5 minutes, rotation keys, LOCAL_ACCOUNTS, the WECHAT_*
fallback of the default bureau, and which accounts resolve at all."""
import json
from datetime import timedelta

import pytest

from chalicelib.accounts import Accounts, EnvSecrets, SsmSecrets, secrets_for
from chalicelib.clock import FixedClock, parse_instant
from chalicelib.db.bureaus import Account, Bureau

NOW = parse_instant("2026-12-02T02:00:00Z")
PREFIX = "/zhangshangtong/test"
KEY_A, KEY_B = "a" * 43, "b" * 43


@pytest.fixture
def ssm(moto_table):
    """moto's SSM holding bureau 360723's secrets (during a key rotation) and a neighbour's."""
    client = moto_table.ssm()
    for name, value in {"appsecret": "dy-secret", "token": "dytoken", "aes-key": KEY_B,
                        "previous-aes-key": KEY_A}.items():
        client.put_parameter(Name=f"{PREFIX}/accounts/360723/{name}", Value=value,
                             Type="SecureString")
    client.put_parameter(Name=f"{PREFIX}/accounts/3607230/token", Value="not-ours",
                         Type="SecureString")
    return client


def counting(client):
    calls = []
    original = client.get_parameters_by_path

    def wrapped(**kwargs):
        calls.append(kwargs["Path"])
        return original(**kwargs)
    client.get_parameters_by_path = wrapped
    return calls


def test_ssm_secrets_are_read_by_path_once_per_five_minutes(ssm):
    # Given the SSM adapter on a container's clock
    clock = FixedClock(NOW)
    calls = counting(ssm)
    port = SsmSecrets(ssm, PREFIX, clock)
    # When the account's secrets are asked for three times within 5 minutes, then once after
    first = port.get("360723")
    clock.advance(timedelta(minutes=4, seconds=59))
    port.get("360723")
    port.get("360723")
    clock.advance(timedelta(seconds=1))
    port.get("360723")
    # Then SSM was asked twice, on the account's own path (not its neighbour's)
    assert calls == [f"{PREFIX}/accounts/360723/"] * 2
    assert (first.token, first.appsecret, first.aes_keys) == ("dytoken", "dy-secret", [KEY_B, KEY_A])
    assert "dy-secret" not in repr(first) and "dytoken" not in repr(first)


def test_an_account_with_no_parameters_has_no_secrets(ssm):
    assert SsmSecrets(ssm, PREFIX, FixedClock(NOW)).get("360799") is None


def test_local_accounts_and_the_default_bureaus_wechat_variables_stand_in_for_ssm(env):
    # Given LOCAL_ACCOUNTS for the lawyers' account and the WECHAT_* variables of today's deployment
    env(LOCAL_ACCOUNTS=json.dumps({"lawyers": {"appid": "wxLawyers", "appsecret": "ls",
                                               "token": "ltoken", "aes_key": KEY_A,
                                               "original_id": "gh_lawyers"}}),
        WECHAT_TOKEN="xftoken", WECHAT_APPID="wxXinfeng", WECHAT_ENCODING_AES_KEY=KEY_B)
    from chalicelib.settings import get_settings
    port = EnvSecrets(get_settings())
    # Then each account reads its own, and no other bureau falls back on WECHAT_*
    lawyers, default = port.get("lawyers"), port.get("360722")
    assert (lawyers.appid, lawyers.token, lawyers.original_id) == ("wxLawyers", "ltoken", "gh_lawyers")
    assert (default.appid, default.token, default.aes_key) == ("wxXinfeng", "xftoken", KEY_B)
    assert port.get("360723") is None


def test_with_ssm_prefix_set_ssm_answers_first_and_the_environment_fills_in(ssm, env, moto_table):
    env(SSM_PREFIX=PREFIX + "/", WECHAT_TOKEN="xftoken")
    from chalicelib.settings import get_settings
    settings = get_settings()
    port = secrets_for(settings, FixedClock(NOW), ssm_client=lambda: ssm)
    assert settings.ssm_prefix == PREFIX
    assert port.get("360723").source == "ssm"
    assert port.get("360722").source == "wechat_env"  # the transition fallback


# -- the registry ---------------------------------------------------------------------------------
def registry(moto_table, ssm, clock=None):
    from chalicelib.accounts import Chain
    from chalicelib.settings import get_settings

    settings = get_settings()
    clock = clock or FixedClock(NOW)
    return Accounts(settings, clock, Chain(SsmSecrets(ssm, PREFIX, clock), EnvSecrets(settings)))


def test_a_bureaus_account_joins_its_items_and_its_secrets(moto_table, ssm):
    Bureau(code="360723", name="大余县司法局", short_name="大余", regions=["360723"],
           account="360723", status="onboarding").save()
    Account(account="360723", appid="wxDayu", original_id="gh_dayu", bureau="360723",
            templates={"consultation_answered": {"subscribe": "DY-1"}}).save()
    config = registry(moto_table, ssm).resolve("360723")
    assert (config.appid, config.original_id, config.bureau, config.county) == (
        "wxDayu", "gh_dayu", "360723", "360723")
    assert config.token == "dytoken" and config.templates["consultation_answered"]["subscribe"] == "DY-1"
    # An onboarding bureau answers WeChat's URL check, not its pushes
    assert config.accepts("GET") and not config.accepts("POST")


@pytest.mark.parametrize("name", ["360799", "36072", "lawyer", "../360723", "360723/x", ""])
def test_unknown_or_malformed_names_resolve_to_nothing(moto_table, ssm, name):
    assert registry(moto_table, ssm).resolve(name) is None


def test_a_bureau_without_secrets_resolves_to_nothing(moto_table, ssm):
    Bureau(code="360724", name="上犹县司法局", short_name="上犹", account="360724").save()
    Account(account="360724", appid="wxShangyou", bureau="360724").save()
    assert registry(moto_table, ssm).resolve("360724") is None


def test_the_default_bureau_needs_no_items_and_answers_from_wechat_variables(moto_table, ssm, env):
    env(WECHAT_TOKEN="xftoken", WECHAT_APPID="wxXinfeng")
    config = registry(moto_table, ssm).resolve("360722")
    assert (config.appid, config.bureau, config.status, config.original_id) == (
        "wxXinfeng", "360722", "live", "")


def test_a_resolved_account_is_read_from_the_table_once_per_five_minutes(moto_table, ssm):
    Bureau(code="360723", name="大余县司法局", short_name="大余", account="360723").save()
    Account(account="360723", appid="wxDayu", bureau="360723").save()
    clock, loads = FixedClock(NOW), []
    from chalicelib.accounts import registry as registry_module

    accounts = registry(moto_table, ssm, clock)
    accounts.load = lambda name: loads.append(name) or registry_module.load_items(name)
    accounts.resolve("360723")
    accounts.resolve("360723")
    clock.advance(timedelta(minutes=5))
    accounts.resolve("360723")
    assert loads == ["360723", "360723"]
