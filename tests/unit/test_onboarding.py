"""Onboarding a bureau: what is refused before anything is written, and when a bureau may go live."""
import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from chalicelib import notice_kinds, onboarding
from chalicelib.onboarding import NewBureau, OnboardingError

REGIONS = {
    "360700": SimpleNamespace(code="360700", name="赣州市", level="city", city=None, province="360000"),
    "360722": SimpleNamespace(code="360722", name="信丰县", level="county", city="360700",
                              province="360000"),
    "360723": SimpleNamespace(code="360723", name="大余县", level="county", city="360700",
                              province="360000"),
    "360102": SimpleNamespace(code="360102", name="东湖区", level="county", city="360100",
                              province="360000"),
}


def _create(spec):
    written = []
    regions = onboarding.create(spec, read_region=REGIONS.get,
                                write=lambda fields, regions: written.append((fields, regions)))
    return regions, written


def test_a_county_bureau_is_created_onboarding_and_claims_its_own_county():
    regions, written = _create(NewBureau("360723", "大余县司法局", "大余"))
    assert regions == ["360723"]
    fields, claimed = written[0]
    assert (fields["status"], fields["account"], claimed) == ("onboarding", "360723", ["360723"])


def test_a_city_bureau_claims_the_counties_it_runs_directly_and_only_its_own():
    assert _create(NewBureau("360700", "赣州市司法局", "赣州", "city", ["360722"]))[0] == ["360722"]
    with pytest.raises(OnboardingError, match="not under 赣州市"):
        _create(NewBureau("360700", "赣州市司法局", "赣州", "city", ["360102"]))


@pytest.mark.parametrize("spec, words", [
    (NewBureau("36072", "x", "x"), "6-digit"),
    (NewBureau("999999", "某县司法局", "某县"), "not a known county"),
    (NewBureau("360723", "大余县司法局", "大余县司法局很长"), "short name"),
    (NewBureau("360723", " ", "大余"), "name"),
    (NewBureau("360723", "大余县司法局", "大余", "county", ["360722"]), "its own county only"),
    (NewBureau("360700", "赣州市司法局", "赣州", "city", ["360700"]), "not a known county-level"),
    (NewBureau("360723", "大余县司法局", "大余", "town"), "level"),
])
def test_a_bad_spec_is_refused_and_nothing_is_written(spec, words):
    written = []
    with pytest.raises(OnboardingError, match=words):
        onboarding.create(spec, read_region=REGIONS.get, write=lambda *a: written.append(a))
    assert written == []


ALL = notice_kinds.normalise(json.loads(
    (Path(__file__).parents[2] / "local" / "wechat-templates.json").read_text()))


def _transition(status, bureau, account):
    writes = []
    result = onboarding.transition("360723", status, read_bureau=lambda code: bureau,
                                   read_account=lambda code: account,
                                   write_status=lambda *a: writes.append(a))
    return result, writes


def test_a_bureau_goes_live_only_with_its_official_account():
    bureau = SimpleNamespace(code="360723", account="360723", status="onboarding")
    with pytest.raises(OnboardingError, match="no Official Account"):
        _transition("live", bureau, None)
    result, writes = _transition("live", bureau, SimpleNamespace(appid="wx123", templates=ALL))
    assert result == ("onboarding", "live") and writes == [("360723", "onboarding", "live")]


def test_a_bureau_whose_account_lacks_a_template_for_a_notice_kind_does_not_go_live():
    # Given 大余's account with every template but the citizens' application notice
    bureau = SimpleNamespace(code="360723", account="360723", status="onboarding")
    templates = {key: dict(value) for key, value in ALL.items()}
    del templates["application_status"]["subscribe"]
    # When the operator switches it live, Then it is refused, naming the kind, and nothing is written
    writes = []
    with pytest.raises(OnboardingError, match=r"1 notice kinds have no template \(application_status "
                                              r"subscribe\).*make wechat-templates ACCOUNT=360723"):
        onboarding.transition("360723", "live", read_bureau=lambda code: bureau,
                              read_account=lambda code: SimpleNamespace(appid="wx1", templates=templates),
                              write_status=lambda *a: writes.append(a))
    assert writes == []
    # And an account with no templates at all names every kind its citizens and staff hear of
    with pytest.raises(OnboardingError, match="15 notice kinds have no template"):
        _transition("live", bureau, SimpleNamespace(appid="wx1", templates={}))


def test_switching_to_the_status_it_has_writes_nothing_and_unknown_bureaus_are_refused():
    live = SimpleNamespace(code="360723", account="360723", status="suspended")
    assert _transition("suspended", live, None) == (("suspended", "suspended"), [])
    with pytest.raises(OnboardingError, match="no bureau"):
        _transition("suspended", None, None)


def test_a_bureaus_menu_links_carry_the_bureau_and_click_buttons_are_unchanged():
    menu = {"button": [{"type": "click", "name": "我要咨询", "key": "ASK"},
                       {"name": "我的", "sub_button": [
                           {"type": "view", "name": "法律法规", "url": "https://x.cn/h5/laws"},
                           {"type": "view", "name": "案例", "url": "https://x.cn/h5/cases?k=1"}]}]}
    filled = onboarding.menu_for(menu, "360723")
    assert filled["button"][0] == menu["button"][0]
    assert [b["url"] for b in filled["button"][1]["sub_button"]] == [
        "https://x.cn/h5/laws?bureau=360723", "https://x.cn/h5/cases?k=1&bureau=360723"]
    assert menu["button"][1]["sub_button"][0]["url"] == "https://x.cn/h5/laws"  # not changed in place
