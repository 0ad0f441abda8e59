"""A lawyer's figures from the platform, as the public directory shows them: answers given, 中标 rate,
stars and ratings, median first response. Read from the counters every answer, award and rating
updates (db/payouts.LawyerStats); nothing here is computed from a lawyer's history."""
import statistics

from chalicelib.consultations.stars import shown

def median_response(stats):
    """Median of the latest answers' response seconds (db/payouts.recent_after), or None."""
    found = [float(s) for s in (getattr(stats, "recent_responses", None) or [])]
    return int(statistics.median(found)) if found else None


def figures(lawyer, stats):
    """{answers, awards, award_rate, stars, ratings, median_response_seconds} (None: no data)."""
    answers = int(getattr(stats, "answers", 0) or 0)
    awards = int(getattr(stats, "awards", 0) or 0)
    return {"answers": answers, "awards": awards,
            "award_rate": round(awards / answers, 4) if answers else None,
            "stars": shown(lawyer.stars), "ratings": int(getattr(stats, "ratings", 0) or 0),
            "median_response_seconds": median_response(stats) if stats is not None else None}


def response_text(seconds):
    """首次响应 as a person reads it: 约 N 分钟 / 约 N 小时; None when there is nothing to show."""
    if seconds is None:
        return None
    if seconds < 60:
        return "1 分钟内"
    if seconds < 3600:
        return f"约 {round(seconds / 60)} 分钟"
    return f"约 {round(seconds / 3600, 1):g} 小时"
