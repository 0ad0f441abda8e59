"""Consultations: a citizen's legal question answered by lawyers. This package holds the rules —
intake, dispatch, answers, follow-ups, award, ratings and stars, the SLA sweep, statistics, access —
and `chalicelib/db/consultations.py` the entities. docs/consultations.md tells the whole story.

Lifecycle: dispatching → answering → answered (the cap is reached) → awarded | closed;
a chat consultation over the citizen's daily limit goes dispatching → refused.
"""

# Statuses in which a consultation still takes material from the citizen (chat photos, voice).
OPEN_STATUSES = ("dispatching", "answering")
NEW_STATUS = "dispatching"
# Answers may still be awarded (and edited) in these.
AWARDABLE = ("answering", "answered")
FINISHED = ("awarded", "closed", "refused")
STATUS_LABELS = {"dispatching": "正在分派律师", "answering": "律师解答中", "answered": "解答已齐，请选择中标回答",
                 "awarded": "已选定中标回答", "closed": "已结束", "refused": "未受理"}
DEFAULT_CATEGORY = "other"
QUESTION_MIN, QUESTION_MAX = 10, 2000
ANSWER_MIN_CHARS, ANSWER_MAX_CHARS = 30, 5000
FOLLOWUP_MAX_CHARS = 1000
