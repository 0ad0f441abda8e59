"""A consultation's tier plan: its steps as stored text, when each falls due, and which are still
needed given the answers so far (docs/consultations.md, Dispatch)."""
from datetime import timedelta

from chalicelib.clock import iso, parse_instant
from chalicelib.settings import parse_tiers


def format_tiers(tiers):
    return ",".join(f"{'+'.join(t.sources)}@{t.delay_minutes:g}x{t.count}"
                    + (f"<{t.below}" if t.below else "") for t in tiers)


def plan_of(c, ctx):
    return parse_tiers(c.plan) if c.plan else ctx.policy.tiers


def tier_time(c, tier):
    return parse_instant(c.created_at) + timedelta(minutes=tier.delay_minutes)


def needed(tier, answers, answer_min):
    return answers < tier.threshold(answer_min)


def next_tier_at(c, plan, answer_min, answers=None):
    """When the next step still needed falls due (answers only grow, so a step whose threshold is
    met now never runs), or None when none is left."""
    answers = int(c.answer_count or 0) if answers is None else answers
    for tier in plan[int(c.tiers_done):]:
        if needed(tier, answers, answer_min):
            return iso(tier_time(c, tier))
    return None
