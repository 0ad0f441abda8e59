"""An error's `details` have one declared type (issue 9, item 20): every detail names the field, item
or file it concerns and says in words what is wrong, with nothing outside the published schema."""
import pytest

from chalicelib.applications import catalog, states
from chalicelib.consultations import screening
from chalicelib.errors import DomainError, Invalid
from chalicelib.web.openapi import ERROR_SCHEMA
from chalicelib.web.validate import errors as schema_errors

DETAIL = ERROR_SCHEMA["properties"]["error"]["properties"]["details"]


def _details_of(raise_it):
    with pytest.raises(DomainError) as raised:
        raise_it()
    return raised.value.details


def _refusals():
    yield "illegal transition", lambda: states.target("complete", "draft")
    yield "contact details", lambda: screening.screen_contact("请加我微信 lawyerzhang88 详谈")
    yield "a bare value", lambda: (_ for _ in ()).throw(Invalid("不对", details=["x"]))
    yield "one object", lambda: (_ for _ in ()).throw(Invalid("不对", details={"upload_id": "u1"}))


@pytest.mark.parametrize("name,raise_it", list(_refusals()), ids=[n for n, _ in _refusals()])
def test_every_detail_names_what_it_concerns_and_says_what_is_wrong(name, raise_it):
    # Given a refusal that carries details, When it is raised
    details = _details_of(raise_it)
    # Then the details are a list of objects of the one published type
    assert details and schema_errors(DETAIL, details) == [], details
    assert all(d["message"] for d in details)


def test_what_keeps_an_application_from_being_submitted_is_of_the_same_type():
    # Given a form with a required field left empty and a required material not attached
    specs = [{"name": "name", "label": "姓名", "kind": "text", "required": True}]
    materials = [{"code": "id_card", "name": "身份证件", "required": True}]
    # When the gaps are listed
    gaps = catalog.missing(specs, materials, {}, set(), None)
    # Then each names its field or material and says what to do, in the one type
    assert schema_errors(DETAIL, gaps) == []
    assert [(g["kind"], g["field"]) for g in gaps] == [("field", "name"), ("material", "materials.id_card")]
