"""The province run (`python -m bench.sla_sim --province`): the 18 county-level divisions of 赣州
(GB/T 2260 3607xx, seeds/regions.json) on ONE deployment sharing the national pool, each county its
own bureau (bureau = its county code) with its own duty roster, each at a county's rate, and burst
days in some counties. The engine is the single county's (bench/sla_run.py, sla_loop.py); this
module adds the counties, their rosters, what the run costs (bench/sla_meter.py) and a concurrency
probe for version conflicts. docs/sla.md ("The province") and docs/decisions/many-bureaus.md §9.
"""
import dataclasses
import random
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bench.sla_model import ArrivalPlan, Roster, arrivals

CITY = "360700"  # 赣州市
ROSTER_SIZE, ROSTER_MIN = 12, 6  # a county's rota; below ROSTER_MIN it borrows from the city
PROBE_SPEEDUP = 60  # the busiest hour, replayed concurrently in a minute


def counties(city=CITY):
    """[(code, name)] of the county-level divisions of `city`, as the seeds list them."""
    from seeds.geography import read_provinces

    for province in read_provinces():
        for c in province["cities"]:
            if c["code"] == city:
                return [tuple(pair) for pair in c["counties"]]
    raise ValueError(f"no city {city} in seeds/regions.json")


def burst_plan(codes, days, burst_day, burst_counties, seed):
    """{county: its burst day}: `burst_counties` counties drawn by the seed, the first two on
    `burst_day` (two rushes at once on the shared city pool), the others on the day after."""
    if burst_day is None or burst_day < 0 or not burst_counties:
        return {}
    chosen = random.Random(f"{seed}/bursts").sample(list(codes), min(burst_counties, len(codes)))
    return {c: min(burst_day + (i >= 2), days - 1) for i, c in enumerate(chosen)}


def province_arrivals(codes, days, bursts, seed, per_day=20.0):
    """Every county's arrivals (its own Poisson process at a county's rate; its burst day at 10×),
    merged in time order and numbered once across the province."""
    drawn = []
    for code in codes:
        plan = ArrivalPlan(days=days, per_day=per_day, burst_day=bursts.get(code))
        drawn += [dataclasses.replace(a, county=code)
                  for a in arrivals(plan, random.Random(f"{seed}/{code}"))]
    drawn.sort(key=lambda a: (a.at, a.county))
    return [dataclasses.replace(a, index=i) for i, a in enumerate(drawn)]


def busiest_hour(drawn):
    """The arrivals of the busiest 60 minutes (by start arrival)."""
    best, start = (0, 0), 0
    for end, a in enumerate(drawn):
        while a.at - drawn[start].at >= timedelta(hours=1):
            start += 1
        best = max(best, (end - start + 1, start))
    count, first = best
    return drawn[first:first + count]


@dataclasses.dataclass(frozen=True)
class Rosters:
    """Every county's roster at once: the model asks only whether a lawyer is on duty."""
    rosters: tuple

    def on_duty(self, lawyer_id, instant):
        return any(r.on_duty(lawyer_id, instant) for r in self.rosters)


def rota(codes, lawyers):
    """{county: lawyer ids}: each county's own first ROSTER_SIZE lawyers; a county with fewer than
    ROSTER_MIN borrows the city's spare lawyers (those of the big counties not on their own rota),
    as a bureau would ask lawyers who serve it from the next county (many-bureaus.md §2)."""
    home = {c: [l["lawyer_id"] for l in lawyers if l["county"] == c] for c in codes}
    spare = [i for c in codes for i in home[c][ROSTER_SIZE:]]
    out = {}
    for c in codes:
        own = home[c][:ROSTER_SIZE]
        borrowed = spare[:max(ROSTER_MIN - len(own), 0)]
        spare = spare[len(borrowed):]
        out[c] = own + borrowed
    return out


def set_rosters(platform, job, lawyers, settings):
    """Each county's roster on the platform, under its own bureau, for every day of the job."""
    policy = settings.consultation
    first, last = job.arrivals[0].at, job.arrivals[-1].at
    days = [first.date() + timedelta(days=d) for d in range(-1, (last - first).days + 3)]
    rosters = []
    for county, ids in rota(job.counties, lawyers).items():
        roster = Roster(tuple(ids), policy.duty_max_per_shift, tuple(sorted(policy.duty_shift_hours)))
        platform.set_roster(roster, days, bureau=county)
        rosters.append(roster)
    return Rosters(tuple(rosters))


def metered(platform):
    """Count what the platform does from here on (bench/sla_meter.py); the simulator's own calls
    (its WeChat stand-in reading and marking the outbox, its look at the DUE index) apart."""
    from bench.sla_meter import Meter
    from chalicelib.db.base import Item

    meter = Meter()
    meter.install(Item._get_connection().connection.client)
    platform.open = meter.timed("open", platform.open)
    platform.answer = meter.timed("answer", platform.answer)
    for name in ("next_due", "_look", "_deliver"):
        setattr(platform, name, meter.set_aside(getattr(platform, name)))
    platform.meter = meter
    return meter


def probe(platform, drawn, meter, after, speedup=PROBE_SPEEDUP, threads=16):
    """Version conflicts under real concurrency. The simulation is sequential, so two dispatches
    never overlap in it; here the busiest hour's questions are opened again (new citizens, a day
    after the run), each at its own moment but `speedup` times sooner, from `threads` threads, while
    one sweep at a time runs each simulated minute — as concurrent API requests and the scheduled
    sweep would. Returns dispatch transactions, refusals by cause and 409s in the probe."""
    base = (after + timedelta(days=1)).replace(second=0, microsecond=0)
    start = drawn[0].at
    tx0, refused0 = meter.dispatch_tx, dict(meter.refused)
    busy, stop = [0], threading.Event()

    def one(a):
        try:
            platform.open(dataclasses.replace(a, index=a.index + 1_000_000), base + (a.at - start))
        except Exception:  # the platform's 409 after its retries: counted, never silent
            busy[0] += 1

    def sweeper(began):
        minute = base
        while not stop.is_set():
            minute += timedelta(minutes=1)
            wait = began + (minute - base).total_seconds() / speedup - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            platform.sweep(minute)

    began = time.perf_counter()
    sweep_thread = threading.Thread(target=sweeper, args=(began,), daemon=True)
    sweep_thread.start()
    with ThreadPoolExecutor(threads) as pool:
        for a in drawn:
            wait = began + (a.at - start).total_seconds() / speedup - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            pool.submit(one, a)
        time.sleep(10 * 60 / speedup)  # the escalation steps of the last questions (to 10 min)
    stop.set()
    sweep_thread.join()
    refused = {k: v - refused0.get(k, 0) for k, v in meter.refused.items() if v - refused0.get(k, 0)}
    return {"questions": len(drawn), "speedup": speedup, "dispatch_tx": meter.dispatch_tx - tx0,
            "refused": refused, "busy": busy[0], "seconds": time.perf_counter() - began}
