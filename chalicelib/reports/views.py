"""What the pages print: figures as people read them (1分30秒, 99.5%, ¥12.00) and the dashboard's
charts drawn from its JSON (the same data `GET /api/staff/dashboard` answers)."""
from chalicelib.reports import svg
from chalicelib.reports.histogram import LIMIT_SECONDS

TARGET_SHARE = 0.995  # the platform's promise (issue 10: at least 99.5% answered within 10 minutes)


def seconds_value(value):
    """A quantile as a number for a chart: the open bucket (">1800") just above 30 minutes."""
    if isinstance(value, str):
        return LIMIT_SECONDS + 30
    return value


def duration(value):
    if value is None:
        return "—"
    value = seconds_value(value)
    if value > LIMIT_SECONDS:
        return "超过30分钟"
    minutes, seconds = divmod(int(value), 60)
    if not minutes:
        return f"{seconds}秒"
    return f"{minutes}分{seconds}秒" if seconds else f"{minutes}分钟"


SECONDS_TOPS = (60, 120, 300, 600, 1200, LIMIT_SECONDS)


def seconds_top(values):
    """A round top for an axis of seconds (1, 2, 5, 10, 20, 30 minutes); later is drawn at 30."""
    peak = max((v for v in values if v is not None), default=0)
    return next((top for top in SECONDS_TOPS if top >= peak), LIMIT_SECONDS)


def seconds_axis(value):
    if value > LIMIT_SECONDS:
        return "30分以上"
    return f"{value:g}秒" if value < 60 else f"{value / 60:g}分"


def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%".replace(".0%", "%")


def yuan(fen):
    return f"¥{fen / 100:,.2f}" if fen % 100 else f"¥{fen // 100:,}"


def count(value):
    return f"{int(value)}"


def _median_points(rows):
    return [(row["label"], seconds_value(row["first_response_median_seconds"])) for row in rows]


def share_bottom(values):
    """Where a share's axis starts: 80%, or lower by tens when a value is lower, so that the
    distance from the 99.5% promise shows."""
    low = min((v for v in values if v is not None), default=1)
    return min(0.8, int(low * 10) / 10)


def _share_line(points, title):
    return svg.line(points, title, percent, top=1, target=TARGET_SHARE, target_label="目标 99.5%",
                    bottom=share_bottom(v for _, v in points))


def _seconds_bars(rows, title):
    points = _median_points(rows)
    return svg.bars(points, title, seconds_axis, top=seconds_top(v for _, v in points))


def charts(data):
    """{name: SVG} for the dashboard page."""
    return {
        "by_day": _seconds_bars(data["by_day"], "每日首答时间中位数"),
        "by_hour": _seconds_bars(data["by_hour"], "各时段（北京时间）首答时间中位数"),
        "share_by_day": _share_line([(r["label"], r["within_10min_share"]) for r in data["by_day"]],
                                    "每日 10 分钟首答率"),
        "share_by_month": _share_line([(f"{int(r['month'][5:])}月", r["within_10min_share"])
                                       for r in data["trend"]], "近 12 个月 10 分钟首答率"),
        "categories": svg.hbars([(r["name"], r["questions"], f" 件，中标率 {percent(r['award_rate'])}")
                                 for r in data["by_category"]], "各类别咨询量与中标率", count),
        "payouts": svg.bars([(f"{int(r['month'][5:])}月", r["total_fen"] / 100) for r in data["payouts"]],
                            "近 12 个月中标补贴支出（元）", lambda v: f"{v:g}"),
        "applications": svg.hbars([(r["label"], r["count"], f" 件，{r['at_risk']} 件临近期限")
                                   for r in data["applications"]["statuses"]], "办事申请（按状态）", count),
    }
