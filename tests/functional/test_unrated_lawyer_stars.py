"""A lawyer nobody has rated yet (stars 0 in the seeds and imports: "none yet") is shown without
stars — 暂无评分 to the citizen, nothing on the duty roster — never as ★0.0: the published formula
counts that lawyer as 4.0, so a ★0.0 would leap to ★4.3 on the first rating (issue 9, item 6)."""
from tests.functional import consultation_support as support
from chalicelib.db.models import Lawyer

api = support.api  # the fixture: 4 信丰 lawyers (LX0–LX3, labor), others elsewhere, staff s1
TODAY, NOW_SHIFT = "2026-03-02", 1  # the fixture's clock: 10:00 China time on 2026-03-02


def unrated(lawyer_id):
    Lawyer.get(f"LAWYER#{lawyer_id}", "PROFILE").update(actions=[Lawyer.stars.set(0)])


def test_the_citizen_sees_no_stars_for_an_answer_by_a_lawyer_nobody_has_rated(api):
    # Given every county lawyer unrated, and one of them answers
    for n in range(4):
        unrated(f"LX{n}")
    consultation = api.ask()
    status, body = api.answer(consultation["id"], "LX0")
    assert status == 201, body
    # When the citizen reads the answer
    status, shown = api.get(f"/api/consultations/{consultation['id']}", "citizen:oCitizen")
    # Then the lawyer has no stars yet (the page says 暂无评分), not zero stars
    assert status == 200, shown
    assert shown["answers"][0]["lawyer"]["stars"] is None


def test_the_duty_roster_and_its_picker_show_no_stars_for_an_unrated_lawyer(api):
    # Given an unrated county lawyer beside a rated one
    unrated("LX0")
    # When staff put them on the shift on now and open the picker
    status, roster = api.put(f"/api/staff/duty/{TODAY}/{NOW_SHIFT}", "staff:s1", {"lawyer_ids": ["LX0", "LX1"]})
    assert status == 200, roster
    picker = api.get("/api/staff/lawyers", "staff:s1")[1]["lawyers"]
    # Then the unrated one has no stars on either, the rated one keeps its stars
    assert [(l["id"], l["stars"]) for l in roster["shifts"][NOW_SHIFT]["lawyers"]] == [("LX0", None), ("LX1", 4.0)]
    assert {l["id"]: l["stars"] for l in picker}["LX0"] is None
    assert {l["id"]: l["stars"] for l in picker}["LX1"] == 4.0
