"""Holding the work that runs without a request, for tests that look at something else: a row of
the sweep's table (`wiring.due_handlers()`) replaced, and the after-commit path recorded instead
of run. Both go back when the test ends (monkeypatch)."""
from chalicelib import after_commit, wiring
from chalicelib.sweep import Due


def replace_due_handler(monkeypatch, entity, run, per_run=None):
    """The scheduled sweep (and bench/) use `run` for `entity`; the other rows are unchanged."""
    table = wiring.due_handlers
    monkeypatch.setattr(wiring, "due_handlers", lambda: {**table(), entity: Due(run, per_run)})


def hold_notifications(monkeypatch):
    """The sweep leaves due notifications as they are ("held")."""
    replace_due_handler(monkeypatch, "Notification", lambda item, now, services: "held")


class AfterCommitRecorder:
    """Stands in for `after_commit.soon`: records the notification ids committed and delivers
    none; the map's other rows (a chat question's start, reach slots) run as they would."""

    def __init__(self, soon):
        self.kicked, self._soon = [], soon

    def __call__(self, entity, ids, services):
        if entity != "Notification":
            return self._soon(entity, ids, services)
        ids = [i for i in ids or () if i]
        self.kicked.extend(ids)
        return len(ids)


def record_after_commit(monkeypatch):
    recorder = AfterCommitRecorder(after_commit.soon)
    monkeypatch.setattr(after_commit, "soon", recorder)
    return recorder
