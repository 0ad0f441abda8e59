"""The sweep's dispatch loop, without AWS: every due item goes to its entity's handler, and slow work
registered with a per-run bound leaves the rest due for the next minute."""
from datetime import datetime, timezone
from types import SimpleNamespace

from chalicelib import sweep

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def test_slow_work_is_bounded_per_sweep_and_the_rest_stays_due(monkeypatch):
    # Given seven due downloads (at most three a sweep) interleaved with two consultation steps
    seen = []
    monkeypatch.setattr(sweep, "HANDLERS", {})
    monkeypatch.setattr(sweep, "PER_RUN", {})
    sweep.handles("Download", per_run=3)(lambda item, now, services: seen.append(item.n))
    sweep.handles("Step")(lambda item, now, services: seen.append(item.n))
    items = [SimpleNamespace(entity="Download", n=f"d{i}") for i in range(7)]
    items[1:1] = [SimpleNamespace(entity="Step", n="s0")]
    items.append(SimpleNamespace(entity="Step", n="s1"))
    # When one sweep runs
    report = sweep.run(NOW, None, lambda now, limit: items)
    # Then three downloads and every step were handled; four downloads wait, still due
    assert seen == ["d0", "s0", "d1", "d2", "s1"]
    assert report["handled"] == {"Download": 3, "Step": 2} and report["deferred"] == 4


def test_a_failing_item_counts_against_the_bound_and_does_not_stop_the_others(monkeypatch):
    monkeypatch.setattr(sweep, "HANDLERS", {})
    monkeypatch.setattr(sweep, "PER_RUN", {})

    def broken(item, now, services):
        raise RuntimeError("WeChat is slow today")

    sweep.handles("Download", per_run=2)(broken)
    sweep.handles("Step")(lambda item, now, services: None)
    items = [SimpleNamespace(entity="Download")] * 5 + [SimpleNamespace(entity="Step")]
    report = sweep.run(NOW, None, lambda now, limit: items)
    assert report["errors"] == 2 and report["deferred"] == 3 and report["handled"] == {"Step": 1}
