"""`make wechat-templates` against the local WeChat stand-in: the account's templates are listed
through its own client and token, and each notice kind is said to fit, to have none, or not to fit."""
import io
import json
from pathlib import Path

import pytest

from chalicelib import notice_kinds
from chalicelib.admin import templates as command
from chalicelib.db.bureaus import Account, Bureau
from local.wechat_stub import serve

APPID, SECRET = "wx0123456789abcdef", "dayu-secret"
LOCAL = json.loads((Path(__file__).parents[2] / "local" / "wechat-templates.json").read_text())


@pytest.fixture
def dayu(env, moto_table):
    server, standin = serve(0, appid=APPID, secret=SECRET)
    env(WECHAT_API_BASE=f"http://127.0.0.1:{server.server_address[1]}", LOCAL_ACCOUNTS=json.dumps(
        {"360723": {"appid": APPID, "appsecret": SECRET, "token": "dayutoken1"}}))
    from chalicelib.wiring import Services, use
    services = use(Services(clock=moto_table.clock))
    services.table()
    Bureau(code="360723", name="大余县司法局", short_name="大余", regions=["360723"],
           account="360723", status="onboarding").save()
    yield standin
    server.shutdown()
    server.server_close()


def _check(account="360723"):
    out = io.StringIO()
    return command.main(["--account", account], out=out), out.getvalue()


def test_every_kind_fits_when_the_account_uses_the_local_configuration(dayu):
    # Given 大余's account configured with the local templates
    Account(account="360723", appid=APPID, bureau="360723",
            templates=notice_kinds.normalise(LOCAL)).save()
    # When the operator checks it
    code, out = _check()
    # Then both template lists were asked for with the account's token, and every kind fits
    assert code == 0, out
    assert [r["path"] for r in dayu.records() if r["method"] == "GET"] == [
        "/cgi-bin/template/get_all_private_template", "/wxaapi/newtmpl/gettemplate"]
    assert "Account 360723: 10 templates at WeChat" in out and "会议提醒" in out
    n = len(notice_kinds.needed("360723"))  # a bureau's account: its citizens' and staff's kinds
    assert f"{n} of {n} kinds have a fitting template" in out


def test_kinds_without_a_template_or_whose_keywords_dont_fit_are_named(dayu):
    # Given an account with one kind missing and one whose keywords point at the wrong template
    config = dict(LOCAL)
    config.pop("application_status")
    config["application_deadline"] = {"template": {"id": "zst-local-tmpl-meeting", "keywords": {
        "thing1": "service", "character_string2": "application", "thing3": "note", "time4": "time"}}}
    Account(account="360723", appid=APPID, bureau="360723",
            templates=notice_kinds.normalise(config)).save()
    # When the operator checks it
    code, out = _check()
    # Then it fails, naming the kind with none (and the template that could carry it)…
    assert code == 1
    assert ("NONE     application_status (subscribe, 办事进度通知): no template configured; "
            "could use: zst-local-sub-application") in out
    # …and the kind whose keywords are not the template's
    misfit = next(line for line in out.splitlines() if "application_deadline" in line)
    assert "MISFIT" in misfit and "character_string2 is not a keyword of the template" in misfit
    assert "the template's date2 is filled by nothing" in misfit
    n = len(notice_kinds.needed("360723"))
    assert f"{n - 2} of {n} kinds have a fitting template; 2 need attention" in out


def test_an_unknown_account_is_refused(dayu, capsys):
    assert _check("360799")[0] == 2
    assert "unknown or has no secrets" in capsys.readouterr().err
