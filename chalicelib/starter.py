"""Starting a consultation (its tier-1 dispatch) as soon as it is committed.

The H5 form starts it in the request. The WeChat reply path may not spend the calls (its budget is one
transaction), so a chat question is started right after the reply's commit, by the after-commit map
(chalicelib/after_commit.py): on a worker thread on the local stage, by the table's stream on AWS.
`sweep_due` starts anything still waiting within a minute.
"""
import logging

from chalicelib import after_commit
from chalicelib.consultations import lifecycle
from chalicelib.consultations.context import context
from chalicelib.logs import log


def start_now(consultation_id, services):
    """Dispatch tier 1 now (idempotent: a started consultation is left as it is)."""
    try:
        lifecycle.start(consultation_id, context(services))
    except Exception:  # the sweep starts it within a minute; the request must not fail for this
        log("consultation_start_deferred", logging.WARNING, exc_info=True, consultation=consultation_id)
        return False
    return True


def start_soon(consultation_id, services):
    """After a commit on the reply path: the after-commit map's work for a new Consultation."""
    return after_commit.soon("Consultation", [consultation_id], services) > 0
