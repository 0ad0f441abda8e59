"""`python -m bench.sla_sim --province` (also run by `make bench`): 赣州's county-level divisions on
one deployment, each its own bureau; prints the SLA table, the burst-day rate, the figures of
docs/decisions/many-bureaus.md §9 (sweep load, version conflicts) and the volumes docs/cost.md
prices, and ends with `counties=<n> first_response_10min_rate=<x> notifications_per_consultation=<y>`.

    python -m bench.sla_sim --province [--counties N] [--days N] [--burst-day N]
        [--burst-counties N] [--per-day X] [--seed N] [--workers N] [--lawyers N] [--no-probe]
"""
import argparse
import math
import multiprocessing
import os
import sys
import time

from bench import sla_province, sla_report
from bench.local_table import seeded_database
from bench.sla_model import ArrivalPlan
from bench.sla_policies import DEFAULT_POLICY, POLICIES
from bench.sla_run import Job, run
from bench.sla_sim import TABLE, _merged, _report, _say, stretches

SHARD_BUDGET_S = 20.0  # §9: shard when p99 due/min × p95 handler s exceeds a third of the minute
PROVINCE_COUNTIES = 100


def _jobs(args, codes, database):
    bursts = sla_province.burst_plan(codes, args.days, args.burst_day, args.burst_counties, args.seed)
    drawn = sla_province.province_arrivals(codes, args.days, bursts, args.seed, args.per_day)
    plan = ArrivalPlan(days=args.days, burst_day=None)
    warm = round(args.per_day * len(codes))  # a day of questions: lawyers as busy as mid-run
    cut = stretches(drawn, plan, args.workers, warm_up=warm)
    probe = (args.probe_speedup,) + tuple(sla_province.busiest_hour(drawn)) if args.probe else ()
    jobs = [Job(args.policy, chosen, counted, args.seed, str(database), args.table, args.lawyers,
                counties=tuple(codes), probe=probe if i == 0 else ())
            for i, (chosen, counted) in enumerate(cut)]
    return jobs, bursts, drawn


def _simulate(jobs, workers):
    if workers == 1 or len(jobs) == 1:
        return [_report(run(job)) for job in jobs]
    with multiprocessing.get_context("spawn").Pool(workers, maxtasksperchild=1) as pool:
        return [_report(r) for r in pool.imap(run, jobs)]


def pct(values, fraction):
    return sla_report.percentile(values, fraction) if values else 0.0


def sharding(due_p99, handler_p95_s):
    """(work seconds per minute, shards N) by the §9 rule."""
    work = due_p99 * handler_p95_s
    return work, max(1, math.ceil(work / SHARD_BUDGET_S))


def section9(meters, probe, counties):
    due = [n for m in meters for n, _ in m["sweeps"]]
    wall = [s for m in meters for _, s in m["sweeps"]]
    handler = [s for m in meters for s in m["handler_seconds"]]
    due_p99, handler_p95, wall_p99 = pct(due, 0.99), pct(handler, 0.95), pct(wall, 0.99)
    scale = PROVINCE_COUNTIES / counties
    work, shards = sharding(due_p99, handler_p95)
    work_p, shards_p = sharding(due_p99 * scale, handler_p95)
    tx = sum(m["dispatch_tx"] for m in meters)
    refused = sum(sum(m["refused"].values()) for m in meters)
    lines = [
        f"sweep: {len(due)} sweeps (minutes with work); due items per sweep minute p50 {pct(due, .5):g}, "
        f"p99 {due_p99:g}, max {max(due, default=0)}; handler ms p50 {pct(handler, .5) * 1e3:.0f}, "
        f"p95 {handler_p95 * 1e3:.0f}; sweep wall time p50 {pct(wall, .5):.2f} s, p99 {wall_p99:.2f} s, "
        f"max {max(wall, default=0):.2f} s",
        f"shard rule (p99 due/min x p95 handler s > {SHARD_BUDGET_S:g} s): {counties} counties "
        f"{work:.1f} s -> N={shards}; {PROVINCE_COUNTIES} counties (x{scale:.2f}) {work_p:.1f} s -> N={shards_p}",
        f"dispatch transactions in the run (sequential): {tx}, refused {refused} "
        f"({refused / max(tx, 1):.4f} per transaction)"]
    if probe:
        p_tx, p_ref = probe["dispatch_tx"], sum(probe["refused"].values())
        committed = max(p_tx - p_ref, 1)
        lines.append(
            f"conflict probe (the busiest hour's {probe['questions']} questions at {probe['speedup']}x "
            f"their rate, concurrent, {probe['seconds']:.0f} s): {p_tx} dispatch transactions, "
            f"version conflicts per dispatch transaction {p_ref / max(p_tx, 1):.4f} "
            f"({', '.join(f'{k} {v}' for k, v in sorted(probe['refused'].items())) or 'none'}); "
            f"retries per dispatch {p_ref / committed:.4f}; gave up (409) {probe['busy']}")
    return lines


def volumes(meters, outcomes):
    """Per consultation: DynamoDB calls and units, API requests, log bytes (docs/cost.md)."""
    opened = sum(len(m["timings"].get("open", [])) for m in meters) or 1
    calls = {}
    for m in meters:
        for op, n in m["calls"].items():
            calls[op] = calls.get(op, 0) + n
    units = {k: sum(m["units"].get(k, 0) for m in meters) / opened
             for k in ("read", "write", "index_entries_written")}
    answers = [s for m in meters for s in m["timings"].get("answer", [])]
    opens = [s for m in meters for s in m["timings"].get("open", [])]
    handler = [s for m in meters for s in m["handler_seconds"]]
    sweeps = [s for m in meters for _, s in m["sweeps"]]
    notices = sum(o.lawyer_notifications for o in outcomes) / max(len(outcomes), 1)
    return [
        f"per consultation ({opened} opened, warm-up included): DynamoDB calls "
        + ", ".join(f"{op} {n / opened:.2f}" for op, n in sorted(calls.items()))
        + f"; total {sum(calls.values()) / opened:.1f}",
        f"per consultation: read units {units['read']:.1f}, write units {units['write']:.1f} "
        f"(table and indexes, transactions at 2x, as DynamoDB Local counts them); index "
        f"entries written {units['index_entries_written']:.1f} (among those units)",
        f"per consultation: API requests {1 + len(answers) / opened:.2f} (open 1, answers "
        f"{len(answers) / opened:.2f}); lawyer notifications {notices:.2f}; sweep handler calls "
        f"{len(handler) / opened:.2f}; log bytes at INFO {sum(m['log_bytes'] for m in meters) / opened:.0f} "
        f"({sum(m['log_lines'] for m in meters) / opened:.1f} lines)",
        f"wall ms: open p50 {pct(opens, .5) * 1e3:.0f} p95 {pct(opens, .95) * 1e3:.0f}; answer p50 "
        f"{pct(answers, .5) * 1e3:.0f} p95 {pct(answers, .95) * 1e3:.0f}; sweep p50 "
        f"{pct(sweeps, .5) * 1e3:.0f} (DynamoDB Local on this machine)"]


def main(argv=()):
    parser = argparse.ArgumentParser(prog="python -m bench.sla_sim --province",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--counties", type=int, default=18, help="the first N of 赣州's 18")
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--per-day", type=float, default=20.0, help="questions a county-day")
    parser.add_argument("--burst-day", type=int, default=2, help="-1: no burst")
    parser.add_argument("--burst-counties", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--lawyers", type=int, default=16_000)
    parser.add_argument("--policy", default=DEFAULT_POLICY, choices=sorted(POLICIES))
    parser.add_argument("--no-probe", dest="probe", action="store_false")
    parser.add_argument("--probe-speedup", type=float, default=sla_province.PROBE_SPEEDUP)
    parser.add_argument("--table", default=TABLE, help=argparse.SUPPRESS)  # tests: their own cache
    args = parser.parse_args(list(argv))
    started = time.perf_counter()
    codes = [code for code, _ in sla_province.counties()][:args.counties]
    database, loaded = seeded_database(args.table, args.lawyers, say=_say)
    jobs, bursts, drawn = _jobs(args, codes, database)
    _say(f"province: {len(codes)} counties, {len(drawn)} questions over {args.days} days, bursts "
         f"{bursts or 'none'}; {len(jobs)} stretch(es)")
    results = _simulate(jobs, args.workers)
    outcomes, disagree, staff_alerts = _merged(results)
    meters = [r.meter for r in results if r.meter]
    probe = next((r.probe for r in results if r.probe), None)
    burst = [o for o in outcomes if o.arrival.burst]
    print(f"province simulation: {len(codes)} counties of 赣州 ({', '.join(codes)}), one deployment, "
          f"{args.days} days at {args.per_day:g} questions a county-day, burst days {bursts or 'none'}; seed "
          f"{args.seed}, {args.lawyers:,} lawyers, policy {args.policy}, {args.workers} worker(s)")
    print(sla_report.table(outcomes))
    by_county = {}
    for o in outcomes:
        by_county.setdefault(o.arrival.county, []).append(o)
    print("by county (count, rate): " + "; ".join(
        f"{c} {len(v)} {sla_report.Row.of(c, v).rate:.3f}" for c, v in sorted(by_county.items())))
    print(sla_report.answers_line(outcomes))
    print(f"notifications to lawyers per consultation, by kind: {sla_report.kinds_line(outcomes)}; "
          f"staff alerts per consultation: {staff_alerts / max(len(outcomes), 1):.3f}")
    print(f"simulator and platform agree on the first-response time of "
          f"{len(outcomes) - disagree}/{len(outcomes)} consultations; sweep errors "
          f"{sum(r.sweep_errors for r in results)}")
    if burst:
        print(f"burst days: {len(burst)} questions, first_response_10min_rate="
              f"{sla_report.Row.of('burst', burst).rate:.4f}")
    for line in section9(meters, probe, len(codes)) + volumes(meters, outcomes):
        print(line)
    print(f"wall time {time.perf_counter() - started:.0f} s"
          + (f" (seeds loaded in {loaded:.0f} s)" if loaded else ""))
    print(f"counties={len(codes)} {sla_report.last_line(outcomes)}")
    return outcomes


if __name__ == "__main__":
    main(sys.argv[1:])
