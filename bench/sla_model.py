"""The SLA simulator's model of the world, kept apart from the platform it exercises: when citizens
ask (arrivals), and when a notified lawyer answers (responses). Pure: every draw comes from a
`random.Random` the caller seeds, so a run is reproducible. docs/sla.md states the model in words.
"""
import math
import random
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from statistics import NormalDist

CHINA = timezone(timedelta(hours=8))
DAY_START, DAY_END = 8, 22  # China time; "day" for arrivals, lawyers and the report alike

# Relative arrivals per China hour 0..23: a morning and an evening peak, a lunch dip, quiet nights.
# Scaled so that hours 08–22 carry DAY_SHARE of the day's questions.
HOUR_SHAPE = (1.5, 1.0, 0.7, 0.5, 0.5, 0.8, 1.5, 2.5, 4.5, 7.0, 7.5, 7.0, 5.0, 5.0,
              6.0, 6.5, 6.5, 5.5, 5.5, 7.0, 7.5, 6.5, 3.5, 2.5)
DAY_SHARE = 0.85

# A county hotline's mix (婚姻家庭 and 劳动争议 lead, as in legal-aid statistics); the burst day is a
# wage-arrears rush before the Spring Festival, so labour and work injury dominate it.
CATEGORY_MIX = {
    "marriage_family": 20, "labor": 18, "private_lending": 12, "traffic_accident": 8, "contract": 7,
    "inheritance": 5, "rural_land": 5, "personal_injury": 4, "work_injury": 4, "consumer": 3,
    "house_lease": 3, "neighbour": 2, "property_service": 2, "telecom_fraud": 2, "criminal": 2,
    "medical": 1, "administrative": 1, "other": 1,
}
BURST_MIX = {**CATEGORY_MIX, "labor": 90, "work_injury": 12}


def is_day(instant):
    """Whether an instant falls in 08:00–22:00 China time."""
    return DAY_START <= instant.astimezone(CHINA).hour < DAY_END


def hourly_weights():
    """Share of a day's arrivals in each China hour (sums to 1; DAY_SHARE in 08–22)."""
    day = sum(w for h, w in enumerate(HOUR_SHAPE) if DAY_START <= h < DAY_END)
    night = sum(HOUR_SHAPE) - day
    return [w * (DAY_SHARE / day if DAY_START <= h < DAY_END else (1 - DAY_SHARE) / night)
            for h, w in enumerate(HOUR_SHAPE)]


@dataclass(frozen=True)
class Arrival:
    index: int
    at: datetime  # aware UTC
    category: str
    burst: bool
    county: str = None  # where it is asked (the province run); None: the single county's


@dataclass(frozen=True)
class ArrivalPlan:
    start: datetime = datetime(2026, 3, 2, tzinfo=CHINA)  # a Monday, China midnight
    days: int = 105  # ≈ 2,100 ordinary questions, so at least 2,000 whatever the draw
    per_day: float = 20.0
    burst_day: int = 60  # index of the day at burst_factor × the rate (None: no burst)
    burst_factor: float = 10.0

    def day_of(self, instant):
        return (instant.astimezone(CHINA).date() - self.start.date()).days


def _pick(rng, mix):
    total, point = sum(mix.values()), rng.random()
    for code, weight in mix.items():
        point -= weight / total
        if point < 0:
            return code
    return code


def arrivals(plan, rng):
    """A Poisson process with a piecewise-constant hourly rate: within each China hour the gaps are
    exponential at that hour's rate. Returns Arrivals in time order."""
    weights, out = hourly_weights(), []
    for day in range(plan.days):
        burst = day == plan.burst_day
        factor = plan.burst_factor if burst else 1.0
        midnight = datetime.combine(plan.start.date() + timedelta(days=day), time(), CHINA)
        for hour, weight in enumerate(weights):
            per_minute = plan.per_day * factor * weight / 60.0
            minute = rng.expovariate(per_minute)
            while minute < 60.0:
                at = (midnight + timedelta(hours=hour, minutes=minute)).astimezone(timezone.utc)
                category = _pick(rng, BURST_MIX if burst else CATEGORY_MIX)
                out.append(Arrival(len(out), at.replace(microsecond=0), category, burst))
                minute += rng.expovariate(per_minute)
    return out


@dataclass(frozen=True)
class Response:
    """What a lawyer does about one notification: answer after `delay`, or never (None)."""
    delay: timedelta = None
    in_time: bool = False  # within 10 minutes of the notification


@dataclass(frozen=True)
class ResponseModel:
    """Notified lawyers answer within 10 minutes with probability `pool_day` / `pool_night` (by the
    notification's China hour), on-duty lawyers with `duty` while under their hourly capacity. The
    delay of an in-time answer is lognormal (median `median_minutes`, shape `sigma`) conditioned
    on ≤ 10 minutes; of the others, `late_share` answer later, log-uniform in 10–`late_max_minutes`
    minutes (a long tail), and the rest never do."""
    pool_day: float = 0.25
    pool_night: float = 0.10
    duty: float = 0.9
    window_minutes: float = 10.0
    median_minutes: float = 4.0
    sigma: float = 0.8
    late_share: float = 0.4
    late_max_minutes: float = 120.0
    duty_per_hour: int = 6

    def in_time_probability(self, at, duty=False):
        if duty:
            return self.duty
        return self.pool_day if is_day(at) else self.pool_night

    def sample(self, rng, probability):
        """One independent draw for a lawyer who answers in time with `probability`."""
        if rng.random() < probability:
            return Response(timedelta(minutes=self._in_time_delay(rng)), True)
        if rng.random() < self.late_share:
            late = self.window_minutes * (self.late_max_minutes / self.window_minutes) ** rng.random()
            return Response(timedelta(minutes=max(late, self.window_minutes + 1 / 60)), False)
        return Response()

    def _in_time_delay(self, rng):
        # Inverse CDF of the lognormal truncated to (0, window]: exact, one uniform per draw.
        mu = math.log(self.median_minutes)
        top = NormalDist().cdf((math.log(self.window_minutes) - mu) / self.sigma)
        u = max(rng.random() * top, 1e-12)
        return min(math.exp(mu + self.sigma * NormalDist().inv_cdf(u)), self.window_minutes)


def response_rng(seed, arrival_index, lawyer_id, nth=0):
    """The draw for one (consultation, lawyer) pair does not depend on event order or on what else
    was notified: change a policy and the same lawyer still behaves the same for that question."""
    return random.Random(f"{seed}/{arrival_index}/{lawyer_id}/{nth}")


@dataclass
class DutyDesk:
    """On-duty lawyers' capacity: each takes at most `per_hour` questions in any 60 minutes; a
    question beyond that is not answered in time (however the platform routed it)."""
    per_hour: int = 6
    taken: dict = field(default_factory=dict)  # lawyer_id -> [notification times]

    def take(self, lawyer_id, at):
        recent = [t for t in self.taken.get(lawyer_id, []) if at - t < timedelta(hours=1)]
        if len(recent) >= self.per_hour:
            self.taken[lawyer_id] = recent
            return False
        self.taken[lawyer_id] = recent + [at]
        return True


@dataclass(frozen=True)
class Roster:
    """Who is 值班律师 when: `per_shift` lawyers for each shift (shifts start at the China hours in
    `shift_hours`), taken in turn from `lawyers` so the duty rotates day by day."""
    lawyers: tuple = ()
    per_shift: int = 2
    shift_hours: tuple = (0, 8, 16)

    def shift_of(self, instant):
        """(China date, index of the shift) that `instant` falls in."""
        local = instant.astimezone(CHINA)
        starts = sorted(self.shift_hours)
        index = max((i for i, h in enumerate(starts) if h <= local.hour), default=None)
        if index is None:  # before the first start: the previous day's last shift
            return local.date() - timedelta(days=1), len(starts) - 1
        return local.date(), index

    def shift_start(self, day, index):
        """The shift's start instant (aware UTC)."""
        start = datetime.combine(day, time(sorted(self.shift_hours)[index]), CHINA)
        return start.astimezone(timezone.utc)

    def lawyers_of(self, day, index):
        if not self.lawyers or not self.per_shift:
            return ()
        first = (day.toordinal() * len(self.shift_hours) + index) * self.per_shift
        return tuple(self.lawyers[(first + k) % len(self.lawyers)] for k in range(self.per_shift))

    def on_duty(self, lawyer_id, instant):
        return lawyer_id in self.lawyers_of(*self.shift_of(instant))
