"""One leased-job store for work that must be done by one worker at a time and settled once: a
notification's delivery (AP-40, `Notification`, working status `sending`) and a chat-media copy
(AP-42, `MediaCopy`, `copying`). A job waits `pending` until `next_attempt_at`; a claim — one
conditional update — takes it into its working status with a lease until T and counts the attempt;
only the holder of that lease (its status and `lease_until` unchanged) renews it, completes the job
or releases it to be tried again. A job whose worker died is claimable again once its lease has run
out: a working job is due at its lease's end, so the sweep finds it. Every write keeps the item's
index keys in step with its new state (the DUE index, a parked list).

The job model has `status`, `attempts`, `next_attempt_at` and `lease_until`, and its `keys()` say
where each state is indexed.
"""
from pynamodb.exceptions import UpdateError

from chalicelib.clock import iso
from chalicelib.db.changes import changed

PENDING = "pending"


def write(item, changes, condition, add=None):
    """Apply `changes` (None removes; index keys follow) and `add` ({name: n}) to `item` under
    `condition`. The item as now stored (DynamoDB's ALL_NEW), or None if the condition refused."""
    cls = type(item)
    actions = changed(item, changes) + [getattr(cls, name).add(n) for name, n in (add or {}).items()]
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return None
        raise
    return item


class Leases:
    """The lease operations on one job model, whose working status is `working`."""

    def __init__(self, model, working):
        self.model, self.working = model, working

    def claim(self, job, now, until):
        """Take a due job (pending and its time come, or working under a lease run out) for one
        attempt, leased until `until`; None when it is not due or someone else holds it. `job`
        needs only its key fields: the claimed job is read back whole."""
        at, m = iso(now), self.model
        due = (m.status == PENDING) & (m.next_attempt_at <= at)
        abandoned = (m.status == self.working) & (m.lease_until < at)
        return write(job, {"status": self.working, "lease_until": iso(until)}, due | abandoned,
                     add={"attempts": 1})

    def held(self, job):
        """The condition that `job`'s lease, as claimed, is still ours."""
        return (self.model.status == self.working) & (self.model.lease_until == job.lease_until)

    def renew(self, job, until):
        """Hold the lease longer (a slow attempt); None if it is no longer ours."""
        return write(job, {"lease_until": iso(until)}, self.held(job))

    def complete(self, job, status, changes=None):
        """Settle the job in a final `status` with `changes`, only while holding its lease."""
        return write(job, dict(changes or {}, status=status, lease_until=None, next_attempt_at=None),
                     self.held(job))

    def release(self, job, next_attempt_at, changes=None):
        """Give the job back after a failed attempt, due again at `next_attempt_at`, only while
        holding its lease."""
        return write(job, dict(changes or {}, status=PENDING, lease_until=None,
                               next_attempt_at=iso(next_attempt_at)), self.held(job))
