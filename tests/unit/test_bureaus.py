"""The default bureau: stored, or synthesised from settings; DEFAULT_BUREAU with BUREAU_COUNTY as its
alias; the items of a bureau, its account and its county claim (issue 10, many-bureaus.md §1)."""
import pytest

from chalicelib import bureaus
from chalicelib.db.bureaus import Account, Bureau, CountyClaim
from chalicelib.settings import Settings
from seeds.datasets import bureau_items, staff_items


def test_the_default_bureau_is_xinfeng_when_nothing_is_set(env):
    settings = Settings()
    assert settings.default_bureau == "360722"
    assert settings.bureau_county == "360722"


def test_bureau_county_is_still_read_as_the_default_bureau(env):
    # Given a deployment configured before issue 10
    env(BUREAU_COUNTY="360723")
    # Then its county is the default bureau, and what reads bureau_county reads the same code
    settings = Settings()
    assert settings.default_bureau == "360723" and settings.bureau_county == "360723"


def test_default_bureau_wins_over_its_old_name(env):
    env(BUREAU_COUNTY="360723", DEFAULT_BUREAU="360781")
    settings = Settings()
    assert settings.default_bureau == "360781" and settings.bureau_county == "360781"


def test_without_a_stored_bureau_the_default_is_synthesised_from_settings(env):
    # Given settings naming the default bureau and a table that holds no Bureau item
    env(DEFAULT_BUREAU="360723", DEFAULT_BUREAU_NAME="大余县司法局", DEFAULT_BUREAU_SHORT_NAME="大余")
    asked = []
    # When the default bureau is asked for
    bureau = bureaus.default_bureau(Settings(), find=lambda code: asked.append(code))
    # Then the table was asked for that code, and settings describe a live county bureau on its account
    assert asked == ["360723"]
    assert (bureau.code, bureau.name, bureau.short_name) == ("360723", "大余县司法局", "大余")
    assert bureau.regions == ["360723"] and bureau.account == "360723"
    assert bureau.level == "county" and bureau.status == "live"


def test_a_stored_default_bureau_is_returned_as_stored(env):
    stored = Bureau(code="360722", name="信丰县司法局（新）", short_name="信丰", regions=["360722"],
                    account="360722", look={"primary_color": "#1a5fb4"})
    assert bureaus.default_bureau(Settings(), find=lambda code: stored) is stored


def test_bureau_account_and_claim_items_have_the_designed_keys():
    bureau = Bureau(code="360722", name="信丰县司法局", short_name="信丰", regions=["360722"],
                    account="360722").serialize()
    assert (bureau["PK"]["S"], bureau["SK"]["S"]) == ("BUREAU#360722", "BUREAU")
    assert (bureau["GSI1PK"]["S"], bureau["GSI1SK"]["S"]) == ("BUREAUS", "360722")
    account = Account(account="lawyers", appid="wx1").serialize()
    assert (account["PK"]["S"], account["SK"]["S"]) == ("ACCOUNT#lawyers", "ACCOUNT")
    assert "bureau" not in account  # the lawyers' account belongs to no bureau
    claim = CountyClaim(county="360722", bureau="360722").serialize()
    assert (claim["PK"]["S"], claim["SK"]["S"]) == ("COUNTY#360722", "BUREAU")


def test_the_seed_writes_the_default_bureau_with_its_account_and_county_claim(env):
    # Given the default bureau 信丰 and today's WECHAT_* account in safe mode
    env(WECHAT_APPID="wx-xinfeng", WECHAT_ENCODING_AES_KEY="k" * 43)
    # When the seed's bureau items are built
    bureau, account, claim, *others = bureau_items("360722")
    # Then the bureau is 信丰县司法局 on its own account, which is today's appid, and claims its county
    assert (bureau.code, bureau.name, bureau.short_name, bureau.status) == (
        "360722", "信丰县司法局", "信丰", "live")
    assert (account.account, account.appid, account.bureau, account.mode) == (
        "360722", "wx-xinfeng", "360722", "safe")
    assert (claim.county, claim.bureau) == ("360722", "360722")
    # And its offices are the ones the catalog names (信丰's, from before issue 10)
    offices = [item for item in others if type(item).__name__ == "Office" and item.bureau == "360722"]
    assert "xinfeng-legal-aid" in [o.office for o in offices]


def test_the_local_stage_also_writes_the_other_listed_bureaus_live_on_stand_in_accounts(env):
    env(STAGE="local")
    everything = list(bureau_items("360722"))
    # Each bureau's monthly report job comes with it
    assert [job.bureau for job in everything if type(job).__name__ == "ReportJob"] == ["360722", "360723"]
    # And its retention job (docs/privacy.md)
    assert [job.bureau for job in everything if type(job).__name__ == "RetentionJob"] == [
        "360722", "360723"]
    items = [item for item in everything[3:] if type(item).__name__ not in ("ReportJob", "RetentionJob")
             and (type(item).__name__ != "Office" or item.bureau != "360722")]
    assert [type(item).__name__ for item in items] == ["Bureau", "Account", "CountyClaim"] + [
        "Office"] * 4
    dayu, account, claim, *offices = items
    # 大余's own offices, from bureaus.json
    assert [o.name for o in offices][:1] == ["大余县法律援助中心"]
    assert {o.bureau for o in offices} == {"360723"}
    assert (dayu.code, dayu.short_name, dayu.status, account.appid, account.mode, claim.county) == (
        "360723", "大余", "live", "wxlocal360723", "plain", "360723")


@pytest.mark.parametrize("stage", ["prod", "staging"])
def test_other_stages_write_the_default_bureau_alone(env, stage):
    env(STAGE=stage, SESSION_SECRET="p" * 40)
    assert [item.code for item in bureau_items("360722") if type(item).__name__ == "Bureau"] == [
        "360722"]
    assert list(staff_items()) == []  # invented staff are for local and dev only (issue 11)


def test_a_default_bureau_the_seeds_do_not_list_is_named_after_its_division(env):
    bureau = next(bureau_items("360781"))
    assert (bureau.name, bureau.short_name, bureau.regions) == ("瑞金市司法局", "瑞金", ["360781"])
