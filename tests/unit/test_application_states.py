"""The state machine: every (action, state) pair it allows, and a 409 for every other."""
import pytest

from chalicelib.applications import states
from chalicelib.errors import Conflict

ALLOWED = {
    ("submit", "draft"): "submitted",
    ("resubmit", "supplement_requested"): "resubmitted",
    ("request_supplement", "submitted"): "supplement_requested",
    ("request_supplement", "resubmitted"): "supplement_requested",
    ("accept", "submitted"): "accepted", ("accept", "resubmitted"): "accepted",
    ("schedule", "accepted"): "scheduled",
    ("reject", "submitted"): "rejected", ("reject", "resubmitted"): "rejected",
    ("reject", "supplement_requested"): "rejected",
    ("complete", "accepted"): "completed", ("complete", "scheduled"): "completed",
    ("lapse_withdrawn", "supplement_requested"): "withdrawn",
    ("lapse_abandoned", "supplement_requested"): "withdrawn",
    ("lapse_deemed_accepted", "submitted"): "accepted",
    ("lapse_deemed_accepted", "resubmitted"): "accepted",
    **{("withdraw", s): "withdrawn" for s in ("draft", "submitted", "supplement_requested",
                                              "resubmitted", "accepted", "scheduled")},
}


@pytest.mark.parametrize("action", sorted(states.TRANSITIONS))
@pytest.mark.parametrize("status", sorted(states.LABELS))
def test_only_the_listed_transitions_are_allowed(action, status):
    if (action, status) in ALLOWED:
        assert states.target(action, status) == ALLOWED[(action, status)]
    else:
        with pytest.raises(Conflict) as refused:
            states.target(action, status)
        assert refused.value.status == 409 and refused.value.code == "illegal_transition"
        assert states.LABELS[status] in refused.value.message


def test_closed_applications_go_nowhere():
    for status in states.CLOSED:
        assert not any(status in sources for _, sources, _ in states.TRANSITIONS.values())
