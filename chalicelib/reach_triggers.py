"""After a commit that changed a lawyer's load, fairness or stars, their reach slots follow the
profile (AP-84, db/reach.py): about a second later, never inside the dispatch transaction.

- AWS: the table's stream (NEW_IMAGE) carries every write of a profile; `lawyers_in(records)` picks
  the profiles that have `serves`, and routes/outbox_stream.py calls `refresh_now` for each.
- Local stage: no stream; `Ctx.committed(..., lawyers=...)` calls `refresh_soon`, which runs
  `refresh_now` on the after-commit worker threads.

Seam 4 (one after-commit map for the stream, the worker and the sweep) takes this as one entry:
entity `Lawyer` (inserted or modified, with `serves`) -> `refresh_now(lawyer_id, services)`.
A refresh that is lost leaves a reach slot behind the profile; dispatch re-reads the profile, so
that costs a skipped entry (or a served county missing the lawyer until their next change).
"""
from chalicelib import delivery_triggers
from chalicelib.db import reach


def refresh_now(lawyer_id, services):
    services.table()
    return reach.refresh(lawyer_id)


def refresh_soon(lawyer_ids, services):
    """Locally: refresh on a worker thread after the commit. Elsewhere the stream does it."""
    for lawyer_id in dict.fromkeys(lawyer_ids):
        delivery_triggers.run_soon(refresh_now, lawyer_id, services, label="lawyer_reach_failed")


def lawyers_in(records):
    """Ids of lawyer profiles with `serves` inserted or modified in a stream batch (an emptied
    `serves` is a list still, so its entries are removed by the same path)."""
    ids = []
    for record in records:
        image = record.new_image or {}
        if record.event_name in ("INSERT", "MODIFY") and \
                image.get("type", {}).get("S") == "Lawyer" and "serves" in image:
            ids.append(image.get("lawyer_id", {}).get("S"))
    return list(dict.fromkeys(i for i in ids if i))
