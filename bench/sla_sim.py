"""Prove the 10-minute SLA: simulated citizens and lawyers against the REAL consultation code
(H5 intake and start, tiered dispatch, answers, `sweep_due`) on DynamoDB Local holding the
16,000-lawyer seed pool, in simulated time. docs/sla.md describes the model and the policies.

    python -m bench.sla_sim [--policy NAME] [--seed N] [--days N] [--burst-day N] [--workers N]
    python -m bench.sla_sim --sweep-policies [--days 14]     # the rate-vs-notifications curve
    python -m bench.sla_sim --province [--counties N] …      # 赣州's 18 counties, one deployment

Prints the table (overall, day, night, burst day), writes bench/out/sla_by_hour.png and ends with
`first_response_10min_rate=<x> notifications_per_consultation=<y>`.

The timeline is cut into `--workers` stretches run side by side (two cores: two processes), each
on its own DynamoDB Local started from a copy of the seeded pool; a stretch first replays the
`WARM_UP` questions before it, uncounted, so its lawyers are as busy as they would be mid-run.
"""
import argparse
import multiprocessing
import os
import random
import sys
import time
from pathlib import Path

from bench import sla_charts, sla_report
from bench.local_table import seeded_database
from bench.sla_model import ArrivalPlan, arrivals
from bench.sla_policies import DEFAULT_POLICY, POLICIES, SWEEP
from bench.sla_run import Job, run

OUT = Path(__file__).resolve().parent / "out"
TABLE = "zst-sla-sim"
WARM_UP = 60  # questions replayed, uncounted, before a stretch: about three ordinary days


def _say(line):
    print(f"sla_sim: {line}", file=sys.stderr, flush=True)


def stretches(drawn, plan, workers, warm_up=WARM_UP):
    """[(arrivals with the warm-up days first, index of the first counted one)], one per worker,
    cut at day boundaries so that each stretch counts about as many questions."""
    per_day = [0] * plan.days
    for a in drawn:
        per_day[plan.day_of(a.at)] += 1
    bounds, running = [0], 0
    for day, count in enumerate(per_day):
        running += count
        if len(bounds) < workers and running >= len(drawn) * len(bounds) / workers:
            bounds.append(day + 1)
    bounds.append(plan.days)
    out = []
    for start, end in zip(bounds, bounds[1:]):
        first = next((i for i, a in enumerate(drawn) if plan.day_of(a.at) >= start), len(drawn))
        last = next((i for i, a in enumerate(drawn) if plan.day_of(a.at) >= end), len(drawn))
        warm = max(first - warm_up, 0)
        if last > first:
            out.append((drawn[warm:last], first - warm))
    return out


def simulate(policies, plan, seed, workers, lawyer_count):
    """{policy: [Result, …]} — every policy over every stretch, `workers` jobs at a time."""
    database, loaded = seeded_database(TABLE, lawyer_count, say=_say)
    if loaded:
        _say(f"seeds loaded in {loaded:.0f} s (cached for the next run)")
    drawn = arrivals(plan, random.Random(seed))
    jobs = [Job(name, chosen, counted, seed, str(database), TABLE, lawyer_count)
            for name in policies for chosen, counted in stretches(drawn, plan, workers)]
    results = {name: [] for name in policies}
    if workers == 1:
        for job in jobs:
            results[job.policy].append(_report(run(job)))
        return results
    with multiprocessing.get_context("spawn").Pool(workers, maxtasksperchild=1) as pool:
        for result in pool.imap(run, jobs):
            results[result.policy].append(_report(result))
    return results


def _report(result):
    c = result.counters
    _say(f"{result.policy}: {len(result.outcomes)} consultations in {result.seconds:.0f} s "
         f"({c['events']} events, {c['sweeps']} sweeps, {c['answers_refused']} answers refused, "
         f"{c['answers_withdrawn']} withdrawn; sweep errors {result.sweep_errors}; "
         f"messages left to the sweep {result.swept_notices})")
    return result


def _merged(results):
    outcomes = sorted((o for r in results for o in r.outcomes), key=lambda o: o.arrival.index)
    return outcomes, sum(r.disagree for r in results), sum(r.staff_alerts for r in results)


def main(argv=()):
    argv = list(argv)
    if "--province" in argv:  # 赣州's counties on one deployment: bench/sla_province_run.py
        from bench import sla_province_run

        return sla_province_run.main([a for a in argv if a != "--province"])
    parser = argparse.ArgumentParser(prog="python -m bench.sla_sim", description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default=DEFAULT_POLICY, choices=sorted(POLICIES))
    parser.add_argument("--sweep-policies", action="store_true",
                        help=f"run {', '.join(SWEEP)} on a shorter plan and print the curve")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--days", type=int, help="days simulated (default 105; 14 when sweeping)")
    parser.add_argument("--burst-day", type=int,
                        help="the day at 10x the rate (default 60; 7 when sweeping; -1 for none)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--lawyers", type=int, default=16_000)
    parser.add_argument("--chart", default=str(OUT / "sla_by_hour.png"))
    args = parser.parse_args(list(argv))
    sweeping = args.sweep_policies
    burst = args.burst_day if args.burst_day is not None else (7 if sweeping else 60)
    plan = ArrivalPlan(days=args.days or (14 if sweeping else 105), burst_day=None if burst < 0 else burst)
    if not POLICIES[args.policy].runnable():
        parser.error(f"policy {args.policy} needs what the platform does not take yet (docs/sla.md)")
    names = list(dict.fromkeys((list(SWEEP) if sweeping else []) + [args.policy]))
    for name in [n for n in names if not POLICIES[n].runnable()]:
        _say(f"{name}: the platform's settings do not take {POLICIES[name].tiers!r} yet; "
             f"estimate it with `python -m bench.sla_explore`")
        names.remove(name)
    started = time.perf_counter()
    results = simulate(names, plan, args.seed, args.workers, args.lawyers)
    outcomes, disagree, staff_alerts = _merged(results[args.policy])
    policy = POLICIES[args.policy]
    print(f"SLA simulation: seed {args.seed}, {plan.days} days at {plan.per_day:g} questions a day"
          + (f", day {plan.burst_day} at {plan.burst_factor:g}x" if plan.burst_day is not None else "")
          + f", {args.lawyers:,} lawyers, {args.workers} worker(s): {time.perf_counter() - started:.0f} s")
    if sweeping:
        print("rate versus notifications (notifications = outbox records to lawyers, per consultation):")
        merged = [(name, _merged(results[name])[0]) for name in names]
        print(sla_report.curve(merged))
        print(f"curve: {sla_charts.curve_chart(merged, Path(args.chart).with_name('sla_curve.png'))}")
    print(f"policy {policy.name}: {policy.tiers}" + (" + duty roster" if policy.duty_roster else "")
          + "".join(f", {k}={v}" for k, v in policy.overrides))
    print(sla_report.table(outcomes))
    print(sla_report.answers_line(outcomes))
    print(f"notifications to lawyers per consultation, by kind: {sla_report.kinds_line(outcomes)}; "
          f"staff alerts per consultation: {staff_alerts / max(len(outcomes), 1):.3f}")
    print(f"simulator and platform agree on the first-response time of "
          f"{len(outcomes) - disagree}/{len(outcomes)} consultations")
    path = sla_charts.chart(outcomes, Path(args.chart),
                            f"First response by hour asked (policy {policy.name}, "
                            f"{len(outcomes):,} simulated consultations)")
    print(f"chart: {path}; every consultation: {sla_report.write_csv(outcomes, Path(args.chart).with_name('sla_outcomes.csv'))}")
    print(sla_report.last_line(outcomes))
    return {name: sla_report.rows(_merged(r)[0]) for name, r in results.items()}


if __name__ == "__main__":
    main(sys.argv[1:])
