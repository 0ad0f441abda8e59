"""One simulation job: a policy over a stretch of the arrivals, on its own DynamoDB Local started
from a copy of the seeded database. Jobs run in worker processes (`spawn`), so each one sets up
the platform from nothing and hands back plain results."""
import dataclasses
import logging
import random
import sys
import time
from datetime import timedelta

from bench.local_table import dynamodb_local, point_environment_at, private_copy
from bench.sla_model import CHINA, ResponseModel, Roster
from bench.sla_policies import POLICIES

DUTY_LAWYERS = 12  # the county's rota: the first named 信丰 lawyers, two a shift in turn


@dataclasses.dataclass
class Job:
    policy: str
    arrivals: list  # this job's arrivals, warm-up ones first
    counted_from: int  # index of the first arrival whose figures count (the rest warm the pool up)
    seed: int
    database: str
    table: str
    lawyer_count: int
    counties: tuple = ()  # the province run: each county its own bureau and roster (bench/sla_province.py)
    probe: tuple = ()  # (speedup, arrivals…) replayed concurrently after the run: the conflict probe


@dataclasses.dataclass
class Result:
    policy: str
    outcomes: list
    counters: dict
    staff_alerts: int
    sweep_errors: int
    swept_notices: int
    disagree: int
    seconds: float
    meter: dict = None  # the province run: what it cost (bench/sla_meter.py)
    probe: dict = None


def _quiet_app_logs():
    """The app logs JSON at INFO to stdout; a run's stdout is for its figures."""
    from chalicelib import logs

    logger = logs.configure()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logs.JsonFormatter())
    logger.handlers[:] = [handler]
    logger.setLevel(logging.WARNING)


def roster_for(settings, lawyers):
    county = [l["lawyer_id"] for l in lawyers if l["county"] == settings.bureau_county]
    policy = settings.consultation
    return Roster(tuple(county[:DUTY_LAWYERS]), policy.duty_max_per_shift,
                  tuple(sorted(policy.duty_shift_hours)))


def run(job):
    """Run one job in this process; returns its Result."""
    _quiet_app_logs()
    with private_copy(job.database) as directory, dynamodb_local(directory) as endpoint:
        point_environment_at(endpoint, job.table)
        return _run(job)


def _run(job):
    from bench.sla_loop import Simulation
    from bench.sla_platform import RealPlatform, RecordingWeChat, SimServices
    from chalicelib.clock import FixedClock
    from chalicelib.settings import get_settings
    from chalicelib.wiring import use
    from seeds.lawyers import generate

    policy = POLICIES[job.policy]
    base = get_settings()
    # Not the local stage: the after-commit map would deliver on background threads at wall-clock moments; here
    # the simulator plays the deliverer, in simulated time.
    settings = dataclasses.replace(base, stage="bench",
                                   consultation=policy.consultation_policy(base.consultation))
    first = job.arrivals[0].at
    services = use(SimServices(settings, FixedClock(first), RecordingWeChat()))
    lawyers = list(generate(job.lawyer_count))
    platform = RealPlatform(services, {l["openid"]: l["lawyer_id"] for l in lawyers},
                            settings.bureau_county, random.Random(f"{job.seed}/{first.isoformat()}"))
    roster, meter = Roster(), None
    if job.counties:
        from bench import sla_province

        roster = sla_province.set_rosters(platform, job, lawyers, settings)
        meter = sla_province.metered(platform)
    elif policy.duty_roster:
        roster = roster_for(settings, lawyers)
        last = job.arrivals[-1].at
        days = (last - first).days + 3
        platform.set_roster(roster, [first.date() + timedelta(days=d) for d in range(-1, days)])
    started = time.perf_counter()
    label = f"{job.policy} from {first.astimezone(CHINA):%m-%d}"

    def progress(count, now):
        print(f"sla_sim: {label}: {count} opened, at {now.astimezone(CHINA):%m-%d %H:%M}, "
              f"{time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    # Run on until the last consultations have closed (auto-close), so that every lawyer still
    # holding one has been told: those messages count as notifications too.
    settle = timedelta(days=settings.consultation.auto_close_days + 1)
    sim = Simulation(platform, ResponseModel(), roster, job.seed, settle=settle, progress=progress)
    outcomes = sim.run(job.arrivals)[job.counted_from:]
    seconds = time.perf_counter() - started
    probe, metered = None, meter.snapshot() if meter else None
    if job.probe:
        from bench import sla_province

        speedup, *hour = job.probe
        probe = sla_province.probe(platform, hour, meter, sim.last_now, speedup)
    return Result(job.policy, outcomes, dataclasses.asdict(sim.counters), platform.staff_notices,
                  platform.sweep_errors, platform.swept_notices, _disagreements(outcomes), seconds,
                  metered, probe)


def _disagreements(outcomes):
    """The platform records each consultation's first response itself: the two must agree."""
    from chalicelib.db.consultations import consultation

    disagree = 0
    for o in outcomes:
        theirs = consultation(o.consultation_id, consistent=False).first_response_seconds
        if o.first_answer_at is None or theirs is None:
            disagree += (o.first_answer_at is None) != (theirs is None)
        else:  # the platform keeps whole seconds
            disagree += abs(float(theirs) - o.first_response_minutes * 60) >= 1
    return disagree
