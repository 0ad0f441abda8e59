"""The app's live metrics in embedded metric format (EMF): the lines CloudWatch turns into the
figures the alarms watch — the 10-minute first-response rate and how late the sweep is."""
import io
import json
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib import metrics, sweep
from chalicelib.consultations import sla_metric
from chalicelib.routes.meta import sweep_health
from chalicelib.settings import reset_settings
from chalicelib.sweep import Due

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
POLICY = SimpleNamespace(sla_minutes=10)


@pytest.fixture
def namespace(monkeypatch):
    monkeypatch.setenv("METRICS_NAMESPACE", "Zhangshangtong/zst-prod")
    reset_settings()
    yield
    monkeypatch.delenv("METRICS_NAMESPACE")
    reset_settings()


def emitted(capsys):
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if '"_aws"' in line]


def test_an_emf_line_names_its_namespace_metrics_units_and_time(namespace):
    # When a metric is emitted
    out = io.StringIO()
    metrics.emit({metrics.OLDEST_DUE_SECONDS: 42}, NOW, out=out, consultation="c1")
    line = json.loads(out.getvalue())
    # Then it is one EMF object: the stack's namespace, no dimensions, the value at the top level
    directive = line["_aws"]["CloudWatchMetrics"][0]
    assert line["_aws"]["Timestamp"] == int(NOW.timestamp() * 1000)
    assert directive == {"Namespace": "Zhangshangtong/zst-prod", "Dimensions": [[]],
                         "Metrics": [{"Name": "OldestDueSeconds", "Unit": "Seconds"}]}
    assert line["OldestDueSeconds"] == 42 and line["consultation"] == "c1"


def test_nothing_is_written_without_a_namespace(monkeypatch):
    # Given no METRICS_NAMESPACE (the local stack, the tests)
    monkeypatch.delenv("METRICS_NAMESPACE", raising=False)
    reset_settings()
    out = io.StringIO()
    # Then emitting writes nothing
    assert metrics.emit({metrics.OLDEST_DUE_SECONDS: 1}, NOW, out=out) is None
    assert out.getvalue() == ""


@pytest.mark.parametrize("alerted, seconds, decided, met", [
    (None, 300, 1, 1),          # answered in 5 minutes: decided and met
    (None, 660, 1, 0),          # answered in 11 minutes, staff alert disabled or later: a miss
    ("2026-03-02T02:09:00Z", 570, 0, 1),   # answered in minute 9-10 after the alert: met now
    ("2026-03-02T02:09:00Z", 900, 0, 0),   # answered after the alert, late: counted at the alert
])
def test_a_first_answer_counts_once_in_the_rate(namespace, capsys, alerted, seconds, decided, met):
    c = SimpleNamespace(id="c1", staff_alerted_at=alerted)
    sla_metric.first_answer(c, seconds, NOW, POLICY)
    [line] = emitted(capsys)
    assert (line["FirstResponseDecided"], line["FirstResponseMet"]) == (decided, met)


def test_a_question_unanswered_at_the_staff_alert_pulls_the_rate_down_at_once(namespace, capsys):
    sla_metric.staff_alerted(SimpleNamespace(id="c1"), NOW)
    [line] = emitted(capsys)
    assert (line["FirstResponseDecided"], line["FirstResponseMet"]) == (1, 0)


def test_the_sweep_reports_how_late_its_oldest_due_item_is(namespace, capsys):
    # Given two due items, the oldest due 4 minutes ago (the index reads oldest first)
    items = [SimpleNamespace(entity="Step", DUEAT="2026-03-02T01:56:00Z#CONS#1"),
             SimpleNamespace(entity="Step", DUEAT="2026-03-02T01:59:30Z#CONS#2")]
    # When the sweep runs
    report = sweep.run(NOW, None, lambda now, limit: items, {"Step": Due(lambda *a: None)})
    # Then its report, the figures of its sweep_run line and its metric say 240 seconds
    assert report["oldest_due_seconds"] == 240
    assert sweep.figures(report)["oldest_due_seconds"] == 240
    [metric] = emitted(capsys)
    assert metric["OldestDueSeconds"] == 240


def test_an_idle_sweep_reports_zero():
    assert sweep.run(NOW, None, lambda now, limit: [], {})["oldest_due_seconds"] == 0
    assert sweep.lateness(None, NOW) == 0 and sweep.lateness("garbage-key-of-some-length", NOW) == 0


@pytest.mark.parametrize("last, ok", [
    (None, False),  # never ran
    ({"ran_at": "2026-03-02T01:59:00Z", "oldest_due_seconds": 10}, True),
    ({"ran_at": "2026-03-02T01:56:00Z", "oldest_due_seconds": 10}, False),   # 4 minutes silent
    ({"ran_at": "2026-03-02T01:59:00Z", "oldest_due_seconds": 400}, False),  # running, but behind
])
def test_sweep_health_says_whether_the_minute_work_keeps_up(last, ok):
    if last:
        last = dict(last, handled=0, errors=0, unhandled=0)
    assert sweep_health(last, NOW)["ok"] is ok
