"""The services a citizen may retain a lawyer for are the bureau's catalogue (issue 12): the form
offers the active items of the citizen's bureau — renamed, added, stopped as its staff keep them —
then 其他; `POST /api/commissions` takes those names, and still the names the form offered before
it read the catalogue; anything else is a 400 that writes nothing."""
import pytest

from chalicelib.commissions import services
from chalicelib.db.commissions import Commission
from chalicelib.db.directory import ServiceCatalogue
from chalicelib.directory.catalogue import default_items
from tests.functional.commission_support import COUNTY, OTHER_BUREAU, api  # noqa: F401 (fixture)


def keep(bureau, **changes):
    """The bureau's staff saved its catalogue: the defaults with `changes` {code: item fields}."""
    items = [{**item, **changes.pop(item["code"], {})} for item in default_items()]
    items += [{"code": code, "cap_yuan": None, "active": True, **item} for code, item in changes.items()]
    ServiceCatalogue(bureau=bureau, items=items, updated_at="2026-03-01T00:00:00Z", updated_by="xf").save()


def chips(html):
    """The service names the form offers, in its order."""
    return [part.split('"', 1)[0] for part in html.split('name="service" value="')[1:]]


@pytest.fixture
def kept(api):
    # Given 信丰 renamed 文书代写, stopped 调解代理 and added 合同审查
    keep(COUNTY, document={"name": "法律文书代写"}, mediation={"active": False},
         contract={"name": "合同审查"})
    return api


def test_a_bureau_that_never_saved_its_catalogue_offers_the_default_items_and_other(api):
    status, html = api.get("/h5/commissions/new?consultation=ZX20260302-AAAAAA", "citizen:oCitizen")
    assert status == 200
    assert chips(html) == ["文书代写", "劳动仲裁代理", "民事诉讼代理", "调解代理", "法律顾问", "其他"]


def test_the_form_offers_the_active_items_of_the_citizens_bureau_then_other(kept):
    _, html = kept.get("/h5/commissions/new?consultation=ZX20260302-AAAAAA", "citizen:oCitizen")
    assert chips(html) == ["法律文书代写", "劳动仲裁代理", "民事诉讼代理", "法律顾问", "合同审查", "其他"]
    # And a bureau that never saved one (大余) offers the defaults
    from chalicelib.db.directory import catalogue
    assert services.offered(OTHER_BUREAU, catalogue) == [
        "文书代写", "劳动仲裁代理", "民事诉讼代理", "调解代理", "法律顾问", "其他"]


@pytest.mark.parametrize("name", ["合同审查", "法律文书代写", "其他", "文书代写", "调解代理", " 合同审查 "])
def test_a_commission_takes_a_catalogue_name_or_one_the_form_offered_before(kept, name):
    status, made = kept.post("/api/commissions", "citizen:oCitizen", {
        "service": name, "summary": "请审查劳动合同", "other_party": "某公司", "category": "labor"})
    assert status == 201, made
    assert Commission.get(f"COMM#{made['id']}", "META").service == name.strip()


@pytest.mark.parametrize("name", ["代写情书", "合同", "<script>", "x" * 21, ""])
def test_a_service_the_bureau_does_not_offer_is_refused_and_nothing_is_written(kept, name):
    status, answer = kept.post("/api/commissions", "citizen:oCitizen", {
        "service": name, "summary": "请审查劳动合同", "other_party": "某公司", "category": "labor"})
    assert status == 400 and answer["error"]["message"], answer
    assert list(Commission.scan()) == []  # tests may scan


def test_another_bureaus_added_item_is_not_offered_here(kept):
    # Given 大余 added 公司法务 to its own catalogue
    keep(OTHER_BUREAU, company={"name": "公司法务"})
    # Then a 信丰 citizen may not ask for it
    status, answer = kept.post("/api/commissions", "citizen:oCitizen", {
        "service": "公司法务", "summary": "请审查劳动合同", "other_party": "某公司", "category": "labor"})
    assert status == 400 and answer["error"]["code"] == "unknown_service"
