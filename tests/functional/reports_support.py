"""Fixtures of the dashboard and monthly-report tests: two live bureaus, 信丰 (A, the default) and
大余 (B), their consultations, payout lines and applications written straight into a moto table,
and staff sessions of each through /dev/login."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from chalice.test import Client

from chalicelib.clock import iso
from chalicelib.db.applications import Application
from chalicelib.db.bureaus import Bureau
from chalicelib.db.consultations import Consultation
from chalicelib.db.payouts import PayoutLine

A, B = "360722", "360723"
MARCH_20 = datetime(2026, 3, 20, 4, 0, tzinfo=timezone.utc)  # 12:00 China time


def bureau(code, name, short, level="county", regions=None):
    Bureau(code=code, name=name, short_name=short, level=level, regions=regions or [code],
           account=code, status="live").save()


def ask(cid, bureau_code, at, first=None, *, category="labor", rating=None, awarded=False,
        openid="oCitizen", question="工资被拖欠怎么办", legacy_bureau=False):
    """A consultation asked at `at`, first answered after `first` seconds (None: not yet)."""
    c = Consultation(id=cid, openid=openid, category=category, question=question, source="h5",
                     county=bureau_code, status="answering", created_at=iso(at),
                     bureau=None if legacy_bureau else bureau_code,
                     first_response_seconds=first, answer_count=1 if first is not None else 0,
                     first_answer_at=iso(at + timedelta(seconds=first)) if first is not None else None,
                     awarded_answer_id="ans1" if awarded else None, payout_fen=5000 if awarded else None,
                     rating=rating)
    c.save()
    return c


def payout(month, cid, lawyer_name, fen=5000):
    PayoutLine(month=month, consultation_id=cid, answer_id="ans1", lawyer_id="L1", lawyer_name=lawyer_name,
               category="labor", amount_fen=fen, awarded_at=f"{month}-10T02:00:00Z", awarded_by="citizen").save()


def application(app_id, bureau_code, status, due, openid="oApplicant", name="申请人"):
    Application(application_id=app_id, service_type="legal_aid", openid=openid, status=status,
                fields={"name": name}, created_at="2026-03-01T01:00:00Z", updated_at="2026-03-01T01:00:00Z",
                queue_due=due, bureau=bureau_code).save()


class Site:
    def __init__(self, client, services, clock):
        self.client, self.services, self.clock, self.tokens = client, services, clock, {}

    def login(self, staff_id, bureau_code):
        if staff_id not in self.tokens:
            response = self.client.http.post("/dev/login", headers={"content-type": "application/json"},
                                             body=json.dumps({"role": "staff", "id": staff_id,
                                                              "bureau": bureau_code}))
            assert response.status_code == 200, response.body
            self.tokens[staff_id] = json.loads(response.body)["token"]
        return self.tokens[staff_id]

    def get(self, path, staff=None):
        headers = {"authorization": f"Bearer {self.tokens[staff]}"} if staff else {}
        return self.client.http.get(path, headers=headers)

    def json(self, path, staff=None, status=200):
        response = self.get(path, staff)
        assert response.status_code == status, response.body
        return json.loads(response.body)


@pytest.fixture
def site(moto_table, clock):
    from app import app

    clock.instant = MARCH_20
    bureau(B, "大余县司法局", "大余")
    with Client(app) as client:
        yield Site(client, moto_table, clock)
