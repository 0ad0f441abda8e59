"""Bodies and parameters are validated at the edge against the same schemas /openapi.json publishes."""
import pytest

from chalicelib.errors import Invalid
from chalicelib.web.openapi import published
from chalicelib.web.validate import errors, parameters, validate

QUESTION = {"type": "object", "required": ["category", "question"], "additionalProperties": False,
            "properties": {"category": {"type": "string", "enum": ["labor", "other"]},
                           "question": {"type": "string", "minLength": 10, "maxLength": 2000},
                           "photos": {"type": "array", "maxItems": 2, "items": {"type": "string"}},
                           "stars": {"type": "integer", "minimum": 1, "maximum": 5}}}


def test_a_conforming_body_passes_unchanged():
    body = {"category": "labor", "question": "老板拖欠三个月工资怎么办？"}
    assert validate(QUESTION, body) is body


def test_every_problem_is_reported_at_once_with_its_field():
    # Given a body with four different mistakes
    body = {"category": "tax", "question": "短", "photos": ["a", "b", "c"], "extra": 1}
    # When it is validated
    with pytest.raises(Invalid) as refused:
        validate(QUESTION, body)
    # Then the error names each field, in Chinese, with the contract's code
    fields = {d["field"] for d in refused.value.details}
    assert fields == {"body.category", "body.question", "body.photos", "body.extra"}
    assert refused.value.code == "validation_failed"
    assert "至少 10 个字符" in refused.value.message


def test_missing_required_fields_are_named():
    assert {p for p, _ in errors(QUESTION, {})} == {"body.category", "body.question"}


def test_booleans_are_not_integers_and_ranges_hold():
    assert errors(QUESTION["properties"]["stars"], True) == [("body", "应为整数")]
    assert errors(QUESTION["properties"]["stars"], 6) == [("body", "不能大于 5")]
    assert errors(QUESTION["properties"]["stars"], 3) == []


def test_a_non_object_body_is_refused_without_looking_inside():
    assert errors(QUESTION, ["labor"]) == [("body", "应为对象")]


# -- query and path parameters: text converted to the declared type, then checked -------------------

DECLARED = {"limit": {"type": "integer", "minimum": 1, "maximum": 50},
            "date": {"type": "string", "format": "date"},
            "status": {"type": "string", "enum": ["submitted", "accepted"]},
            "office": {"type": "string", "pattern": "[a-z0-9-]+"}}


def test_declared_parameters_are_converted_and_undeclared_ones_left_out():
    given = {"limit": "20", "date": "2026-03-02", "status": "accepted", "other": "x"}
    assert parameters(DECLARED, given, "query") == {"limit": 20, "date": "2026-03-02",
                                                    "status": "accepted"}


def test_an_empty_parameter_is_absent_unless_it_is_required():
    assert parameters(DECLARED, {"limit": "", "status": ""}, "query") == {}
    with pytest.raises(Invalid) as refused:
        parameters(DECLARED, {"office": ""}, "query", required=("office",))
    assert refused.value.details == [{"field": "query.office", "message": "必填"}]


@pytest.mark.parametrize("name, text", [("limit", "abc"), ("limit", "0"), ("limit", "1.5"),
                                        ("date", "abc"), ("date", "2026-02-30"), ("date", "20260302"),
                                        ("status", "bogus"), ("office", "a b")])
def test_a_parameter_its_declaration_forbids_is_refused_naming_it(name, text):
    with pytest.raises(Invalid) as refused:
        parameters(DECLARED, {name: text}, "query")
    assert refused.value.code == "invalid_parameter"
    assert [d["field"] for d in refused.value.details] == [f"query.{name}"]


def test_published_patterns_are_anchored_as_the_edge_matches_them():
    assert published({"type": "object", "properties": {"a": {"pattern": "[0-9]{6}"}}}) == {
        "type": "object", "properties": {"a": {"pattern": "^(?:[0-9]{6})$"}}}
