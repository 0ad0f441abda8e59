"""The commission acceptance race on a real engine (DynamoDB Local, threads released together):
however many offered lawyers accept at the same instant, one wins (the others are refused as
taken), one lawyer is assigned, one offer is marked accepted, one conflict mark is written and the
citizen is told once; two sweeps of the same minute run a round once; and ratings of one lawyer at
the same instant each count once (one per commission, however often the citizen taps)."""
from dataclasses import replace
from datetime import timedelta

import pytest

from chalicelib.commissions import create, flow, picks, rating, rounds
from chalicelib.commissions.env import from_services
from chalicelib.db import payouts, pools
from chalicelib.commissions.policy import parse_rounds
from chalicelib.db.commissions import CommissionOffer, PartyMark, commission
from chalicelib.db.messaging import Notification
from chalicelib.db.models import Category, Lawyer, Region
from chalicelib.errors import Conflict
from chalicelib.routes.jobs import run_sweep
from tests.held import hold_notifications, record_after_commit
from tests.races import together

pytestmark = pytest.mark.dynamodb_local
COUNTY, CITY, PROVINCE = "360722", "360700", "360000"
LAWYERS = [f"L{n}" for n in range(5)]


@pytest.fixture
def table(ddb_table, monkeypatch):
    record_after_commit(monkeypatch)
    hold_notifications(monkeypatch)
    Category(code="labor", name="劳动争议", order=10).save()
    Region(code=COUNTY, name="信丰县", level="county", parent=CITY, city=CITY, province=PROVINCE).save()
    for n, lawyer_id in enumerate(LAWYERS):
        Lawyer(lawyer_id=lawyer_id, name=f"律师{n}", licence_no=f"1{n}", firm="所", county=COUNTY,
               city=CITY, province=PROVINCE, specialties=["labor"], stars=4.5 - n / 10,
               openid=f"o{lawyer_id}").save()
    return ddb_table


def pushed(services, other_party):
    env = from_services(services)
    body = {"service": "劳动仲裁代理", "summary": "请代理劳动仲裁", "other_party": other_party,
            "category": "labor"}
    c = create.create("oCitizen", COUNTY, body, env, consultation_of=lambda i: None,
                      lawyer_of=pools.profile, region_of=picks.region_of,
                      category_known=lambda code: code == "labor",
                      read_catalogue=lambda bureau: None)
    rounds.advance(c.id, env, picks.candidates)
    return c.id


def test_concurrent_accepts_assign_one_lawyer_and_refuse_the_others_as_taken(table):
    for n in range(3):
        # Given a commission offered to the five county lawyers (round 1), each against another
        # party (the winner of one would be barred from the next against the same party)
        cid = pushed(table, f"某某公司{n}")
        offered = sorted(o.lawyer_id for o in CommissionOffer.query(f"COMM#{cid}"))
        assert offered == LAWYERS
        quote = {"fee": "3000元", "scope": "代理仲裁", "days": 30}
        lawyers = [pools.profile(lawyer_id) for lawyer_id in LAWYERS]
        # When all five accept at the same instant
        results = together(*[lambda lawyer=lawyer: flow.accept(cid, lawyer, quote,
                                                               from_services(table))
                             for lawyer in lawyers])
        # Then exactly one accept stands, the four others are refused as taken
        won = [r for r in results if not isinstance(r, Exception)]
        refused = [r for r in results if isinstance(r, Exception)]
        assert len(won) == 1, results
        assert len(refused) == 4 and all(isinstance(r, Conflict) and r.code == "already_taken"
                                         for r in refused), refused
        # and the table holds one assignment: the commission's lawyer, the one accepted offer, one mark
        winner = won[0].lawyer_id
        accepted = [o.lawyer_id for o in CommissionOffer.query(f"COMM#{cid}") if o.state == "accepted"]
        assert accepted == [winner]
        marks = [m for m in PartyMark.scan() if m.commission_id == cid]  # tests may scan
        assert [m.lawyer_id for m in marks] == [winner]
        told = [n for n in Notification.scan()
                if n.template_key == "commission_accepted" and cid in n.idempotency_key]
        assert len(told) == 1


def test_two_sweeps_of_the_same_minute_run_a_round_once(table):
    # Given rounds of two lawyers each, and a commission whose round 1 went out
    settings = table.settings
    table.__dict__["settings"] = replace(settings, commission=replace(
        settings.commission, rounds=parse_rounds("county@0x2,county@30x2")))
    cid = pushed(table, "某某公司")
    assert len(list(CommissionOffer.query(f"COMM#{cid}"))) == 2
    # When two sweeps run at the minute round 2 is due, at the same time
    table.clock.advance(timedelta(minutes=30))
    together(lambda: run_sweep(table.clock.now()), lambda: run_sweep(table.clock.now()))
    # Then round 2 went out once: two more lawyers, each told once, the round counted once
    offers = sorted(o.lawyer_id for o in CommissionOffer.query(f"COMM#{cid}"))
    assert offers == ["L0", "L1", "L2", "L3"]
    keys = [n.idempotency_key for n in Notification.scan() if n.template_key == "commission_offered"]
    assert len(keys) == len(set(keys)) == 4
    assert commission(cid).round == 2


def test_the_lawyers_concurrent_starts_and_completes_each_happen_once(table):
    from chalicelib.commissions import lifecycle

    # Given a commission L0 accepted and the citizen confirmed
    cid = pushed(table, "某某公司")
    lawyer = pools.profile("L0")
    flow.accept(cid, lawyer, {"fee": "面议", "scope": "代理仲裁", "days": 30}, from_services(table))
    flow.confirm(cid, "oCitizen", from_services(table))
    for step, status in ((lifecycle.start, "in_service"), (lifecycle.complete, "completed")):
        # When the lawyer's step arrives four times at the same instant (taps, tabs, retries)
        results = together(*[lambda: step(cid, lawyer, from_services(table)) for _ in range(4)])
        # Then every call answers the commission in its new status, written once, told once
        assert all(not isinstance(r, Exception) and r.status == status for r in results), results
        assert commission(cid).status == status
        kind = {"in_service": "commission_started", "completed": "commission_completed"}[status]
        told = [n for n in Notification.scan() if n.template_key == kind and cid in n.idempotency_key]
        assert len(told) == 1
    assert len({r.completed_at for r in results}) == 1


def completed_by(services, lawyer, other_party, openid="oCitizen"):
    """A commission of `openid` accepted by `lawyer`, confirmed, then completed (the lawyer's
    start/complete steps are another change's: the status is written here)."""
    env = from_services(services)
    body = {"service": "劳动仲裁代理", "summary": "请代理劳动仲裁", "other_party": other_party,
            "category": "labor"}
    c = create.create(openid, COUNTY, body, env, consultation_of=lambda i: None,
                      lawyer_of=pools.profile, region_of=picks.region_of,
                      category_known=lambda code: code == "labor",
                      read_catalogue=lambda bureau: None)
    rounds.advance(c.id, env, picks.candidates)
    flow.accept(c.id, lawyer, {"fee": "3000元", "scope": "代理仲裁", "days": 30}, env)
    flow.confirm(c.id, openid, env)
    done = commission(c.id)
    done.status = "completed"
    done.save()
    return c.id


def test_ratings_at_the_same_instant_count_once_per_commission_and_each_for_the_lawyer(table):
    # Given L0 (4.5 stars) completed three commissions for three citizens
    lawyer = pools.profile("L0")
    ids = [completed_by(table, lawyer, f"某某公司{n}", openid=f"oCitizen{n}") for n in range(3)]
    # When the first citizen taps 提交评价 three times at once, and the two others rate at the same
    # instant
    calls = [lambda: rating.rate(ids[0], "oCitizen0", 5, None, from_services(table))] * 3 + [
        lambda cid=cid, n=n: rating.rate(cid, f"oCitizen{n}", 1, None, from_services(table))
        for n, cid in ((1, ids[1]), (2, ids[2]))]
    results = together(*calls)
    # Then the first commission is rated once (the other taps refused as rated, or busy), the
    # others once each
    first = results[:3]
    assert len([r for r in first if not isinstance(r, Exception)]) == 1, first
    assert all(isinstance(r, Conflict) and r.code in ("already_rated", "busy")
               for r in first if isinstance(r, Exception)), first
    assert all(not isinstance(r, Exception) for r in results[3:]), results
    assert [int(commission(i).rating) for i in ids] == [5, 1, 1]
    # and the lawyer's counters hold the three ratings, the stars by the formula:
    # (5 + 1 + 1 + 4.5 × 3) / (3 + 3) = 3.42
    counters = payouts.lawyer_stats(pools.profile("L0"))
    assert (int(counters.ratings), int(counters.rating_sum)) == (3, 7)
    assert float(pools.profile("L0").stars) == 3.42
