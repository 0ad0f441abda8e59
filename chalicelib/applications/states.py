"""The application state machine as data: which action moves an application from which states to
which, and who may take it. Every write checks it again as a condition on the stored status."""
from chalicelib.errors import Conflict

LABELS = {
    "draft": "草稿", "submitted": "已提交", "supplement_requested": "待补充材料",
    "resubmitted": "已补充材料", "accepted": "已受理", "scheduled": "已预约",
    "completed": "已办结", "rejected": "不予受理", "withdrawn": "已撤回",
}
CLOSED = frozenset({"completed", "rejected", "withdrawn"})
EDITABLE = frozenset({"draft", "supplement_requested"})  # the citizen may change fields, upload

# action: (who, states it may start from, state it leads to)
TRANSITIONS = {
    "submit": ("citizen", {"draft"}, "submitted"),
    "resubmit": ("citizen", {"supplement_requested"}, "resubmitted"),
    "withdraw": ("citizen", {"draft", "submitted", "supplement_requested", "resubmitted",
                             "accepted", "scheduled"}, "withdrawn"),
    "request_supplement": ("staff", {"submitted", "resubmitted"}, "supplement_requested"),
    "accept": ("staff", {"submitted", "resubmitted"}, "accepted"),
    "schedule": ("staff", {"accepted"}, "scheduled"),
    # 公证法 art. 31 (6): a refusal to supplement is a ground to decline, so staff may reject then.
    "reject": ("staff", {"submitted", "resubmitted", "supplement_requested"}, "rejected"),
    "complete": ("staff", {"accepted", "scheduled"}, "completed"),
    # Lapses: the law decides, the sweep acts (see timeline.lapse).
    "lapse_withdrawn": ("system", {"supplement_requested"}, "withdrawn"),
    "lapse_abandoned": ("system", {"supplement_requested"}, "withdrawn"),
    "lapse_deemed_accepted": ("system", {"submitted", "resubmitted"}, "accepted"),
}


def target(action, status):
    """The state `action` leads to from `status`; Conflict (409) if the machine does not allow it."""
    _, sources, to = TRANSITIONS[action]
    if status not in sources:
        raise Conflict(f"当前状态为“{LABELS.get(status, status)}”，不能执行此操作",
                       code="illegal_transition", details=[{"field": "action", "status": status, "action": action}])
    return to
