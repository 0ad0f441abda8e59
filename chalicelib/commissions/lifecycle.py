"""The accepting lawyer's steps once the citizen confirmed: start the work (confirmed → in_service)
and finish it (in_service → completed); the citizen is told at each (the completion invites a
rating). Only the lawyer who holds the commission may; anyone else — another lawyer it was offered
to included — gets the 404 of a random id.

Each step is one transaction on the status and rev read (flow._change). A step already done (a
double tap, two tabs, a retried request, two calls racing) answers 200 with the commission as it is
and writes nothing more: the loser of a race reads the winner's write and finds its own step done.
A step out of order (complete before start, start after completion) is a 409."""
from chalicelib.clock import iso
from chalicelib.commissions import notices
from chalicelib.commissions.flow import MISSING, _change, _require
from chalicelib.db import commissions as db
from chalicelib.errors import Conflict

# step: (status read, status written, the time it stamps, the citizen's notice)
STEPS = {"start": ("confirmed", "in_service", "started_at", "commission_started"),
         "complete": ("in_service", "completed", "completed_at", "commission_completed")}


def start(commission_id, lawyer, env):
    """The lawyer starts the work the citizen confirmed them for."""
    return _step("start", commission_id, lawyer, env)


def complete(commission_id, lawyer, env):
    """The lawyer reports the work done; the citizen may now rate it."""
    return _step("complete", commission_id, lawyer, env)


def _held(commission_id, lawyer_id):
    c = db.commission(commission_id)
    if c is None or not lawyer_id or c.lawyer_id != lawyer_id:
        raise MISSING
    return c


def _step(name, commission_id, lawyer, env):
    read, written, stamp, kind = STEPS[name]
    c = _held(commission_id, lawyer.lawyer_id)
    if c.status == written:
        return c  # done already: nothing to write, nobody told twice
    _require(c, read)
    c.status = written
    setattr(c, stamp, iso(env.now))
    note = notices.to_citizen(env, c, kind, lawyer=lawyer.name)
    try:
        return _change(c, read, env, [note])
    except Conflict:
        again = _held(commission_id, lawyer.lawyer_id)
        if again.status == written:  # a concurrent call of the same step won: the same answer
            return again
        raise
