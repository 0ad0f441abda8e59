"""First-response times as a histogram of 30-second buckets up to 30 minutes, plus one bucket for
"later". Bucket i holds the responses that took more than 30*i and at most 30*(i+1) seconds, so the
10-minute promise (at most 600 s) is exactly buckets 0..19. Histograms of bureaus add up bucket by
bucket, which is how a city or the province gets its median and p90 without reading any case.
"""
import math

BUCKET_SECONDS = 30
LIMIT_SECONDS = 30 * 60
BUCKETS = LIMIT_SECONDS // BUCKET_SECONDS + 1  # 60 buckets of 30 s, then everything later


def empty():
    return [0] * BUCKETS


def bucket_of(seconds):
    """The bucket of a response time in seconds (negative clock skew counts as immediate)."""
    index = max(0, math.ceil(float(seconds) / BUCKET_SECONDS) - 1)
    return min(index, BUCKETS - 1)


def histogram(seconds_list):
    counts = empty()
    for seconds in seconds_list:
        counts[bucket_of(seconds)] += 1
    return counts


def add(*histograms):
    """The bucket-by-bucket sum (a bureau's histogram from its days, a region's from its bureaus)."""
    total = empty()
    for counts in histograms:
        if len(counts) != BUCKETS:
            raise ValueError(f"a histogram has {BUCKETS} buckets, not {len(counts)}")
        total = [a + int(b) for a, b in zip(total, counts)]
    return total


def upper_seconds(index):
    """The upper edge of a bucket in seconds; None for the open "later than 30 minutes" bucket."""
    return None if index >= BUCKETS - 1 else (index + 1) * BUCKET_SECONDS


def quantile(counts, fraction):
    """Nearest-rank quantile read from the buckets: the upper edge of the bucket holding the rank
    (so "p90 = 150" says nine in ten were answered within 150 s). None when the histogram is empty;
    the string ">1800" when the rank falls in the open bucket."""
    total = sum(counts)
    if not total:
        return None
    rank = min(total, max(1, math.ceil(fraction * total)))
    running = 0
    for index, count in enumerate(counts):
        running += count
        if running >= rank:
            upper = upper_seconds(index)
            return upper if upper is not None else f">{LIMIT_SECONDS}"
    raise AssertionError("unreachable: the running sum reaches the total")


def within(counts, seconds):
    """How many responses took at most `seconds` (a multiple of the bucket width)."""
    if seconds % BUCKET_SECONDS:
        raise ValueError(f"{seconds} s is not on a bucket edge")
    return sum(counts[:min(BUCKETS - 1, seconds // BUCKET_SECONDS)])


def share(part, whole):
    return round(part / whole, 4) if whole else None
