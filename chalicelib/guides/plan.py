"""The annual 普法 plan's days (seeds/pufa_days.json) and the laws a 热点普法 article can name (the
library's law manifest), for tying an article to them (issue 13)."""
import functools
import json
from datetime import date

from chalicelib.library.corpus import seed_library
from chalicelib.paths import runtime_dir

DIGITS = "零一二三四五六七八九"


@functools.lru_cache(maxsize=1)
def days():
    with open(runtime_dir("seeds") / "pufa_days.json", encoding="utf-8") as f:
        return {d["day"]: d for d in json.load(f)["days"]}


@functools.lru_cache(maxsize=1)
def laws():
    """{slug: short title} of the library's laws (中华人民共和国 left off)."""
    return {e["slug"]: e["title"].removeprefix("中华人民共和国") for e in seed_library().law_manifest()}


def chinese(n):
    """1 → 一, 10 → 十, 188 → 一百八十八, 1077 → 一千零七十七 (article numbers, 1..9999)."""
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d:
            out += ("零" if zero and out else "") + ("" if (d == 1 and unit == "十" and not out) else DIGITS[d]) + unit
            zero = False
        elif out:
            zero = True
    return out


def cite(ref):
    """{law, article?} → {text, href}: 《民法典》第一百八十八条, linked to the library."""
    title = laws().get(ref["law"], ref["law"])
    article = ref.get("article")
    return {"text": f"《{title}》" + (f"第{chinese(article)}条" if article else ""),
            "href": f"/h5/laws/{ref['law']}" + (f"#art-{article}" if article else "")}


def day_view(key, today=None):
    """The plan day `key` (MM-DD) with its name, and how many days until it from `today`."""
    found = days().get(key)
    if found is None:
        return None
    view = {"day": key, "name": found["name"], "label": f"{int(key[:2])}月{int(key[3:])}日 {found['name']}"}
    if today is not None:
        when = date(today.year, int(key[:2]), int(key[3:]))
        when = when if when >= today else date(today.year + 1, when.month, when.day)
        view["in_days"] = (when - today).days
    return view
