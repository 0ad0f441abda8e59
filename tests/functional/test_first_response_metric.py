"""The live 10-minute first-response rate: what a consultation's life writes for the hourly alarm
(EMF lines, chalicelib/consultations/sla_metric.py) — each question decided once, met when its first
answer came within 10 minutes."""
import json
from datetime import timedelta

import pytest

from chalicelib.settings import reset_settings
from tests.functional import consultation_support as support

api = support.api


@pytest.fixture
def emitted(monkeypatch, capsys):
    monkeypatch.setenv("METRICS_NAMESPACE", "Zhangshangtong/test")
    reset_settings()

    def lines():
        return [{k: v for k, v in json.loads(line).items() if k.startswith("FirstResponse")}
                for line in capsys.readouterr().out.splitlines()
                if '"_aws"' in line and "FirstResponse" in line]
    yield lines
    monkeypatch.delenv("METRICS_NAMESPACE")
    reset_settings()


def test_a_question_answered_in_time_counts_decided_and_met(api, emitted):
    cid = api.ask()["id"]
    api.services.clock.advance(timedelta(minutes=4, seconds=30))
    api.answer(cid, "LX1")
    api.answer(cid, "LX2")  # a second answer decides nothing more
    api.sweep(9)            # nor does the minute of the staff alert, which no longer comes
    assert emitted() == [{"FirstResponseDecided": 1, "FirstResponseMet": 1}]


def test_a_question_unanswered_at_the_staff_alert_counts_as_missed_at_once(api, emitted):
    cid = api.ask()["id"]
    api.sweep(9)
    assert emitted() == [{"FirstResponseDecided": 1, "FirstResponseMet": 0}]
    # And an answer in minute 9-10 is still in time: met, without deciding it twice
    api.services.clock.advance(timedelta(seconds=40))  # the sweep left the clock at minute 9
    api.answer(cid, "LX1")
    assert emitted() == [{"FirstResponseDecided": 0, "FirstResponseMet": 1}]
