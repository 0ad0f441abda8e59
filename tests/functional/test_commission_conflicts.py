"""The conflict check (issue 12): a lawyer who accepted a commission against the named other party,
or acts for them on the platform, is never offered a commission against them — the party's name
compared as normalised text (spaces, punctuation and full-width forms do not make another party)."""
from chalicelib.commissions.parties import normalise
from tests.functional.commission_support import api, offered, stored  # noqa: F401 (fixture)


def test_normalised_names_read_alike():
    assert normalise("信丰 某某电子有限公司。") == normalise("信丰某某电子有限公司")
    assert normalise("ＡＢＣ（信丰）公司") == normalise("abc(信丰)公司")
    assert normalise("张三") != normalise("张四")


def test_a_lawyer_acting_against_the_party_is_never_offered_a_commission_against_them(api):
    # Given C00 accepted a commission against 信丰某某电子有限公司
    first = api.commission(other_party="信丰某某电子有限公司")["id"]
    assert api.accept(first, "C00")[0] == 200
    # When another citizen asks for a lawyer against the same party, spelled otherwise
    second = api.commission(citizen="oOther", other_party="信丰 某某电子有限公司。")["id"]
    # Then C00 is not among those offered it, in any round
    assert offered(second) == ["C01", "C02"]
    api.at(hours=25)
    assert "C00" not in offered(second)
    # while a commission against someone else still reaches C00
    third = api.commission(citizen="oOther", other_party="另一家公司")["id"]
    assert "C00" in offered(third)


def test_a_lawyer_acting_for_the_party_is_never_offered_a_commission_against_them(api):
    # Given 李四 shared their name and confirmed C01 as their lawyer
    first = api.commission(citizen="oLisi", other_party="王五",
                           contact={"name": "李四", "phone": "13900139000"})["id"]
    api.accept(first, "C01")
    assert api.post(f"/api/commissions/{first}/confirm", "citizen:oLisi")[0] == 200
    # When someone asks for a lawyer against 李四
    second = api.commission(citizen="oOther", other_party="李 四")["id"]
    # Then C01 (who acts for 李四) is passed over; round 1 goes to the next best
    assert offered(second) == ["C00", "C02"]


def test_a_declined_lawyer_no_longer_counts_as_acting_against_the_party(api):
    first = api.commission(other_party="某物业公司")["id"]
    api.accept(first, "C00")
    api.post(f"/api/commissions/{first}/decline", "citizen:oCitizen")
    second = api.commission(citizen="oOther", other_party="某物业公司")["id"]
    assert "C00" in offered(second)


def test_a_commission_directed_to_a_conflicted_lawyer_is_not_offered_to_them(api):
    first = api.commission(other_party="某某建筑公司")["id"]
    api.accept(first, "C00")
    made = api.commission(citizen="oOther", other_party="某某建筑公司", lawyer_id="C00")
    # The citizen is told the lawyer cannot take it and may have it pushed instead
    assert made["status"] == "lapsed" and offered(made["id"]) == []
    assert api.post(f"/api/commissions/{made['id']}/push", "citizen:oOther")[0] == 200
    assert stored(made["id"]).status == "offered" and "C00" not in offered(made["id"])
