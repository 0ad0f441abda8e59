"""Bodies are validated at the edge against the same schemas /openapi.json publishes."""
import pytest

from chalicelib.errors import Invalid
from chalicelib.web.validate import errors, validate

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
