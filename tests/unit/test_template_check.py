"""The comparison `make wechat-templates` prints: a template's `{{type N.DATA}}` keywords against
what a kind fills, with WeChat's per-type limits."""
from chalicelib import notice_kinds, template_check
from chalicelib.template_check import Template

CITIZEN = notice_kinds.kind("consultation_answered", "subscribe")
SUB = Template("S1", "咨询回复通知", "subscribe",
               ("character_string1", "phrase2", "thing3", "time4"))


def test_a_status_phrase_fits_a_phrase_or_a_thing_but_not_an_identifier_and_a_time_only_a_time():
    assert template_check.misfits(CITIZEN, SUB, {"character_string1": "consultation", "phrase2": "status",
                                                 "thing3": "note", "time4": "time"}) == ()
    wrong = template_check.misfits(CITIZEN, SUB, {"character_string1": "status", "phrase2": "consultation",
                                                  "thing3": "time", "time4": "note"})
    assert len(wrong) == 4 and all("cannot carry" in p for p in wrong)


def test_without_a_keyword_mapping_the_fields_own_names_are_not_a_real_templates_keywords():
    found = template_check.misfits(CITIZEN, SUB, {})
    assert "consultation is not a keyword of the template" in found


def test_a_template_of_the_right_channel_and_types_is_suggested_for_a_kind_without_one():
    lawyers = Template("T1", "新咨询", "template", ("character_string1", "thing2", "thing3", "time4"))
    assert template_check.could_carry(CITIZEN, SUB) == {
        "character_string1": "consultation", "phrase2": "status", "thing3": "note", "time4": "time"}
    assert template_check.could_carry(CITIZEN, lawyers) is None  # a template message, not 订阅通知
    findings = template_check.check("360723", {}, [SUB, lawyers])
    answered = next(f for f in findings if f.kind == CITIZEN)
    assert answered.status == "none" and answered.candidates == (SUB,)
    assert {f.status for f in findings} == {"none"}
