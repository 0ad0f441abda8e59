"""Isolation rows of commissions (issue 12; docs/decisions/many-bureaus.md §6): staff of 信丰 read their
bureau's commission; staff of 大余 get, for the same id, exactly the answer of an id nobody issued,
and learn nothing of it."""
from tests.functional.commission_support import OTHER_BUREAU, api  # noqa: F401 (fixture)

COVERED = {("GET", "/api/commissions/{commission_id}")}


def test_another_bureaus_staff_get_the_404_of_a_random_id_for_a_commission(api):
    # Given a commission asked at 信丰 (the citizen's bureau), with a named other party
    cid = api.commission(other_party="赣州某某物流有限公司")["id"]
    # When 信丰's staff read it: they see it
    status, seen = api.get(f"/api/commissions/{cid}", "staff:xf")
    assert status == 200 and seen["bureau"] == "360722"
    # When 大余's staff read it, or an id never issued
    theirs = api.get(f"/api/commissions/{cid}", f"staff:dy@{OTHER_BUREAU}")
    random = api.get("/api/commissions/WT20260302-DEADBEEF", f"staff:dy@{OTHER_BUREAU}")
    # Then both answers are the same 404, naming nothing of the commission
    assert theirs == random and theirs[0] == 404
    assert "物流" not in str(theirs)
