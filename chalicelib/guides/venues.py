"""Where a bureau's cases are filed (its court, arbitration commission, …): data the bureau edits,
shown in its 诉讼指引 (issue 13; AP-240, AP-241).

Until the bureau saves its own list the seed (seeds/guide_venues.json, every entry to verify) is
shown. Staff save the whole list at once, naming the version they read (0 for the seed): a save
after someone else's is a 409, nothing lost. Every key is the caller's bureau, so no bureau reads or
writes another's list; each save leaves an audit entry.
"""
import functools
import json
import re
import secrets

from chalicelib.clock import iso, parse_instant
from chalicelib.db import audit
from chalicelib.db import guides as db
from chalicelib.errors import Conflict, Invalid
from chalicelib.guides.catalog import VENUE_KINDS
from chalicelib.humantime import notice_time
from chalicelib.paths import runtime_dir

MAX_VENUES = 12
LIMITS = {"name": 40, "address": 80, "phone": 20, "hours": 40}
PHONE = re.compile(r"[0-9][0-9 \-]{0,19}")


@functools.lru_cache(maxsize=1)
def _seed():
    with open(runtime_dir("seeds") / "guide_venues.json", encoding="utf-8") as f:
        return json.load(f)["bureaus"]


def current(bureau):
    """{venues, version, updated_at, updated_by}: the bureau's saved list, else the seed (version 0)."""
    saved = db.venues_of(bureau) if bureau else None
    if saved is not None:
        return {"venues": saved.venues, "version": saved.version, "updated_at": saved.updated_at,
                "updated_text": notice_time(parse_instant(saved.updated_at)), "updated_by": saved.updated_by}
    return {"venues": [dict(v) for v in _seed().get(bureau, [])], "version": 0,
            "updated_at": None, "updated_text": None, "updated_by": None}


def _field(venue, name, i, required=False):
    value = venue.get(name, "")
    if not isinstance(value, str):
        raise Invalid("内容应为文字", details={"field": f"venues[{i}].{name}"})
    value = " ".join(value.split())
    if (required and not value) or len(value) > LIMITS[name]:
        raise Invalid(f"第 {i + 1} 个机构的{'名称' if name == 'name' else '内容'}须为 "
                      f"{1 if required else 0} 到 {LIMITS[name]} 个字", details={"field": f"venues[{i}].{name}"})
    return value


def _checked(venues):
    if not isinstance(venues, list) or len(venues) > MAX_VENUES:
        raise Invalid(f"最多 {MAX_VENUES} 个机构", details={"field": "venues"})
    found = []
    for i, venue in enumerate(venues):
        if not isinstance(venue, dict) or venue.get("kind") not in VENUE_KINDS:
            raise Invalid(f"第 {i + 1} 个机构的类别不正确", details={"field": f"venues[{i}].kind"})
        phone = _field(venue, "phone", i)
        if phone and not PHONE.fullmatch(phone):
            raise Invalid(f"第 {i + 1} 个机构的电话只能包含数字、空格和短横线",
                          details={"field": f"venues[{i}].phone"})
        found.append({"kind": venue["kind"], "name": _field(venue, "name", i, True),
                      "address": _field(venue, "address", i, True), "phone": phone,
                      "hours": _field(venue, "hours", i), "verified": venue.get("verified") is True})
    return found


def save(caller, body, now):
    """Replace the caller's bureau's list with `body["venues"]` if `body["version"]` is current."""
    venues = _checked(body.get("venues"))
    by = caller.staff_id or caller.id
    item = db.save_venues(caller.bureau, venues, body["version"], iso(now), by)
    if item is None:
        raise Conflict("其他工作人员刚刚修改过，请刷新页面后再改", code="venues_changed")
    audit.record(audit_id=secrets.token_hex(16), at=iso(now), actor=by, action="guides.venues",
                 subject=f"VENUES#{caller.bureau}", bureau=caller.bureau)
    return current(caller.bureau)
