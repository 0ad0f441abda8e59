"""The figures of a set of consultations as additive counts (a tally), and what is read from them.

A tally holds only sums and a first-response histogram, so tallies of days make a month and tallies
of bureaus make a city or the province (`add`). What a page shows — median, p90, the share answered
within 10 minutes, satisfaction — is derived from a tally (`derive`), never stored twice.
"""
from chalicelib.clock import parse_instant
from chalicelib.reports import histogram as hist

COUNTS = ("questions", "refused", "answered", "awarded", "decided", "within_sla", "ratings",
          "rating_sum", "payouts_fen")


def empty():
    return {**{name: 0 for name in COUNTS}, "histogram": hist.empty()}


def tally(consultations, now, sla_seconds):
    """The counts of `consultations` at `now`. A question refused over the daily limit is counted
    apart. One still inside its first `sla_seconds` without an answer is not decided yet and stays
    out of the 10-minute share (as in the staff statistics)."""
    out = empty()
    firsts = []
    for c in consultations:
        if c.status == "refused":
            out["refused"] += 1
            continue
        out["questions"] += 1
        first = c.first_response_seconds
        if first is not None:
            firsts.append(float(first))
        if first is not None or (now - parse_instant(c.created_at)).total_seconds() >= sla_seconds:
            out["decided"] += 1
            if first is not None and float(first) <= sla_seconds:
                out["within_sla"] += 1
        if c.answer_count:
            out["answered"] += 1
        if c.awarded_answer_id:
            out["awarded"] += 1
            out["payouts_fen"] += int(c.payout_fen or 0)
        if c.rating:
            out["ratings"] += 1
            out["rating_sum"] += int(c.rating)
    out["histogram"] = hist.histogram(firsts)
    return out


def add(*tallies):
    total = empty()
    for one in tallies:
        for name in COUNTS:
            total[name] += int(one.get(name) or 0)
    total["histogram"] = hist.add(*(one["histogram"] for one in tallies)) if tallies else hist.empty()
    return total


def derive(one):
    """What pages show of a tally: medians and p90 from the buckets (upper edges, seconds)."""
    counts = one["histogram"]
    return {
        "questions": one["questions"], "answered": one["answered"], "awarded": one["awarded"],
        "first_response_median_seconds": hist.quantile(counts, 0.5),
        "first_response_p90_seconds": hist.quantile(counts, 0.9),
        "within_10min_share": hist.share(one["within_sla"], one["decided"]),
        "award_rate": hist.share(one["awarded"], one["answered"]),
        "satisfaction": round(one["rating_sum"] / one["ratings"], 2) if one["ratings"] else None,
        "ratings": one["ratings"],
        "payouts_fen": one["payouts_fen"],
    }


def grouped(consultations, key, now, sla_seconds):
    """{group: tally} of consultations grouped by `key(consultation)`."""
    groups = {}
    for c in consultations:
        groups.setdefault(key(c), []).append(c)
    return {name: tally(items, now, sla_seconds) for name, items in groups.items()}
