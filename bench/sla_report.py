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


def chart(outcomes, path, title):
    """Two panels a bureau director reads at a glance: the share answered within 10 minutes by hour
    asked (against the 99.5% promise), and the median / p90 first response with every question's
    time behind them."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    hours = by_hour(outcomes)
    xs = list(range(24))
    rates = [sum(t <= WINDOW_MINUTES for t in hours[h]) / len(hours[h]) * 100 if hours[h] else math.nan
             for h in xs]
    counts = [len(hours[h]) for h in xs]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(11, 7.5), sharex=True,
                                      gridspec_kw={"height_ratios": [1, 1.3]})
    bars = top.bar(xs, rates, color=["#2e7d32" if r >= 99.5 else "#c62828" for r in rates])
    top.axhline(99.5, color="#555", linestyle="--", linewidth=1, label="target 99.5%")
    top.legend(loc="lower left", fontsize=8, framealpha=0.9)
    low = min([r for r in rates if not math.isnan(r)] + [99.0])
    top.set_ylim(max(0, math.floor(low) - 2), 100.6)
    top.set_ylabel("answered within 10 min (%)")
    for bar, n in zip(bars, counts):
        top.text(bar.get_x() + bar.get_width() / 2, top.get_ylim()[0], f"{n}", ha="center",
                 va="bottom", fontsize=7, color="white" if n else "#555")
    top.set_title(title, fontsize=11)
    top_minutes = 3 * WINDOW_MINUTES  # the tail beyond is counted, not drawn
    finite = [(h, min(t, top_minutes)) for h in xs for t in hours[h]]
    jitter = [((i * 0.6180339887) % 1 - 0.5) * 0.6 for i in range(len(finite))]
    bottom.scatter([h + j for (h, _), j in zip(finite, jitter)], [t for _, t in finite], s=3,
                   alpha=0.25, color="#1565c0", label="one question (30 = 30 min or more)")
    for fraction, style, color, label in ((0.5, "o-", "#0d47a1", "median"),
                                          (0.9, "s--", "#ef6c00", "90th percentile")):
        bottom.plot(xs, [min(percentile(hours[h], fraction), top_minutes) if hours[h] else math.nan
                         for h in xs], style, color=color, label=label)
    bottom.axhline(WINDOW_MINUTES, color="#c62828", linewidth=1)
    bottom.text(23.6, WINDOW_MINUTES, "10 min", ha="right", va="bottom", fontsize=8, color="#c62828")
    bottom.set_ylim(0, top_minutes + 1)
    bottom.set_ylabel("first response (min)")
    bottom.set_xlabel("hour the question was asked (China time); bar labels: questions asked")
    bottom.set_xticks(xs)
    bottom.legend(loc="upper right", fontsize=8)
    for axis in (top, bottom):
        axis.axvspan(-0.5, 7.5, color="#000", alpha=0.04)
        axis.axvspan(21.5, 23.5, color="#000", alpha=0.04)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


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


def curve_chart(results, path):
    """Share missed (log scale) against notifications per consultation, one point per policy, for
    ordinary days and for the burst day."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import matplotlib.ticker

    fig, axis = plt.subplots(figsize=(8, 5))
    for label, marker, color in (("ordinary days", "o", "#1565c0"), ("burst day", "^", "#c62828")):
        for name, outcomes in results:
            row = {r.label: r for r in rows(outcomes)}[label]
            if not row.count:
                continue
            missed = max(1 - row.rate, 0.5 / row.count)  # none missed: plotted at half a question
            axis.scatter(row.notifications, missed * 100, marker=marker, color=color, s=40,
                         label=label if name == results[0][0] else None)
            axis.annotate(name, (row.notifications, missed * 100), fontsize=8,
                          xytext=(4, 4), textcoords="offset points")
    axis.set_yscale("log")
    axis.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(lambda v, _: f"{v:g}"))
    axis.axhline(0.5, color="#1565c0", linestyle="--", linewidth=1)
    axis.axhline(1.0, color="#c62828", linestyle=":", linewidth=1)
    axis.axvline(12, color="#555", linestyle="--", linewidth=1)
    axis.set_xlabel("notifications to lawyers per consultation (dashed: budget 12)")
    axis.set_ylabel("% not answered within 10 min (targets: 0.5% overall, 1% burst)")
    axis.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
