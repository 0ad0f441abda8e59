"""After a commit that changed a lawyer's load, fairness or stars, their reach slots follow the
profile (AP-84, db/reach.py): about a second later, never inside the dispatch transaction.

This is the `Lawyer` row of the after-commit map (`wiring.after_commit_map()`): a profile inserted
or modified with `serves` -> `refresh_now(lawyer_id, services)`. On AWS the table's stream runs it;
on the local stage `Ctx.committed(..., lawyers=...)` hands the ids to `after_commit.soon`.
The sweep is no safety net here: a refresh that is lost leaves a reach slot behind the profile;
dispatch re-reads the profile, so that costs a skipped entry (or a served county missing the
lawyer until their next change).
"""
from chalicelib.db import reach


def refresh_now(lawyer_id, services):
    services.table()
    return reach.refresh(lawyer_id)
