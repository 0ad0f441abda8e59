"""Isolation matrix rows for the lawyers staff see and act on (issue 10, docs/decisions/many-bureaus.md
§2 "Lawyers serve many counties", §4 binding codes, §6 items 2-4): lawyers are platform-wide, and a
bureau's staff see the lawyers who serve one of its `regions`, at home or through `serves`. To A's
staff (信丰) a lawyer who serves only B's county (大余) is a lawyer that does not exist: the look-up
and the binding code answer the same 404 as an id never issued, byte for byte, and write nothing;
the search and the duty picker never list them. A lawyer who serves both counties is both bureaus'."""
import json

import pytest

from chalicelib.db import reach
from tests.functional import consultation_support as support
from tests.functional.consultation_support import CITY, PROVINCE
from tests.functional.isolation_support import A, B
from tests.functional.isolation_support import world  # noqa: F401 (fixture)

api = support.api  # the fixture the world is built on

COVERED = {
    ("GET", "/api/staff/lawyers/{lawyer_id}"),
    ("POST", "/api/staff/binding-codes"),
    ("GET", "/api/staff/lawyer-search"),
    ("GET", "/api/staff/lawyers"),
}

RANDOM_LAWYER = "L99999999999999999"
# (id, name, home county, counties served besides home): B's own, one serving B from 章贡, one of A
# serving B too (both bureaus'), and one of 章贡 serving neither.
# The last is B's with a whole licence-number id, which the search looks up directly.
WHOLE_ID = "L13607232001000123"
LAWYERS = [("LDY1", "余律师甲", B, []), ("LDY2", "余律师乙", "360702", [B]),
           ("LXB1", "丰律师丙", A, [B]), ("LZG1", "章律师丁", "360702", []), (WHOLE_ID, "余律师戊", B, [])]
B_ONLY = ("LDY1", "余律师甲", "LDY2", "余律师乙", WHOLE_ID, "余律师戊")


@pytest.fixture
def lawyers(world):
    """The two bureaus' world, with the lawyers above in the directory; B's own are canaries."""
    for lawyer_id, name, county, serves in LAWYERS:
        lawyer = support.add_lawyer(lawyer_id, county, CITY, PROVINCE)
        lawyer.name, lawyer.serves = name, serves
        lawyer.save()
        reach.refresh(lawyer_id)  # what the after-commit map does for a profile written with serves
    world.canary(*B_ONLY)
    return world


BY_ID = [  # (method, path, body) for a lawyer id
    ("GET", "/api/staff/lawyers/{id}", None),
    ("POST", "/api/staff/binding-codes", {"lawyer_id": "{id}"}),
]


def _ask(world, method, template, body, lawyer_id, bureau):
    path = template.format(id=lawyer_id)
    filled = {k: v.format(id=lawyer_id) for k, v in body.items()} if body else None
    return world.call(method, path, bureau, filled)


@pytest.mark.parametrize("method, template, body", BY_ID)
@pytest.mark.parametrize("theirs", ["LDY1", "LDY2"])
def test_a_lawyer_serving_only_another_bureau_answers_as_an_id_never_issued_and_nothing_is_written(
        lawyers, method, template, body, theirs):
    # Given a lawyer who serves 大余 only (at home, or from 章贡), and an id nobody holds
    before = lawyers.snapshot()
    # When 信丰's staff look them up or issue them a binding code, and do the same for the random id
    status, text = _ask(lawyers, method, template, body, theirs, A)
    random_status, random_text = _ask(lawyers, method, template, body, RANDOM_LAWYER, A)
    # Then both are the same 404, byte for byte, and the table is unchanged
    assert status == 404 and (status, text) == (random_status, random_text)
    assert lawyers.leaked(text) == []
    assert lawyers.snapshot() == before
    # And 大余's staff reach the same lawyer
    assert _ask(lawyers, method, template, body, theirs, B)[0] in (200, 201)


@pytest.mark.parametrize("method, template, body", BY_ID)
def test_a_lawyer_serving_both_bureaus_counties_is_each_bureaus_and_one_serving_neither_nobodys(
        lawyers, method, template, body):
    for bureau in (A, B):
        assert _ask(lawyers, method, template, body, "LXB1", bureau)[0] in (200, 201)
        assert _ask(lawyers, method, template, body, "LZG1", bureau)[0] == 404


LISTS = ["/api/staff/lawyer-search?q=律师", "/api/staff/lawyer-search?q=LDY", "/api/staff/lawyer-search?q=1LDY",
         "/api/staff/lawyer-search?q=L", "/api/staff/lawyers", "/api/staff/lawyers?q=余"]


def test_the_search_and_the_duty_picker_of_a_bureau_hold_no_lawyer_of_another(lawyers):
    for path in LISTS:
        # When A's staff search their lawyers or open the duty picker
        status, text = lawyers.call("GET", path, A)
        # Then it answers, and no lawyer who serves only B is in it (nor any other canary of B)
        assert status == 200, (path, text)
        assert lawyers.leaked(text) == [], path


def test_searching_another_bureaus_lawyer_by_whole_id_is_searching_an_id_never_issued(lawyers):
    # When A's staff search by the whole id of B's lawyer, and by an id nobody holds
    status, theirs = lawyers.call("GET", f"/api/staff/lawyer-search?q={WHOLE_ID}", A)
    _, random = lawyers.call("GET", f"/api/staff/lawyer-search?q={RANDOM_LAWYER}", A)
    # Then both find nobody, and the answers differ only by the query they echo
    assert status == 200 and json.loads(theirs)["lawyers"] == []
    assert theirs.replace(WHOLE_ID, "ID") == random.replace(RANDOM_LAWYER, "ID")
    # While B's staff find their lawyer by that id
    status, own = lawyers.call("GET", f"/api/staff/lawyer-search?q={WHOLE_ID}", B)
    assert [x["name"] for x in json.loads(own)["lawyers"]] == ["余律师戊"]


def _listed(world, path, bureau):
    status, text = world.call("GET", path, bureau)
    assert status == 200, text
    found = json.loads(text)
    return found["counties"], {x.get("lawyer_id") or x.get("id") for x in found["lawyers"]}


def test_each_bureau_lists_the_lawyers_serving_its_own_counties(lawyers):
    for path in ("/api/staff/lawyer-search?q=律师", "/api/staff/lawyers"):
        # When each bureau's staff list their lawyers
        a_counties, a_found = _listed(lawyers, path, A)
        b_counties, b_found = _listed(lawyers, path, B)
        # Then each reads its own regions: B its own lawyers, those serving it from elsewhere and
        # the one serving both; A the one serving both and not B's; nobody the one serving neither
        assert (a_counties, b_counties) == ([A], [B])
        assert {"LDY1", "LDY2", "LXB1"} <= b_found and "LZG1" not in b_found
        assert "LXB1" in a_found and not a_found & {"LDY1", "LDY2", "LZG1"}


def test_naming_another_bureaus_county_is_refused_and_names_nobody(lawyers):
    # When A's staff name B's county in the search or the picker
    for path in (f"/api/staff/lawyer-search?q=律师&county={B}", f"/api/staff/lawyers?county={B}"):
        status, text = lawyers.call("GET", path, A)
        # Then it is refused as a county the bureau does not serve, and nothing of B is said
        assert status == 400 and json.loads(text)["error"]["code"] == "county_not_served"
        assert lawyers.leaked(text) == []
