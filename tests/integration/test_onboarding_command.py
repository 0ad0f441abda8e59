"""`python -m chalicelib.admin.bureaus` against a table: a bureau and its county claims are created
together or not at all, and a county belongs to one bureau."""
import io
import json
from pathlib import Path

import pytest

from chalicelib.admin import bureaus as command
from chalicelib.clock import SystemClock
from chalicelib.db.bureaus import Account, Bureau, CountyClaim
from chalicelib.db.reports import report_job
from chalicelib.reports.monthly import month_of
from chalicelib.db.models import Region


@pytest.fixture
def prefixed(env):
    env(SSM_PREFIX="/zhangshangtong/test")  # before the services are built, which read settings once


@pytest.fixture
def table(prefixed, moto_table):
    for code, name, level, parent in (("360700", "赣州市", "city", "360000"),
                                      ("360722", "信丰县", "county", "360700"),
                                      ("360723", "大余县", "county", "360700")):
        Region(code=code, name=name, level=level, parent=parent,
               city=parent if level == "county" else None, province="360000").save()
    return moto_table


def _run(*argv):
    out = io.StringIO()
    return command.main(list(argv), out=out), out.getvalue()


def test_create_then_live_once_the_account_exists(table, capsys):
    # When an operator creates 大余
    code, out = _run("create", "--code", "360723", "--name", "大余县司法局", "--short", "大余")
    # Then the bureau is onboarding and owns its county
    assert code == 0 and "onboarding" in out
    assert Bureau.get("BUREAU#360723", "BUREAU").status == "onboarding"
    assert CountyClaim.get("COUNTY#360723", "BUREAU").bureau == "360723"
    # And its monthly report is due when this month ends
    assert report_job("360723").month == month_of(SystemClock().now())
    # And it cannot go live before its Official Account is set
    assert _run("live", "--code", "360723")[0] == 2
    assert "no Official Account" in capsys.readouterr().err
    Account(account="360723", appid="wx-dayu", bureau="360723").save()
    # nor before every notice kind its citizens and staff hear of has a template
    assert _run("live", "--code", "360723")[0] == 2
    assert "notice kinds have no template" in capsys.readouterr().err
    assert _templates(LOCAL_TEMPLATES)[0] == 0
    assert _run("live", "--code", "360723") == (0, "bureau 360723: onboarding -> live\n")
    assert "360723  大余     live" in _run("list")[1]


def test_a_county_served_by_another_bureau_is_refused_and_nothing_is_written(table, capsys):
    # Given 赣州市 serving 信丰 directly
    assert _run("create", "--code", "360700", "--name", "赣州市司法局", "--short", "赣州",
                "--level", "city", "--regions", "360722")[0] == 0
    # When 信丰县 is created too
    code, _ = _run("create", "--code", "360722", "--name", "信丰县司法局", "--short", "信丰")
    # Then it is refused, naming who serves the county, and no Bureau item was written
    assert code == 2 and "360722 (360700)" in capsys.readouterr().err
    assert Bureau.count("BUREAU#360722") == 0
    # And creating a bureau twice is refused too
    assert _run("create", "--code", "360700", "--name", "赣州市司法局", "--short", "赣州",
                "--level", "city", "--regions", "360722")[0] == 2
    assert "exists already" in capsys.readouterr().err


SECRETS = {"appsecret": "s" * 32, "token": "dayutoken1", "aes_key": "A" * 43}


def _account(stdin, code="360723", appid="wx0123456789abcdef", original="gh_0123456789ab"):
    out = io.StringIO()
    result = command.main(["account", "--code", code, "--appid", appid, "--original-id", original],
                          out=out, stdin=io.StringIO(json.dumps(stdin)))
    return result, out.getvalue()


def test_account_puts_secrets_in_ssm_and_only_public_parts_in_the_table(table):
    assert _run("create", "--code", "360723", "--name", "大余县司法局", "--short", "大余")[0] == 0
    # When the operator sets 大余's account, secrets on stdin
    code, out = _account(SECRETS)
    # Then the secrets are SecureStrings under the account's path, and the item holds no secret
    assert code == 0 and "secrets in SSM" in out and SECRETS["token"] not in out
    ssm = table.ssm()
    stored = ssm.get_parameters_by_path(Path="/zhangshangtong/test/accounts/360723/",
                                        WithDecryption=True)["Parameters"]
    assert {p["Name"].rsplit("/", 1)[1]: (p["Type"], p["Value"]) for p in stored} == {
        "appsecret": ("SecureString", "s" * 32), "token": ("SecureString", "dayutoken1"),
        "aes-key": ("SecureString", "A" * 43)}
    item = Account.get("ACCOUNT#360723", "ACCOUNT")
    assert (item.appid, item.original_id, item.bureau, item.mode) == (
        "wx0123456789abcdef", "gh_0123456789ab", "360723", "safe")
    assert not {"s" * 32, "dayutoken1", "A" * 43} & set(json.dumps(item.serialize()).split('"'))
    # And once its templates are set, the bureau may go live
    assert _templates(LOCAL_TEMPLATES)[0] == 0
    assert _run("live", "--code", "360723")[0] == 0


def test_a_token_another_account_uses_or_a_malformed_appid_is_refused_and_nothing_is_written(
        table, capsys):
    table.ssm().put_parameter(Name="/zhangshangtong/test/accounts/360722/token", Value="dayutoken1",
                              Type="SecureString")
    assert _run("create", "--code", "360723", "--name", "大余县司法局", "--short", "大余")[0] == 0
    assert _account(SECRETS)[0] == 2 and "already uses this token" in capsys.readouterr().err
    assert _account({**SECRETS, "token": "fresh1"}, appid="wx123")[0] == 2
    assert _account({**SECRETS, "token": "fresh1", "aes_key": "short"})[0] == 2
    assert Account.count("ACCOUNT#360723") == 0
    names = [p["Name"] for p in table.ssm().get_parameters_by_path(
        Path="/zhangshangtong/test/accounts/", Recursive=True)["Parameters"]]
    assert names == ["/zhangshangtong/test/accounts/360722/token"]


LOCAL_TEMPLATES = (Path(__file__).parents[2] / "local" / "wechat-templates.json").read_text()


def _templates(stdin, code="360723"):
    out = io.StringIO()
    return command.main(["templates", "--code", code], out=out, stdin=io.StringIO(stdin)), out.getvalue()


def test_templates_are_set_from_json_on_stdin_and_a_configuration_that_cannot_carry_a_kind_is_refused(
        table, capsys):
    # Given 大余 with its account
    assert _run("create", "--code", "360723", "--name", "大余县司法局", "--short", "大余")[0] == 0
    assert _templates("{}")[0] == 2 and "no account 360723" in capsys.readouterr().err
    Account(account="360723", appid="wx0123456789abcdef", bureau="360723").save()
    # When the operator gives one kind only
    one = {"application_status": json.loads(LOCAL_TEMPLATES)["application_status"]}
    code, out = _templates(json.dumps(one))
    # Then it is stored with its keywords, and the command names the kinds still without a template
    assert code == 0 and "still without a template" in out and "consultation_answered (subscribe)" in out
    stored = Account.get("ACCOUNT#360723", "ACCOUNT").templates
    assert stored["application_status"] == {"subscribe": "zst-local-sub-application", "subscribe_keywords": {
        "thing1": "service", "phrase2": "status", "thing3": "note", "time4": "time"}}
    # When the whole local configuration follows, the earlier entry is kept and nothing is missing
    assert _templates(LOCAL_TEMPLATES) == (0, "templates of 360723 set; every notice kind it sends has one\n")
    # And a configuration that cannot carry its kind, or that is not JSON, changes nothing
    before = Account.get("ACCOUNT#360723", "ACCOUNT").templates
    bad = {"application_status": {"subscribe": {"id": "X", "keywords": {"thing1": "service"}}}}
    assert _templates(json.dumps(bad))[0] == 2 and "missing: status, note, time" in capsys.readouterr().err
    assert _templates("not json")[0] == 2
    assert Account.get("ACCOUNT#360723", "ACCOUNT").templates == before


def test_the_lawyers_account_is_set_and_given_templates_like_a_bureaus(table, capsys):
    # Given no Account item for the lawyers' platform account (it belongs to no bureau)
    assert _templates(LOCAL_TEMPLATES, code="lawyers")[0] == 2 and "no account lawyers" in capsys.readouterr().err
    # When the operator sets it as docs/go-live.md step 7 says, secrets on stdin
    code, out = _account(SECRETS, code="lawyers")
    # Then its secrets are under accounts/lawyers/ and the item names no bureau
    assert code == 0 and "account of lawyers set" in out
    names = {p["Name"] for p in table.ssm().get_parameters_by_path(
        Path="/zhangshangtong/test/accounts/lawyers/", Recursive=True)["Parameters"]}
    assert names == {f"/zhangshangtong/test/accounts/lawyers/{n}" for n in ("appsecret", "token", "aes-key")}
    item = Account.get("ACCOUNT#lawyers", "ACCOUNT")
    assert (item.appid, item.bureau) == ("wx0123456789abcdef", None)
    # And its templates are set: every kind a lawyer hears of has one
    assert _templates(LOCAL_TEMPLATES, code="lawyers") == (
        0, "templates of lawyers set; every notice kind it sends has one\n")
    assert Account.get("ACCOUNT#lawyers", "ACCOUNT").templates["consultation_dispatched"]["template"]
