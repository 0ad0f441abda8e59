"""Fixtures for the commission tests: the app, a county of lawyers with stars 4.9 down (labor), a
neighbour county of the same city, categories and regions, real sessions, notifications held in the
outbox, and the sweep run at a chosen moment of the clock."""
import json
from dataclasses import replace
from datetime import timedelta

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.commissions.policy import parse_rounds
from chalicelib.db.bureaus import Bureau
from chalicelib.db.commissions import Commission, CommissionOffer
from chalicelib.db.consultations import Consultation
from chalicelib.db.messaging import Notification
from chalicelib.db.models import Category, Lawyer, Region, StaffAccount
from chalicelib.routes.jobs import run_sweep
from tests.held import hold_notifications, record_after_commit

COUNTY, NEIGHBOUR, CITY, PROVINCE = "360722", "360702", "360700", "360000"
OTHER_BUREAU = "360723"
# 9 county lawyers practising labor, stars 4.9, 4.8 … 4.1 (C00 best); 2 in the neighbour county.
# The rounds are the shipped ones made smaller (2, then 3, then the rest, then the city) so the
# table stays small; their times are the shipped ones (tests/unit/test_commission_rules.py).
COUNTY_LAWYERS = [f"C{n:02d}" for n in range(9)]
NEIGHBOUR_LAWYERS = [f"N{n}" for n in range(2)]
ROUNDS = "county@0x2,county@30x3,county@120x0,city@1440x0"
SUMMARY = "公司拖欠三个月工资共九千元并将我辞退，需要律师代理劳动仲裁。"


def add_lawyer(lawyer_id, county, stars, specialties=("labor",), **extra):
    lawyer = Lawyer(lawyer_id=lawyer_id, name=f"律师{lawyer_id}", licence_no=f"1{lawyer_id}",
                    firm="测试律师事务所", county=county, city=CITY, province=PROVINCE,
                    specialties=list(specialties), stars=stars,
                    openid=extra.pop("openid", f"o{lawyer_id}"), **extra)
    lawyer.save()
    return lawyer


class Api:
    def __init__(self, client, services):
        self.client, self.services, self.tokens = client, services, {}
        self.start = services.clock.now()

    def token(self, who):
        if who not in self.tokens:
            role, _, name = who.partition(":")
            name, _, bureau = name.partition("@")
            identity = {"citizen": lambda: Caller("citizen", name, openid=name, bureau=COUNTY),
                        "lawyer": lambda: Caller("lawyer", f"o{name}", openid=f"o{name}",
                                                 lawyer_id=name),
                        "staff": lambda: Caller("staff", name, staff_id=name,
                                                bureau=bureau or COUNTY)}[role]()
            body, _ = sign_in(identity, settings=self.services.settings, clock=self.services.clock)
            self.tokens[who] = body["token"]
        return self.tokens[who]

    def call(self, method, path, who=None, body=None, raw=None):
        headers = {"content-type": "application/json"}
        if who:
            headers["authorization"] = f"Bearer {self.token(who)}"
        data = raw if raw is not None else (json.dumps(body) if body is not None else None)
        response = getattr(self.client.http, method)(path, headers=headers,
                                                     **({"body": data} if data is not None else {}))
        text = response.body.decode("utf-8") if response.body else ""
        return response.status_code, (json.loads(text) if text.startswith(("{", "[")) else text)

    def get(self, path, who):
        return self.call("get", path, who)

    def post(self, path, who, body=None):
        return self.call("post", path, who, body if body is not None else {})

    def commission(self, citizen="oCitizen", **body):
        body = {"service": "劳动仲裁代理", "summary": SUMMARY, "other_party": "信丰某某电子有限公司",
                "category": "labor", **body}
        body = {k: v for k, v in body.items() if v is not None}
        status, answer = self.post("/api/commissions", f"citizen:{citizen}", body)
        assert status == 201, answer
        return answer

    def accept(self, commission_id, lawyer_id, fee="3000元"):
        return self.post(f"/api/commissions/{commission_id}/accept", f"lawyer:{lawyer_id}",
                         {"quote": {"fee": fee, "scope": "代理劳动仲裁至裁决", "days": 60},
                          "no_conflict": True})

    def at(self, **delta):
        """Move the clock to `delta` after the start and run the sweep then (sessions renewed)."""
        self.services.clock.instant = self.start + timedelta(**delta)
        self.tokens.clear()
        return run_sweep(self.services.clock.now())


def offered(commission_id, state=None):
    """The lawyers a commission was offered to, in the order of their ids (tests may scan)."""
    found = CommissionOffer.query(f"COMM#{commission_id}", CommissionOffer.SK.startswith("OFFER#"))
    return sorted(o.lawyer_id for o in found if state is None or o.state == state)


def notes(**match):
    return [n for n in Notification.scan() if all(getattr(n, k) == v for k, v in match.items())]


def stored(commission_id):
    return Commission.get(f"COMM#{commission_id}", "META")


@pytest.fixture
def api(moto_table, monkeypatch):
    record_after_commit(monkeypatch)
    hold_notifications(monkeypatch)
    Category(code="labor", name="劳动争议", order=10).save()
    Category(code="family", name="婚姻家庭", order=20).save()
    for code in (COUNTY, NEIGHBOUR, OTHER_BUREAU):
        Region(code=code, name=code, level="county", parent=CITY, city=CITY, province=PROVINCE).save()
    Region(code=CITY, name="赣州市", level="city", parent=PROVINCE, province=PROVINCE).save()
    Bureau(code=OTHER_BUREAU, name="大余县司法局", short_name="大余", regions=[OTHER_BUREAU],
           account=OTHER_BUREAU).save()
    for n, lawyer_id in enumerate(COUNTY_LAWYERS):
        add_lawyer(lawyer_id, COUNTY, round(4.9 - n * 0.1, 1))
    for lawyer_id in NEIGHBOUR_LAWYERS:
        add_lawyer(lawyer_id, NEIGHBOUR, 4.0)
    add_lawyer("FAM", COUNTY, 5.0, specialties=("family",))  # best stars, other specialty
    add_lawyer("PAUSED", COUNTY, 5.0, status="paused", paused_until="2026-04-01")
    add_lawyer("UNBOUND", COUNTY, 5.0, openid=None)
    StaffAccount(staff_id="xf", name="信丰工作人员", bureau=COUNTY).save()
    Consultation(id="ZX20260302-AAAAAA", openid="oCitizen", category="labor", county=COUNTY,
                 question="公司拖欠工资，我的电话是13800138000，怎么办？", source="h5",
                 status="answered", created_at="2026-03-02T01:00:00Z", bureau=COUNTY).save()
    from app import app

    settings = moto_table.settings
    moto_table.__dict__["settings"] = replace(settings, commission=replace(
        settings.commission, rounds=parse_rounds(ROUNDS)))
    with Client(app) as client:
        yield Api(client, moto_table)
    # Whatever a test did, every notice it queued is one a person can read and act on.
    from tests.notice_checks import assert_people_can_read

    assert_people_can_read(Notification.scan())
