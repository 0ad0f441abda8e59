"""The sweep's dispatch loop, without AWS: every due item goes to its entity's handler in the table
it is given, slow work with a per-run bound leaves the rest due for the next minute, and an item
no handler takes is reported loudly and left due."""
import json
import logging
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib import sweep
from chalicelib.logs import JsonFormatter, configure
from chalicelib.sweep import Due

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def test_slow_work_is_bounded_per_sweep_and_the_rest_stays_due():
    # Given seven due downloads (at most three a sweep) interleaved with two consultation steps
    seen = []
    handlers = {"Download": Due(lambda item, now, services: seen.append(item.n), per_run=3),
                "Step": Due(lambda item, now, services: seen.append(item.n))}
    items = [SimpleNamespace(entity="Download", n=f"d{i}") for i in range(7)]
    items[1:1] = [SimpleNamespace(entity="Step", n="s0")]
    items.append(SimpleNamespace(entity="Step", n="s1"))
    # When one sweep runs
    report = sweep.run(NOW, None, lambda now, limit: items, handlers)
    # Then three downloads and every step were handled; four downloads wait, still due
    assert seen == ["d0", "s0", "d1", "d2", "s1"]
    assert report["handled"] == {"Download": 3, "Step": 2} and report["deferred"] == 4


def test_a_failing_item_counts_against_the_bound_and_does_not_stop_the_others():
    def broken(item, now, services):
        raise RuntimeError("WeChat is slow today")

    handlers = {"Download": Due(broken, per_run=2), "Step": Due(lambda item, now, services: None)}
    items = [SimpleNamespace(entity="Download")] * 5 + [SimpleNamespace(entity="Step")]
    report = sweep.run(NOW, None, lambda now, limit: items, handlers)
    assert report["errors"] == 2 and report["deferred"] == 3 and report["handled"] == {"Step": 1}


class Lines(logging.Handler):
    """The app's log lines as their JSON fields (what CloudWatch receives)."""

    def __init__(self):
        super().__init__()
        self.entries = []

    def emit(self, record):
        self.entries.append(json.loads(JsonFormatter().format(record)))


@pytest.fixture
def logged():
    handler, logger = Lines(), configure()
    logger.addHandler(handler)
    yield handler.entries
    logger.removeHandler(handler)


def test_an_item_no_handler_takes_is_an_error_with_its_key_and_a_count_an_alarm_can_watch(logged):
    # Given a due item of an entity the table has no row for, beside one it handles
    seen = []
    handlers = {"Step": Due(lambda item, now, services: seen.append(item.SK))}
    items = [SimpleNamespace(entity="Shipment", PK="SHIP#1", SK="SHIP", DUEAT="2026-03-02T01:59#1"),
             SimpleNamespace(entity="Step", PK="CONS#1", SK="CONS", DUEAT="2026-03-02T02:00#1")]
    # When the sweep runs
    report = sweep.run(NOW, None, lambda now, limit: items, handlers)
    # Then the other item is handled, and the stranded one is counted, not silently skipped
    assert seen == ["CONS"] and report["handled"] == {"Step": 1}
    assert report["unhandled"] == {"Shipment": 1}
    stranded = [e for e in logged if e["event"] == "sweep_no_handler"]
    assert stranded == [dict(stranded[0], level="ERROR", entity="Shipment", pk="SHIP#1", sk="SHIP",
                             due="2026-03-02T01:59#1")]
    # And the run's one summary line is an ERROR carrying the count by entity
    summary = [e for e in logged if e["event"] == "sweep_run"]
    assert len(summary) == 1 and summary[0]["level"] == "ERROR"
    assert summary[0]["unhandled"] == 1 and summary[0]["unhandled_by_entity"] == {"Shipment": 1}
    assert summary[0]["handled"] == 1 and summary[0]["errors"] == 0


def test_a_clean_run_logs_its_summary_at_info(logged):
    report = sweep.run(NOW, None, lambda now, limit: [SimpleNamespace(entity="Step")],
                       {"Step": Due(lambda item, now, services: None)})
    summary = [e for e in logged if e["event"] == "sweep_run"]
    assert "unhandled" not in report
    assert summary[0]["level"] == "INFO" and summary[0]["unhandled"] == 0 and summary[0]["handled"] == 1
