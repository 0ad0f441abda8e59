"""`make wechat-menu` against the local WeChat stand-in: a stable_token, then the filled menu posted to
/cgi-bin/menu/create; a refusal is reported, not raised."""
from types import SimpleNamespace

import pytest

from chalicelib.clock import SystemClock
from local.publish_menu import load_menu, publish
from local.wechat_stub import serve

APPID, SECRET = "wxmenutest000001", "menu-secret"


@pytest.fixture
def standin():
    server, standin = serve(0, appid=APPID, secret=SECRET)
    yield f"http://127.0.0.1:{server.server_address[1]}", standin
    server.shutdown()
    server.server_close()


def test_the_menu_is_published_with_a_stable_token_and_our_links(standin):
    # Given the WeChat stand-in and the app's settings pointing at it
    base, recorder = standin
    settings = SimpleNamespace(wechat_api_base=base, wechat_appid=APPID, wechat_appsecret=SECRET)
    menu = load_menu("https://zst.example.cn")
    # When the menu is published
    answer = publish(menu, settings, SystemClock())
    # Then WeChat got a non-forced stable_token request, then exactly our menu with that token
    assert answer["errcode"] == 0
    token_calls = recorder.records(path="/cgi-bin/stable_token")
    (menu_call,) = recorder.records(path="/cgi-bin/menu/create")
    assert len(token_calls) == 1 and token_calls[0]["json"]["force_refresh"] is False
    assert menu_call["json"] == menu
    assert menu_call["query"]["access_token"] == token_calls[0]["answer"]["access_token"]
    assert "https://zst.example.cn/h5/laws" in str(menu_call["json"])


def test_wrong_credentials_are_reported_by_errcode(standin):
    from chalicelib.wechat.api import ApiError

    base, _ = standin
    settings = SimpleNamespace(wechat_api_base=base, wechat_appid=APPID, wechat_appsecret="wrong")
    with pytest.raises(ApiError) as refused:
        publish(load_menu("https://zst.example.cn"), settings, SystemClock())
    assert refused.value.errcode == 40125


def test_a_bureaus_menu_goes_out_on_its_own_account_with_links_naming_the_bureau(standin, env, clock):
    import io
    import json

    from moto import mock_aws

    from chalicelib.admin import bureaus as command
    from chalicelib.db.bureaus import Account, Bureau
    from chalicelib.db.schema import table_definition
    from chalicelib.wiring import Services, use

    base, recorder = standin
    # Given 大余 with its own account (the stand-in knows its appid) and the default bureau's unknown
    env(WECHAT_API_BASE=base, PUBLIC_BASE_URL="https://zst.example.cn", LOCAL_ACCOUNTS=json.dumps(
        {"360723": {"appid": APPID, "appsecret": SECRET, "token": "dayutoken1"}}))
    with mock_aws():
        services = use(Services(clock=clock))
        services.dynamodb().create_table(**table_definition(services.settings.table_name))
        services.table()
        Bureau(code="360723", name="大余县司法局", short_name="大余", regions=["360723"],
               account="360723").save()
        Account(account="360723", appid=APPID, bureau="360723").save()
        # When the operator publishes 大余's menu
        out = io.StringIO()
        assert command.main(["menu", "--code", "360723"], out=out) == 0
    use(None)
    # Then WeChat got it with 大余's token, every link carrying ?bureau=360723
    (menu_call,) = recorder.records(path="/cgi-bin/menu/create")
    links = [sub["url"] for button in menu_call["json"]["button"]
             for sub in button.get("sub_button", []) if sub.get("type") == "view"]
    assert links and all(link.endswith("bureau=360723") for link in links)
    assert "menu of 360723 published" in out.getvalue()
