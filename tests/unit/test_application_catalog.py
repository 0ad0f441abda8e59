"""Checking a draft against its type's form: problems reported, not refused; what submit needs."""
from datetime import date

import pytest

from chalicelib.applications import catalog
from chalicelib.errors import Invalid

TODAY = date(2026, 3, 2)
ID = "360722199003071234"
FIELDS = [
    {"name": "name", "label": "姓名", "kind": "text", "required": True},
    {"name": "id_number", "label": "公民身份号码", "kind": "id_number", "required": True},
    {"name": "phone", "label": "联系电话", "kind": "phone", "required": True},
    {"name": "kind", "label": "事项", "kind": "select", "required": True,
     "options": [{"value": "labor", "label": "劳动"}, {"value": "other", "label": "其他"}]},
    {"name": "size", "label": "家庭人口数", "kind": "number", "min": 1, "max": 20},
    {"name": "known_on", "label": "知道日期", "kind": "date", "not_after": "today"},
    {"name": "story", "label": "案情", "kind": "textarea", "max_length": 10},
]
MATERIALS = [{"code": "id_card", "name": "身份证", "required": True},
             {"code": "proof", "name": "证明", "required": False, "accepted": ["application/pdf"]},
             {"code": "case", "name": "案件材料", "required": True}]


def test_a_draft_keeps_wrong_values_and_names_each_problem():
    # Given a citizen who typed a bad phone, an unknown option, 0 people and tomorrow's date
    values, problems = catalog.merge_fields(FIELDS, {}, {
        "name": " 张三 ", "phone": "12345", "kind": "wages", "size": "0",
        "known_on": "2026-03-03", "story": "一二三四五六七八九十十一"}, TODAY)
    # Then every value is kept (trimmed) and every problem named with its label
    assert values["name"] == "张三" and values["phone"] == "12345"
    assert [(p["field"], p["label"]) for p in problems] == [
        ("phone", "联系电话"), ("kind", "事项"), ("size", "家庭人口数"), ("known_on", "知道日期"),
        ("story", "案情")]


def test_valid_values_are_stored_normalised():
    values, problems = catalog.merge_fields(FIELDS, {}, {
        "id_number": ID.lower(), "phone": "+86 138 0013 8000", "size": "3", "kind": "labor"}, TODAY)
    assert problems == []
    assert values == {"id_number": ID, "phone": "13800138000", "size": 3, "kind": "labor"}


def test_an_empty_value_clears_a_field_and_replace_drops_the_rest():
    stored = {"name": "张三", "phone": "13800138000"}
    values, _ = catalog.merge_fields(FIELDS, stored, {"name": ""}, TODAY)
    assert values == {"phone": "13800138000"}
    values, _ = catalog.merge_fields(FIELDS, stored, {"name": "李四"}, TODAY, replace=True)
    assert values == {"name": "李四"}


def test_the_masked_id_number_coming_back_keeps_the_stored_number():
    stored = {"id_number": ID}
    values, problems = catalog.merge_fields(FIELDS, stored, {"id_number": "3607**********1234"},
                                            TODAY)
    assert values == {"id_number": ID} and problems == []
    # but a new number, even a wrong one, replaces it
    values, problems = catalog.merge_fields(FIELDS, stored, {"id_number": "360722199003071235"},
                                            TODAY)
    assert values["id_number"] == "360722199003071235" and problems[0]["field"] == "id_number"


def test_fields_the_type_does_not_have_and_non_scalar_values_are_client_errors():
    with pytest.raises(Invalid) as unknown:
        catalog.merge_fields(FIELDS, {}, {"nickname": "x", "age": 3}, TODAY)
    assert unknown.value.code == "unknown_fields"
    assert [d["field"] for d in unknown.value.details] == ["age", "nickname"]
    for bad in ({"a": 1}, [1], True):
        with pytest.raises(Invalid):
            catalog.merge_fields(FIELDS, {}, {"name": bad}, TODAY)


def test_missing_lists_empty_and_invalid_fields_in_form_order_then_required_materials():
    values = {"name": "张三", "phone": "12345", "kind": "labor"}
    gaps = catalog.missing(FIELDS, MATERIALS, values, {"case"}, TODAY)
    assert [(g["kind"], g.get("material") or g.get("field"), g["message"][:2]) for g in gaps] == [
        ("field", "id_number", "必填"), ("field", "phone", "请填"), ("material", "id_card", "请上")]


def test_accepted_types_are_the_materials_own_within_the_four_the_bucket_takes():
    assert catalog.accepted_types(MATERIALS[0]) == list(catalog.UPLOAD_TYPES)
    assert catalog.accepted_types(MATERIALS[1]) == ["application/pdf"]
    assert catalog.accepted_types({"accepted": ["image/gif", "image/png"]}) == ["image/png"]


def test_masking_covers_id_numbers_wherever_they_were_typed():
    shown = catalog.masked(FIELDS, {"id_number": ID, "story": ID, "name": "张三"})
    assert shown == {"id_number": "3607**********1234", "story": "3607**********1234", "name": "张三"}
