"""Monthly settlement with maker-checker (issue 10, docs/decisions/many-bureaus.md §7): one staff
member prepares a month that has ended, another approves exactly what was prepared, the month is then
locked; corrections are new lines in the open month; an award racing a preparation at midnight is
filed under the open month; lawyers see their earnings by month and bureau."""
from datetime import datetime, timezone

from chalicelib.auth import Caller, sign_in
from chalicelib.consultations import settlement
from chalicelib.db.payouts import PayoutLine
from chalicelib.db.settlements import Settlement
from chalicelib.db.store import TABLE
from chalicelib.db.models import StaffAccount
from tests.functional.consultation_support import api  # noqa: F401 (fixture)

XINFENG = "360722"


def at(text):
    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def staff_token(api, staff_id, bureau=XINFENG):
    StaffAccount(staff_id=staff_id, name=f"科员{staff_id}", bureau=bureau).save()
    body, _ = sign_in(Caller("staff", staff_id, staff_id=staff_id, bureau=bureau),
                      settings=api.services.settings, clock=api.services.clock)
    api.tokens[f"staff:{staff_id}"] = body["token"]
    return f"staff:{staff_id}"


def move(api, when, *staff):
    """The clock moves on; sessions from before are long expired, so staff sign in again."""
    api.services.clock.instant = at(when)
    api.tokens.clear()
    for who in staff:
        staff_token(api, who.partition(":")[2])


def awarded(api, lawyer="LX0", citizen="oCitizen"):
    cid = api.ask(citizen=citizen)["id"]
    answer_id = api.answer(cid, lawyer)[1]["id"]
    status, body = api.post(f"/api/consultations/{cid}/award", f"citizen:{citizen}", {"answer_id": answer_id})
    assert status == 200, body
    return cid


def items_of(month):
    return [(i.SK, i.serialize()) for i in PayoutLine.query(f"PAYOUT#{XINFENG}#{month}")] + \
        [(s.SK, s.serialize()) for s in Settlement.query(f"PAYOUT#{XINFENG}#{month}")]


def test_one_prepares_an_ended_month_another_approves_it_and_it_is_locked(api):
    maker, checker = staff_token(api, "maker"), staff_token(api, "checker")
    # Given one 中标 line in March 2026
    cid = awarded(api)
    # When the maker tries to prepare March while it is still March in China
    status, body = api.post("/api/staff/settlements/2026-03/prepare", maker, {})
    # Then it is refused and nothing is written
    assert (status, body["error"]["code"]) == (409, "month_not_ended")
    assert Settlement.count(f"PAYOUT#{XINFENG}#2026-03") == 0
    # When April has begun in China (1 April 00:00:30 Beijing time) and the maker prepares March
    move(api, "2026-03-31T16:00:30", maker, checker)
    status, statement = api.post("/api/staff/settlements/2026-03/prepare", maker, {})
    # Then the statement is prepared with its line, total and digest
    assert status == 201, statement
    prepared = statement["settlement"]
    assert (prepared["status"], prepared["prepared_by"], prepared["line_count"], prepared["total_fen"]) == \
        ("prepared", "maker", 1, 4000)
    assert prepared["digest"] == statement["digest"] and statement["lines"][0]["consultation_id"] == cid
    # And it cannot be prepared twice
    assert api.post("/api/staff/settlements/2026-03/prepare", checker, {})[1]["error"]["code"] == "already_prepared"
    before = items_of("2026-03")
    # When the maker approves their own statement, or the checker approves another digest
    own = api.post("/api/staff/settlements/2026-03/approve", maker, {"digest": prepared["digest"]})
    other = api.post("/api/staff/settlements/2026-03/approve", checker, {"digest": "0" * 64})
    # Then both are refused and nothing changed
    assert (own[0], own[1]["error"]["code"]) == (409, "maker_is_checker")
    assert (other[0], other[1]["error"]["code"]) == (409, "statement_changed")
    assert items_of("2026-03") == before
    # When the checker approves what they were shown
    status, approved = api.post("/api/staff/settlements/2026-03/approve", checker, {"digest": prepared["digest"]})
    # Then March is approved (locked) and cannot be approved again
    assert status == 200 and approved["settlement"]["status"] == "approved"
    assert approved["settlement"]["approved_by"] == "checker"
    again = api.post("/api/staff/settlements/2026-03/approve", checker, {"digest": prepared["digest"]})
    assert again[1]["error"]["code"] == "already_approved"
    # And the month list shows March approved and April open
    months = {m["month"]: m["status"] for m in api.get("/api/staff/settlements", maker)[1]["months"]}
    assert months["2026-03"] == "approved" and months["2026-04"] == "open" and len(months) == 12


def test_an_award_racing_the_preparation_at_midnight_is_filed_under_the_open_month(api, monkeypatch):
    # Given a question answered late on 31 March (Beijing time)
    move(api, "2026-03-31T15:50:00")
    cid = api.ask()["id"]
    answer_id = api.answer(cid, "LX0")[1]["id"]
    # And the award reads "March is open" at 23:59:50, and a staff member prepares March at
    # 00:00:01 before the award commits
    api.services.clock.instant = at("2026-03-31T15:59:50")
    real, raced = TABLE.settlement, []

    def racing(bureau, month):
        found = real(bureau, month)
        if not raced:
            raced.append(month)
            settlement.prepare(bureau, month, "maker", at("2026-03-31T16:00:01"))
        return found
    monkeypatch.setattr(TABLE, "settlement", racing)  # the store the award reads through
    # When the citizen's award commits
    status, body = api.post(f"/api/consultations/{cid}/award", "citizen:oCitizen", {"answer_id": answer_id})
    # Then the award stands, March holds no line and its statement is empty, and the line is April's
    assert status == 200 and body["status"] == "awarded" and raced == ["2026-03"]
    assert list(PayoutLine.query(f"PAYOUT#{XINFENG}#2026-03")) == []
    assert Settlement.get(f"PAYOUT#{XINFENG}#2026-03", "SETTLEMENT").line_count == 0
    (line,) = PayoutLine.query(f"PAYOUT#{XINFENG}#2026-04")
    assert (line.consultation_id, line.awarded_at, line.amount_fen) == (cid, "2026-03-31T15:59:50Z", 4000)


def test_a_correction_is_a_new_line_in_the_open_month_and_the_settled_month_is_untouched(api):
    maker, checker = staff_token(api, "maker"), staff_token(api, "checker")
    cid = awarded(api)
    move(api, "2026-04-01T02:00:00", maker, checker)
    prepared = api.post("/api/staff/settlements/2026-03/prepare", maker, {})[1]
    api.post("/api/staff/settlements/2026-03/approve", checker, {"digest": prepared["digest"]})
    march = items_of("2026-03")
    # When staff take 10 yuan off the March line (the answer was later found copied)
    body = {"month": "2026-03", "consultation_id": cid, "amount_fen": -1000, "reason": "解答内容雷同，扣减部分补贴"}
    status, april = api.post("/api/staff/settlements/corrections", maker, body)
    # Then the correction is filed in April, naming the March line, and March is unchanged
    assert status == 201 and april["month"] == "2026-04" and april["total_fen"] == -1000
    (correction,) = april["corrections"]
    assert (correction["refers_month"], correction["refers_consultation_id"], correction["lawyer_id"]) == \
        ("2026-03", cid, "LX0")
    assert items_of("2026-03") == march
    assert api.get("/api/staff/payouts?month=2026-03", maker)[1]["digest"] == prepared["digest"]
    # And April's CSV shows the correction and the total
    text = api.get("/api/staff/payouts.csv?month=2026-04", maker)[1]
    assert f"2026-04,2026-04-01 10:00,{cid},更正 2026-03 的支付" in text and "-10.00" in text
    assert "合计,,0 笔 + 更正 1 笔" in text
    # And bad corrections are refused, writing nothing
    for change, code in (({"consultation_id": "ZX-NONE"}, "payout_line_not_found"),
                         ({"amount_fen": -4001}, "invalid_amount"), ({"amount_fen": 0}, "invalid_amount")):
        refused = api.post("/api/staff/settlements/corrections", maker, {**body, **change})
        assert refused[1]["error"]["code"] == code
    assert len(api.get("/api/staff/payouts?month=2026-04", maker)[1]["corrections"]) == 1
    # And the lawyer sees March's pay and April's correction, by month and bureau
    status, earned = api.get("/api/lawyer/earnings", "lawyer:LX0")
    assert status == 200 and earned["total_fen"] == 3000
    assert [(m["month"], m["bureau"], m["count"], m["total_fen"], m["status"]) for m in earned["months"]] == [
        ("2026-04", XINFENG, 0, -1000, "open"), ("2026-03", XINFENG, 1, 4000, "approved")]
    assert api.get("/api/lawyer/earnings", "lawyer:LX1")[1] == {"months": [], "total_fen": 0}


def test_the_default_bureau_still_reads_lines_filed_before_issue_10(api):
    # Given a line of February written under the legacy key (no bureau)
    api.services.dynamodb().put_item(TableName=api.services.settings.table_name, Item={
        "PK": {"S": "PAYOUT#2026-02"}, "SK": {"S": "2026-02-10T03:00:00Z#ZXOLD"}, "type": {"S": "PayoutLine"},
        "month": {"S": "2026-02"}, "consultation_id": {"S": "ZXOLD"}, "answer_id": {"S": "a1"},
        "lawyer_id": {"S": "LX0"}, "lawyer_name": {"S": "律师LX0"}, "category": {"S": "labor"},
        "amount_fen": {"N": "4000"}, "awarded_at": {"S": "2026-02-10T03:00:00Z"}, "awarded_by": {"S": "citizen"}})
    # Then the default bureau's February shows it, and another bureau's does not
    xinfeng = api.get("/api/staff/payouts?month=2026-02", staff_token(api, "xf"))[1]
    dayu = api.get("/api/staff/payouts?month=2026-02", staff_token(api, "dy", "360723"))[1]
    assert [x["consultation_id"] for x in xinfeng["lines"]] == ["ZXOLD"] and xinfeng["total_fen"] == 4000
    assert dayu["lines"] == [] and dayu["total_fen"] == 0


def test_an_award_committed_while_the_statement_is_made_is_counted_in_it(api, monkeypatch):
    # Given March has one line
    awarded(api)
    # And a second award commits after the maker's first read of March but before the SETTLEMENT put
    # (it saw no settlement, so nothing refused it)
    real, reads = settlement.read_ledger, []

    def read_then_award(bureau, month):
        found = real(bureau, month)
        if not reads:
            (line,) = found.lines
            PayoutLine(**{**{k: getattr(line, k) for k in ("bureau", "month", "answer_id", "lawyer_id",
                                                          "lawyer_name", "category", "awarded_by")},
                          "consultation_id": "ZXLATE", "amount_fen": 3000,
                          "awarded_at": "2026-03-31T15:59:59Z"}).save()
        reads.append(month)
        return found
    monkeypatch.setattr(settlement, "read_ledger", read_then_award)
    # When the maker prepares March in April
    made = settlement.prepare(XINFENG, "2026-03", "maker", at("2026-04-01T02:00:00"))
    # Then the statement holds both lines, and its digest is the month's as it now reads
    stored = Settlement.get(f"PAYOUT#{XINFENG}#2026-03", "SETTLEMENT")
    assert (stored.line_count, stored.total_fen) == (2, 7000) and made.digest == stored.digest
    assert stored.digest == settlement.digest(real(XINFENG, "2026-03"))
