"""Tiered dispatch (三级推送): which lawyers hear of a consultation, and when.

A tier plan (settings) lists steps `sources@minutes x count[<answers]`. At start the steps due at
minute 0 run; the sweep runs later steps when they fall due, but only while the consultation has
fewer answers than the step's threshold (by default the answer minimum; `<1`: while nobody has
answered — a rescue step for the 10-minute promise that costs nothing once someone has). Within a source the choice is fair: the pool index is read in fairness order
(least recently dispatched, then stars) with a small limit, skipping lawyers already notified or at
their open-question limit, so a choice costs the same with 160 lawyers or 16,000.
"""
import random
import time
from dataclasses import dataclass
from datetime import timedelta

from chalicelib import outbox, scoping
from chalicelib.clock import iso
from chalicelib.consultations import notices
from chalicelib.consultations.duty import on_duty, still_serving
from chalicelib.consultations.privacy import mask_personal_data, needs_masking
from chalicelib.db import consultations as db, pools
from chalicelib.db import duty as duty_db
from chalicelib.db.effects import CommitError, Effects, Update
from chalicelib.db.changes import revise
from chalicelib.db.keys import NATIONAL
from chalicelib.db.models import takes_questions
from chalicelib.db.reach import covers, served
from chalicelib.db.store import TABLE
from chalicelib.errors import Conflict
from chalicelib.consultations.plan import needed, next_tier_at, plan_of, tier_time

MAX_TRANSACTION_ITEMS = 100
POOL_ROUNDS = 3  # pages of one pool read at most in one choice
ATTEMPTS = 6


@dataclass
class Pick:
    lawyer: object  # the Lawyer profile, as read (its version guards the write)
    source: str
    tier: int
    duty_hour: str = None


def _pool_code(c, source):
    return {"county": c.county, "city": c.city, "province": c.province, "national": NATIONAL}[source]


def _eligible(lawyer, c, source):
    if lawyer is None or not lawyer.openid or lawyer.openid == c.openid:
        return False  # unreachable, or the citizen's own question
    if not takes_questions(lawyer):
        return False  # paused or suspended: not even from the duty roster
    if source == "duty":  # the roster, not the open-question limit, bounds a duty lawyer
        return True
    if source == "county" and not covers(lawyer, c.county):
        return False  # a reach slot left behind by a `serves` that no longer lists the county
    return c.category in (lawyer.specialties or []) and \
        (lawyer.open_questions or 0) < lawyer.max_open_questions


def choose(c, tier_index, tier, exclude, ctx, *, pool=pools, duty=on_duty):
    """Up to `tier.count` lawyers not in `exclude`, source by source (adds them to `exclude`).
    `pool` reads the pool index and profiles (chalicelib.db.pools); `duty` the roster."""
    picks = []
    for source in tier.sources:
        if len(picks) >= tier.count:
            break
        if source == "duty":
            bureau = scoping.bureau_of(c)
            ids, hour = duty(ctx, exclude, bureau=bureau)  # the consultation's roster
            regions = ctx.bureau_regions(bureau)
            _take(picks, ids, pool, c, source, tier_index, tier.count, exclude, hour,
                  keep=lambda lawyer: still_serving(lawyer, regions, bureau=bureau,
                                                    consultation_id=c.id))
            continue
        cursor = None
        # Lawyers notified before were moved to the back of every pool, so a page of `want` plus a
        # little slack usually suffices; stale or excluded entries make us read on, boundedly.
        for _ in range(POOL_ROUNDS):
            want = tier.count - len(picks)
            slots, cursor = pool.lawyers_for_dispatch(
                source, _pool_code(c, source), c.category, want + ctx.policy.pool_slack, cursor)
            ids = [s.lawyer_id for s in slots if s.lawyer_id not in exclude]
            _take(picks, ids, pool, c, source, tier_index, tier.count, exclude)
            if len(picks) >= tier.count or cursor is None:
                break
    return picks


def _take(picks, ids, pool, c, source, tier_index, count, exclude, hour=None, keep=None):
    """Add the eligible lawyers of `ids` (and, given `keep(profile)`, only those it keeps)."""
    found = pool.profiles(ids) if ids else {}
    for lawyer_id in ids:  # a lawyer in two pools (home and served county) is notified once
        if len(picks) < count and lawyer_id not in exclude and \
                _eligible(found.get(lawyer_id), c, source) and \
                (keep is None or keep(found[lawyer_id])):
            picks.append(Pick(found[lawyer_id], source, tier_index, hour))
            exclude.add(lawyer_id)


def _cost(pick):
    return 2 + pools.items_for_load_change(pick.lawyer) + (1 if pick.duty_hour else 0)


def _remind_at(ctx):
    minutes = ctx.policy.lawyer_reminder_minutes
    return iso(ctx.now + timedelta(minutes=minutes)) if minutes > 0 else None


def _write_pick(writes, c, pick, ctx):
    """Add one lawyer's dispatch, load, duty hour and notice to `writes`; the notice's id."""
    lawyer, now = pick.lawyer, iso(ctx.now)
    masked = needs_masking(lawyer.county, c.county, served(lawyer))
    view = mask_personal_data(c.question) if masked else c.question
    bureau = notices.bureau_of(ctx, c)
    writes.append(db.new_dispatch(
        consultation_id=c.id, lawyer_id=lawyer.lawyer_id, lawyer_openid=lawyer.openid,
        lawyer_openid_account=getattr(lawyer, "openid_account", None),
        source=pick.source, tier=pick.tier, dispatched_at=now, state="open", category=c.category,
        question=view, masked=masked, bureau=bureau, bureau_name=ctx.bureau_label(bureau),
        remind_at=_remind_at(ctx)))
    pools.load_change(writes, lawyer, +1, dispatched_at=now)
    if pick.duty_hour:
        duty_db.take(writes, lawyer.lawyer_id, pick.duty_hour, ctx.policy.duty_hourly_limit, ctx.now)
    return outbox.write_with(writes, notices.dispatched(ctx, c, lawyer, view)) if lawyer.openid else None


def advance(c, ctx, *, changes=None, extra=None):
    """Run every step of the plan due at `ctx.now` (each only while answers are short of its threshold),
    together with `changes` to the consultation and `extra(writes)` effects, in ONE transaction whose
    condition is the consultation's revision: two sweeps can never both dispatch a step.
    Returns the picks; raises CommitError (db/effects.py) when refused (the caller reads again)."""
    changes = dict(changes or {})
    plan = plan_of(c, ctx)
    due = [i for i in range(int(c.tiers_done), len(plan)) if tier_time(c, plan[i]) <= ctx.now]
    answers, answer_min = int(c.answer_count or 0), ctx.policy.answer_min
    run = [i for i in due if needed(plan[i], answers, answer_min)]
    picks = []
    if run:
        exclude = {d.lawyer_id for d in ctx.store.dispatches(c.id)} if c.dispatched else set()
        for i in run:
            picks += choose(c, i, plan[i], exclude, ctx)
    room, kept = MAX_TRANSACTION_ITEMS - 2 - (1 if extra else 0), []
    for pick in picks:  # what does not fit in one transaction waits for no one: it is dropped
        if _cost(pick) <= room:
            kept.append(pick)
            room -= _cost(pick)
    if due:
        c.tiers_done = due[-1] + 1
    changes.update(tiers_done=int(c.tiers_done), dispatched=int(c.dispatched or 0) + len(kept),
                   next_tier_at=next_tier_at(c, plan, ctx.policy.answer_min))
    actions, condition = revise(c, changes)
    writes = Effects([Update(c, actions, condition, "consultation")])
    ids = [_write_pick(writes, c, pick, ctx) for pick in kept]
    if extra:
        ids += extra(writes) or []
    ctx.commit(writes)
    ctx.committed(ids, lawyers=[pick.lawyer for pick in kept])
    return kept


def retrying(read, step, attempts=ATTEMPTS, pause=time.sleep):
    """Run `step(c)` on a fresh read until it commits; None if the consultation is gone. Writers
    racing on one consultation each lose a round to the winner, so a loser reads again after a
    short random pause; after the last refusal the caller is told to try again (409)."""
    for attempt in range(attempts):
        c = read()
        if c is None:
            return None
        try:
            return step(c)
        except CommitError:
            pause(random.uniform(0.005, 0.03) * (attempt + 1))
    raise Conflict("操作冲突，请稍后重试", code="busy")


def region_chain(county, store=TABLE):
    """(city, province) of a county (AP-03), or (None, None) for an unknown code."""
    region = store.region(county)
    return (region.city, region.province) if region is not None else (None, None)
