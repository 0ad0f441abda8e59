"""Work after a commit: one map (`wiring.after_commit_map()`) from what a commit wrote to the
work it starts, applied on three paths.

- AWS: the table's stream (routes/outbox_stream.py) hands each batch's new images to
  `from_records`, about a second after the commit.
- Local stage: there is no stream, so whoever committed calls `soon(entity, ids, services)`; the
  work runs on worker threads of the long-lived `chalice local` process. Off the local stage `soon`
  does nothing, as the stream does it. The context factories wire this in for the capabilities:
  a route or a sweep handler passes nothing.
- The sweep: an entity whose row is `swept` also has a due handler (`wiring.due_handlers()`),
  which does the same work within a minute for whatever the prompt paths missed (a lost worker, a
  lagging stream, a deliverer that died).

Every piece of work is idempotent: the stream, a local worker and the sweep may each run it once.
"""
import logging
import queue
import threading
from typing import Callable, NamedTuple, Optional

from chalicelib.logs import log

WORKERS = 4  # concurrent local jobs: a slow WeChat (3 s) must not queue a burst behind it


class Work(NamedTuple):
    """One row of the map: the new image's attribute naming the item, `job(id, services)`, the
    stream events it answers, an attribute the new image must carry (None: any), and whether the
    sweep also does this work for what the prompt paths missed."""
    id_attribute: str
    job: Callable
    events: tuple = ("INSERT",)
    when: Optional[str] = None
    swept: bool = True


def _map():
    from chalicelib.wiring import after_commit_map

    return after_commit_map()


def matching(records, work=None):
    """[(entity, id)] of the writes in this stream batch that the map has work for, in order and
    each once (other events, other entities and images without the row's `when` are ignored)."""
    work = _map() if work is None else work
    found = []
    for record in records:
        image = record.new_image or {}
        row = work.get(image.get("type", {}).get("S"))
        if row is None or record.event_name not in row.events or (row.when and row.when not in image):
            continue
        item_id = image.get(row.id_attribute, {}).get("S")
        if item_id:
            found.append((image["type"]["S"], item_id))
    return list(dict.fromkeys(found))


def from_records(records, services):
    """The stream's path: run the map's work for each insert now; {id: outcome or "error"}. A
    failure is logged and never raised: raising would replay the batch and hold up the shard."""
    work, done = _map(), {}
    for entity, item_id in matching(records, work):
        try:
            done[item_id] = _outcome(work[entity].job(item_id, services))
        except Exception:  # the sweep is the safety net
            log("after_commit_failed", logging.ERROR, exc_info=True, entity=entity, subject=item_id)
            done[item_id] = "error"
    return done


def _outcome(result):
    return getattr(result, "status", result)


def soon(entity, ids, services):
    """The local path, after a commit: queue the map's work for these ids on worker threads;
    returns how many were queued (0 off the local stage, where the table's stream does this)."""
    ids = list(dict.fromkeys(i for i in ids or () if i))
    if not ids or not services.settings.is_local:
        return 0
    job = _map()[entity].job
    _start_workers()
    for item_id in ids:
        _jobs.put((job, entity, item_id, services))
    return len(ids)


_jobs = queue.Queue()
_workers = []
_start_lock = threading.Lock()


def _start_workers():
    with _start_lock:
        while len(_workers) < WORKERS:
            worker = threading.Thread(target=_work, name=f"after-commit-{len(_workers)}", daemon=True)
            worker.start()
            _workers.append(worker)


def _work():
    while True:
        job, entity, item_id, services = _jobs.get()
        try:
            job(item_id, services)
        except Exception:  # the sweep retries it; a worker must survive
            log("after_commit_failed", logging.ERROR, exc_info=True, entity=entity, subject=item_id)
        finally:
            _jobs.task_done()


def wait_idle(timeout=10.0):
    """Wait until every queued job has finished (tests, the local simulator); False on timeout."""
    with _jobs.all_tasks_done:
        return _jobs.all_tasks_done.wait_for(lambda: not _jobs.unfinished_tasks, timeout)
