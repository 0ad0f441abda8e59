"""Isolation rows of commissions (issue 12; docs/decisions/many-bureaus.md §6): staff of 信丰 read their
bureau's commission; staff of 大余 get, for the same id, exactly the answer of an id nobody issued,
and learn nothing of it."""
from tests.functional.commission_support import OTHER_BUREAU, api  # noqa: F401 (fixture)

COVERED = {("GET", "/api/commissions/{commission_id}"), ("GET", "/api/staff/commissions"),
           ("GET", "/h5/staff/commissions/{commission_id}")}


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


def test_the_staff_list_holds_only_the_callers_bureaus_commissions(api):
    # Given an open commission at 信丰
    cid = api.commission(other_party="赣州某某物流有限公司")["id"]
    # Then 信丰's staff list it among those nobody has taken, without who asked
    status, listed = api.get("/api/staff/commissions", "staff:xf")
    assert status == 200 and [c["id"] for c in listed] == [cid]
    assert "oCitizen" not in str(listed)
    # and 大余's staff list nothing, whatever the status asked for
    for status_ in ("offered", "accepted", "cancelled"):
        assert api.get(f"/api/staff/commissions?status={status_}", f"staff:dy@{OTHER_BUREAU}") == (200, [])
    assert api.get("/api/staff/commissions?status=bogus", "staff:xf")[0] == 400


def test_another_bureaus_staff_get_the_404_page_of_a_random_id_for_a_commission_page(api):
    # Given a commission asked at 信丰, taken by a lawyer
    cid = api.commission(other_party="赣州某某物流有限公司")["id"]
    api.accept(cid, "C01")
    # When 信丰's staff open its page: they read it
    status, seen = api.get(f"/h5/staff/commissions/{cid}", "staff:xf")
    assert status == 200 and "物流" in seen
    # When 大余's staff open it, or an id never issued
    theirs = api.get(f"/h5/staff/commissions/{cid}", f"staff:dy@{OTHER_BUREAU}")
    random = api.get("/h5/staff/commissions/WT20260302-DEADBEEF", f"staff:dy@{OTHER_BUREAU}")
    # Then both are the same 404 page, naming nothing of the commission
    assert theirs[0] == random[0] == 404
    assert theirs[1].replace(cid, "") == random[1].replace("WT20260302-DEADBEEF", "")
    assert "物流" not in theirs[1] and "律师C01" not in theirs[1]
