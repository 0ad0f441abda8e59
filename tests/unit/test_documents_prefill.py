"""A citizen's own consultation or application pre-fills a template; anyone else's is a 404 exactly
like an id that does not exist, and nothing of it reaches the answer."""
from types import SimpleNamespace

import pytest

from chalicelib.documents import catalog, prefill
from chalicelib.errors import NotFound

BUREAU = "360722"
PLACES = {"360000": "江西省", "360700": "赣州市", "360722": "信丰县"}


def caller(openid, bureau=BUREAU):
    return SimpleNamespace(role="citizen", openid=openid, bureau=bureau, lawyer_id=None)


CONSULTATION = SimpleNamespace(id="ZX20261202-AAAAAA", openid="oAlice", bureau=BUREAU, county="360722",
                               question="公司拖欠我三个月工资一共九千元，还把我辞退了")
APPLICATION = SimpleNamespace(
    application_id="SQ20261202-BBBBBB", openid="oAlice", bureau=BUREAU, service_type="legal_aid",
    fields={"applicant_name": "刘爱丽", "applicant_phone": "13800138000", "applicant_address": "信丰县嘉定镇",
            "applicant_id_number": "360722199001011238", "matter_category": "labor_remuneration",
            "matter_description": "单位拖欠工资", "other_party_name": "某某建筑公司", "household_size": 3})
LABELS = {"legal_aid": {"matter_category": {"labor_remuneration": "请求确认劳动关系或者支付劳动报酬"}}}


def run(slug, who, **ids):
    return prefill.prefill(
        catalog.document(slug), who, option_labels=LABELS, **ids,
        find_consultation={CONSULTATION.id: CONSULTATION}.get,
        find_application={APPLICATION.application_id: APPLICATION}.get,
        citizen_applications=lambda openid, limit: [APPLICATION] if openid == "oAlice" else [],
        region_names=lambda codes: {c: PLACES[c] for c in codes if c in PLACES})


def test_a_consultation_fills_the_name_the_county_and_the_question_as_facts():
    # Given Alice's consultation and her earlier legal-aid application (which gave her name)
    # When she opens the labour complaint from it
    found = run("labor", caller("oAlice"), consultation=CONSULTATION.id)
    # Then the plaintiff's name, address (her county) and the facts are filled in
    assert found == {"source": {"kind": "consultation", "id": CONSULTATION.id}, "values": {
        "plaintiff_name": "刘爱丽", "plaintiff_address": "江西省赣州市信丰县",
        "fact_text": "公司拖欠我三个月工资一共九千元，还把我辞退了"}}


def test_an_application_of_the_forms_own_service_fills_every_shared_field_with_choices_as_labels():
    found = run("legal_aid_application", caller("oAlice"), application=APPLICATION.application_id)["values"]
    assert found["applicant_name"] == "刘爱丽" and found["applicant_id_number"] == "360722199001011238"
    assert found["matter_category"] == "请求确认劳动关系或者支付劳动报酬"  # the code read as its option
    assert found["other_party_name"] == "某某建筑公司" and found["household_size"] == "3"


def test_an_application_fills_another_template_through_what_is_known():
    found = run("mediation_application", caller("oAlice"), application=APPLICATION.application_id)["values"]
    assert found == {"applicant_name": "刘爱丽", "applicant_id_number": "360722199001011238",
                     "applicant_phone": "13800138000", "applicant_address": "信丰县嘉定镇",
                     "respondent_name": "某某建筑公司", "dispute_facts": "单位拖欠工资"}


@pytest.mark.parametrize("who, ids", [
    (caller("oMallory"), {"consultation": CONSULTATION.id}),  # another citizen
    (caller("oAlice", bureau="360702"), {"consultation": CONSULTATION.id}),  # her openid, another bureau
    (caller("oMallory"), {"application": APPLICATION.application_id}),
    (caller("oAlice"), {"consultation": "ZX20261202-NOSUCH"}),  # an id that does not exist
])
def test_anyone_elses_record_is_the_same_404_as_one_that_does_not_exist(who, ids):
    with pytest.raises(NotFound) as refused:
        run("labor", who, **ids)
    assert refused.value.message in ("没有找到该咨询", "没有找到该申请")
    assert "刘爱丽" not in str(refused.value.__dict__) and "拖欠" not in str(refused.value.__dict__)


def test_a_value_longer_than_its_field_is_cut_and_an_unknown_choice_left_out():
    spec = catalog.document("legal_aid_application")
    found = prefill.values_for(spec, {"name": "长" * 500, "facts": "事"}, {"matter_category": "不存在的事项"},
                               "legal_aid")
    assert found == {"applicant_name": "长" * 100, "matter_description": "事"}
