"""Key builders: the text shapes of keys, in one place (see docs/data-model.md)."""

NATIONAL = "CN"


def pool_key(level, region_code, category):
    """Dispatch pool partition: lawyers of one region level practising one category."""
    return f"POOL#{level}#{region_code}#{category}"


def fairness_key(last_dispatched_at, stars, lawyer_id):
    """Sort key for fair dispatch: least recently dispatched first, then higher stars first."""
    inverse_stars = 500 - int(round(float(stars or 0) * 100))
    return f"{last_dispatched_at or '0'}#{inverse_stars:03d}#{lawyer_id}"


def county_lawyers_key(county):
    """Directory partition: every lawyer practising in one county, ordered by name (AP-10b)."""
    return f"LAWYERS#{county}"


def openid_key(openid):
    return f"OPENID#{openid}"

DUE_PARTITION = "DUE"


def due_key(at_iso, item_id):
    """Sort key in the DUE index: when the work is due, then which item."""
    return f"{at_iso}#{item_id}"
