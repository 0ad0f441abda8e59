"""Consultations: a citizen's legal question answered by lawyers. This package holds the rules;
`chalicelib/db/consultations.py` holds the entity. Intake is here now; dispatch, answers and the award
come with issue 4."""

# Statuses in which a consultation still takes material from the citizen (chat photos, voice).
# The lifecycle is issue 4's; keep this list in step with it.
OPEN_STATUSES = ("dispatching", "answering")
NEW_STATUS = "dispatching"
DEFAULT_CATEGORY = "other"
QUESTION_MIN, QUESTION_MAX = 10, 2000
