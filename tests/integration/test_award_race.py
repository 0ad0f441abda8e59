"""Races that only a real engine can judge, on DynamoDB Local with threads: two awards at once
(one 200, one 409, one ledger line), answers racing for the last place under the cap, and two sweeps
of the same minute racing to escalate."""
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from chalice.config import Config
from chalice.local import LocalGateway

from chalicelib.auth import Caller, sign_in
from chalicelib.consultations import answers, intake, lifecycle
from chalicelib.consultations.context import context
from chalicelib.consultations.dispatch import region_chain
from chalicelib.db import consultations as db
from chalicelib.db.messaging import Notification
from chalicelib.db.models import Category, Lawyer, LawyerSlot, Region
from chalicelib.db.payouts import PayoutLine
from chalicelib.errors import Conflict
from chalicelib.routes.jobs import run_sweep
from tests.functional.consultation_support import ADVICE, QUESTION, consultation_app
from tests.held import hold_notifications, record_after_commit
from tests.races import together

pytestmark = pytest.mark.dynamodb_local
COUNTY, CITY, PROVINCE = "360722", "360700", "360000"


@pytest.fixture
def table(ddb_table, monkeypatch):
    record_after_commit(monkeypatch)
    hold_notifications(monkeypatch)
    Category(code="labor", name="劳动争议", payout_fen=4000, order=10).save()
    Region(code=COUNTY, name="信丰县", level="county", parent=CITY, city=CITY, province=PROVINCE).save()
    for n in range(8):
        lawyer_id = f"L{n}"
        Lawyer(lawyer_id=lawyer_id, name=f"律师{n}", licence_no=f"1{n}", firm="所", county=COUNTY,
               city=CITY, province=PROVINCE, specialties=["labor"], stars=4.0, openid=f"o{lawyer_id}").save()
        LawyerSlot(lawyer_id=lawyer_id, category="labor", county=COUNTY, city=CITY, province=PROVINCE,
                   stars=4.0).save()
    return ddb_table


def opened(services, citizen="oCitizen", plan=None):
    if plan:
        settings = services.settings
        services.__dict__["settings"] = replace(settings, consultation=plan(settings.consultation))
    ctx = context(services)
    c = intake.submit(openid=citizen, question=QUESTION, category="labor", county=COUNTY, ctx=ctx,
                      region_of=region_chain)
    lifecycle.start(c.id, ctx)
    return db.consultation(c.id), ctx


def test_two_concurrent_awards_give_one_200_one_409_and_one_ledger_line(table):
    # Given five consultations, each with two answers, and the citizen signed in
    gateway = LocalGateway(consultation_app(), Config())
    session, _ = sign_in(Caller("citizen", "oCitizen", openid="oCitizen"), settings=table.settings,
                         clock=table.clock)
    headers = {"Authorization": f"Bearer {session['token']}",
               "Content-Type": "application/json", "Host": "localhost"}
    rounds = []
    for n in range(5):
        c, ctx = opened(table)
        ids = [answers.post_answer(c.id, ADVICE, lawyer_id=d.lawyer_id, ctx=ctx).answer_id
               for d in db.dispatches(c.id)[:2]]
        rounds.append((c.id, ids))
    for consultation_id, (first, second) in rounds:
        # When the citizen's two taps award two different answers at the same instant
        def award(answer_id, cid=consultation_id):
            body = json.dumps({"answer_id": answer_id}).encode()
            return gateway.handle_request("POST", f"/api/consultations/{cid}/award", headers, body)
        results = together(lambda: award(first), lambda: award(second))
        # Then exactly one is accepted and the other refused as already awarded
        statuses = sorted(r["statusCode"] for r in results)
        assert statuses == [200, 409], results
        refused = next(r for r in results if r["statusCode"] == 409)
        assert json.loads(refused["body"])["error"]["code"] == "already_awarded"
        c = db.consultation(consultation_id)
        flagged = [a for a in db.consultation_items(consultation_id)
                   if isinstance(a, db.Answer) and a.awarded]
        assert len(flagged) == 1 and flagged[0].answer_id == c.awarded_answer_id
    # And the ledger holds one line per consultation, for the awarded answer's lawyer
    lines = list(PayoutLine.query("PAYOUT#360722#2026-03"))
    assert sorted(line.consultation_id for line in lines) == sorted(cid for cid, _ in rounds)
    assert all(line.lawyer_id == db.consultation(line.consultation_id).awarded_lawyer_id
               for line in lines)


def test_answers_racing_for_the_last_place_under_the_cap_are_held_to_the_cap(table):
    # Given a cap of three and four dispatched lawyers
    c, ctx = opened(table, plan=lambda p: replace(p, answer_cap=3, answer_min=3,
                                                   tiers=p.tiers[:1] + (replace(p.tiers[1], count=4),)))
    lawyers = [d.lawyer_id for d in db.dispatches(c.id)]
    assert len(lawyers) == 4
    # When all four answer at once
    results = together(*[lambda lid=lid: answers.post_answer(c.id, ADVICE, lawyer_id=lid, ctx=ctx)
                         for lid in lawyers])
    # Then three answers stand, the fourth is told answering closed, the citizen got two messages
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(refused) == 1 and isinstance(refused[0], Conflict), results
    c = db.consultation(c.id)
    assert (c.status, c.answer_count) == ("answered", 3)
    to_citizen = sorted(n.template_key for n in Notification.scan() if n.to_openid == "oCitizen")
    assert to_citizen == ["consultation_answered", "consultation_answers_complete"]
    assert all(Lawyer.get(f"LAWYER#{lid}", "PROFILE").open_questions == 0 for lid in lawyers)


def test_two_sweeps_of_the_same_minute_escalate_once(table):
    # Given a consultation whose second tier is due
    c, _ = opened(table)
    table.clock.advance(timedelta(minutes=3))
    before = len(db.dispatches(c.id))
    # When two sweeps run that minute at the same time
    together(lambda: run_sweep(table.clock.now()), lambda: run_sweep(table.clock.now()))
    # Then the tier was dispatched once: no lawyer twice, each notified once
    after = db.dispatches(c.id)
    assert len(after) > before and db.consultation(c.id).dispatched == len(after)
    keys = [n.idempotency_key for n in Notification.scan()
            if n.template_key == "consultation_dispatched"]
    assert len(keys) == len(set(keys)) == len(after)
