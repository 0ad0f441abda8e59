"""A quick estimate of a dispatch policy under the SLA model, without the platform: the tier rules
re-stated in a few lines (steps at created + delay, run by the minute's sweep while answers are short;
the roster's lawyers at most `duty_hourly_limit` a China hour; answering closes at the cap) and the
same arrivals and lawyer draws as bench/sla_sim.py. It ignores what only the real code knows (pools
running dry, lawyers at their open-question limit), so it screens policies and the real run decides.

A step may carry its own threshold, `sources@minutes x count<n`: run only while answers < n
(default: the policy's answer minimum). The platform does not parse that form (yet): see
docs/sla.md, "What the platform could add".

    python -m bench.sla_explore "duty@0x2,county@0x2,city+province@3x2" [--night-only] …
"""
import argparse
import random
import sys
from dataclasses import dataclass
from datetime import timedelta

from bench.sla_loop import ceil_minute
from bench.sla_model import CHINA, ArrivalPlan, DutyDesk, ResponseModel, Roster, arrivals, response_rng
from bench.sla_report import Outcome, rows

ROSTER = Roster(tuple(f"D{i}" for i in range(12)))


@dataclass(frozen=True)
class Step:
    sources: tuple
    delay: float
    count: int
    until: int = None  # run while answers < until (None: the answer minimum)


def parse(text):
    steps = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        sources, rest = part.split("@")
        until = None
        if "<" in rest:
            rest, until = rest.split("<")
            until = int(until)
        delay, count = rest.lower().split("x")
        steps.append(Step(tuple(sources.split("+")), float(delay), int(count), until))
    return sorted(steps, key=lambda s: s.delay)


def estimate(text, plan=ArrivalPlan(), seed=2026, model=ResponseModel(), answer_min=3, cap=5,
             duty_limit=6, reminder=None, roster=ROSTER):
    steps, desk, load = parse(text), DutyDesk(model.duty_per_hour), {}
    out = []
    for a in arrivals(plan, random.Random(seed)):
        o, answers = Outcome(a, consultation_id=str(a.index)), []  # answers: answer times
        o.notices = {"dispatch": 0, "closed": 0, "reminder": 0}
        for n, step in enumerate(steps):
            at = a.at if step.delay == 0 else ceil_minute(a.at + timedelta(minutes=step.delay))
            given = sum(t <= at for t in answers)
            if given >= (step.until or answer_min) or given >= cap:
                continue
            for k in range(step.count):
                duty = "duty" in step.sources and _duty_free(roster, load, at, duty_limit)
                lawyer = duty or f"P{n}.{k}"
                if duty:
                    probability = model.duty if desk.take(duty, at) else 0.0
                else:
                    probability = model.in_time_probability(at)
                o.notices["dispatch"] += 1
                drawn = model.sample(response_rng(seed, a.index, lawyer), probability)
                if drawn.delay is not None:
                    answers.append(at + drawn.delay)
                if reminder is not None and not (drawn.delay and drawn.delay <= timedelta(minutes=reminder)):
                    o.notices["reminder"] += 1
        answers.sort()
        kept = answers[:cap]
        o.first_answer_at = kept[0] if kept else None
        o.answers = len(kept)
        o.notices["closed"] = o.notices["dispatch"] - len(kept)
        out.append(o)
    return out


def _duty_free(roster, load, at, limit):
    """The least loaded roster lawyer on duty with room this China hour (and count the question)."""
    hour = at.astimezone(CHINA).strftime("%Y-%m-%dT%H")
    on = [i for i in roster.lawyers_of(*roster.shift_of(at)) if load.get((i, hour), 0) < limit]
    if not on:
        return None
    chosen = min(on, key=lambda i: load.get((i, hour), 0))
    load[(chosen, hour)] = load.get((chosen, hour), 0) + 1
    return chosen


def summary(name, outcomes):
    r = {row.label: row for row in rows(outcomes)}
    three = sum(o.answers >= 3 for o in outcomes) / len(outcomes)
    dispatch = sum(o.notices["dispatch"] for o in outcomes) / len(outcomes)
    return (f"{name:<72}{r['overall'].rate:>8.4f}{r['day 08-22'].rate:>8.4f}{r['night 22-08'].rate:>8.4f}"
            f"{r['burst day'].rate:>8.4f}{dispatch:>7.2f}{r['overall'].notifications:>7.2f}{three:>7.2f}")


HEADER = f"{'policy':<72}{'all':>8}{'day':>8}{'night':>8}{'burst':>8}{'disp':>7}{'notif':>7}{'>=3':>7}"


def explore(argv=()):
    parser = argparse.ArgumentParser(prog="python -m bench.sla_explore")
    parser.add_argument("plans", nargs="+")
    parser.add_argument("--seeds", type=int, default=3, help="average over this many seeds")
    parser.add_argument("--answer-min", type=int, default=3)
    args = parser.parse_args(list(argv))
    print(HEADER)
    for text in args.plans:
        outcomes = [o for s in range(args.seeds) for o in estimate(text, seed=2026 + s,
                                                                    answer_min=args.answer_min)]
        print(summary(text, outcomes))


if __name__ == "__main__":
    explore(sys.argv[1:])
