"""The SLA run's charts (matplotlib, Agg backend: no display needed)."""
import math

from bench.sla_report import WINDOW_MINUTES, by_hour, percentile, rows


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
    top.legend(loc="lower right", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)
    low = min([r for r in rates if not math.isnan(r)] + [99.0])
    top.set_ylim(max(0, math.floor(low) - 2), 100.6)
    top.set_ylabel("answered within 10 min (%)")
    for bar, n in zip(bars, counts):
        top.text(bar.get_x() + bar.get_width() / 2, top.get_ylim()[0], f"{n}", ha="center",
                 va="bottom", fontsize=7, color="white" if n else "#555")
    top.set_title(title, fontsize=11, loc="left")
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
