"""Figures of an SLA run: the table (overall, day, night, burst day), the last line `make bench`
readers grep for, and the chart of first-response times by hour of day."""
import math
from dataclasses import dataclass, field

from bench.sla_model import CHINA, is_day

WINDOW_MINUTES = 10


@dataclass
class Outcome:
    """One simulated consultation, as the simulator saw it."""
    arrival: object  # sla_model.Arrival
    consultation_id: str = None
    first_answer_at: object = None  # datetime, None if never answered
    notices: dict = field(default_factory=dict)  # kind -> notifications to lawyers
    answers: int = 0
    notified: list = field(default_factory=list)  # (minutes after asking, "duty" | "pool")

    @property
    def first_response_minutes(self):
        if self.first_answer_at is None:
            return math.inf
        return (self.first_answer_at - self.arrival.at).total_seconds() / 60.0

    @property
    def lawyer_notifications(self):
        return sum(self.notices.values())


def write_csv(outcomes, path):
    """One row per consultation, for a spreadsheet: when, what, how fast, who was notified."""
    import csv

    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(["consultation", "asked_china_time", "category", "burst_day",
                         "first_response_min", "answers", "dispatched", "reminders", "closed",
                         "notified_minutes"])
        for o in outcomes:
            t = o.first_response_minutes
            writer.writerow([o.consultation_id, o.arrival.at.astimezone(CHINA).strftime("%Y-%m-%d %H:%M:%S"),
                             o.arrival.category, int(o.arrival.burst),
                             "" if t == math.inf else f"{t:.2f}", o.answers,
                             o.notices.get("dispatch", 0), o.notices.get("reminder", 0),
                             o.notices.get("closed", 0),
                             " ".join(f"{m:.1f}{kind[0]}" for m, kind in o.notified)])
    return path


def percentile(values, fraction):
    """Nearest-rank percentile (inf sorts last: a never-answered question is the slowest)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


@dataclass(frozen=True)
class Row:
    label: str
    count: int
    rate: float  # share first answered within 10 minutes
    median: float  # minutes
    p90: float
    notifications: float  # to lawyers, per consultation

    @classmethod
    def of(cls, label, outcomes):
        times = [o.first_response_minutes for o in outcomes]
        n = len(outcomes)
        return cls(label, n,
                   sum(t <= WINDOW_MINUTES for t in times) / n if n else math.nan,
                   percentile(times, 0.5), percentile(times, 0.9),
                   sum(o.lawyer_notifications for o in outcomes) / n if n else math.nan)


def rows(outcomes):
    return [Row.of("overall", outcomes),
            Row.of("day 08-22", [o for o in outcomes if is_day(o.arrival.at)]),
            Row.of("night 22-08", [o for o in outcomes if not is_day(o.arrival.at)]),
            Row.of("ordinary days", [o for o in outcomes if not o.arrival.burst]),
            Row.of("burst day", [o for o in outcomes if o.arrival.burst])]


def _minutes(value):
    return "never" if value == math.inf else ("-" if math.isnan(value) else f"{value:.1f}")


def table(outcomes):
    lines = [f"{'':<14}{'count':>7}{'<=10 min':>10}{'median':>9}{'p90':>9}{'notif/cons':>12}"]
    for r in rows(outcomes):
        lines.append(f"{r.label:<14}{r.count:>7}{r.rate:>10.4f}{_minutes(r.median):>9}"
                     f"{_minutes(r.p90):>9}{r.notifications:>12.2f}")
    return "\n".join(lines)


def kinds_line(outcomes):
    """Notifications to lawyers per consultation, by kind (dispatch, reminder, closed …)."""
    totals = {}
    for o in outcomes:
        for kind, n in o.notices.items():
            totals[kind] = totals.get(kind, 0) + n
    n = max(len(outcomes), 1)
    return ", ".join(f"{kind} {count / n:.2f}" for kind, count in sorted(totals.items()))


def answers_line(outcomes):
    n = max(len(outcomes), 1)
    return (f"answers per consultation {sum(o.answers for o in outcomes) / n:.2f}; "
            f"share with at least 3 answers {sum(o.answers >= 3 for o in outcomes) / n:.3f}; "
            f"never answered {sum(o.first_answer_at is None for o in outcomes)}")


def dispatches(outcomes):
    return sum(o.notices.get("dispatch", 0) for o in outcomes) / max(len(outcomes), 1)


def last_line(outcomes):
    overall = Row.of("overall", outcomes)
    return (f"first_response_10min_rate={overall.rate:.4f} "
            f"notifications_per_consultation={overall.notifications:.2f}")


def by_hour(outcomes):
    """{China hour: [first-response minutes]} by the hour the question was asked."""
    hours = {h: [] for h in range(24)}
    for o in outcomes:
        hours[o.arrival.at.astimezone(CHINA).hour].append(o.first_response_minutes)
    return hours


def curve(results):
    """The rate-versus-notifications table of several policies: [(policy, outcomes)]."""
    lines = [f"{'':<14}{'':>6}{'answered within 10 min':^26}{'notifications per cons.':^27}"
             f"{'dispatched':>11}{'>=3 answers':>12}",
             f"{'policy':<14}{'count':>6}{'overall':>9}{'ordinary':>9}{'burst':>8}"
             f"{'overall':>9}{'ordinary':>9}{'burst':>9}{'per cons.':>11}{'share':>12}"]
    for name, outcomes in results:
        r = {row.label: row for row in rows(outcomes)}
        three = sum(o.answers >= 3 for o in outcomes) / max(len(outcomes), 1)
        lines.append(f"{name:<14}{r['overall'].count:>6}{r['overall'].rate:>9.4f}"
                     f"{r['ordinary days'].rate:>9.4f}{r['burst day'].rate:>8.4f}"
                     f"{r['overall'].notifications:>9.2f}{r['ordinary days'].notifications:>9.2f}"
                     f"{r['burst day'].notifications:>9.2f}{dispatches(outcomes):>11.2f}{three:>12.3f}")
    return "\n".join(lines)
