"""Each running bureau's duty roster for the local and dev stages: this week and the next two, every
shift staffed by seeded (invented) lawyers who serve the bureau's counties, so `make run` opens on
rosters that work instead of pages of red 无人值班. 信丰 (the default bureau) takes turns with its
hand-named lawyers; another bureau (大余) with the lawyers the table lists as serving its counties,
at home or through `serves`, who follow the Official Account.

Not a seed dataset: a roster is dated runtime state, so it is filled relative to "now" on every
load and only where a shift is still empty (a conditional put) — what staff arranged is never
overwritten. Generated people are never put on duty in any other stage (`DEMO_STAGES`): production
rosters are made by staff. Call `fill(now, stage=…, bureau=…)` for each bureau after the lawyers of
its county and city are loaded.
"""
import itertools
from datetime import date, timedelta

from pynamodb.exceptions import PutError

from chalicelib.clock import iso
from chalicelib.consultations.duty import shift_at
from chalicelib.db import pools
from chalicelib.db.duty import DutyShift
from seeds import lawyers

DEMO_STAGES = ("local", "dev")
# This week (from Monday) and the next two: the roster page's 7 days from today, and its next 7.
WEEKS = 3
SET_BY = "seed"


def county_lawyer_ids(county):
    """The hand-named lawyers of `county` (seeds/xinfeng.json), in the order they are seeded."""
    named = itertools.islice(lawyers.generate(), len(lawyers.XINFENG["lawyers"]))
    return [entry["lawyer_id"] for entry in named if entry["county"] == county]


def plan(days, shift_count, per_shift, lawyer_ids):
    """[(day, shift, [lawyer ids])] for each shift of `days`: the lawyers in turn, so every one of
    them is on duty as often as the others. The turn is counted from the day's date, so a day gets
    the same lawyers whichever day the fill starts from."""
    if not lawyer_ids or per_shift <= 0:
        return []
    count = len(lawyer_ids)
    chosen = []
    for day in days:
        for shift in range(shift_count):
            first = (day.toordinal() * shift_count + shift) * per_shift
            ids = list(dict.fromkeys(lawyer_ids[(first + k) % count] for k in range(per_shift)))
            chosen.append((day, shift, ids))
    return chosen


def roster_lawyer_ids(regions):
    """The lawyers a bureau's demo roster takes turns with: the hand-named lawyers of its counties
    that the table holds (a small --lawyers load may lack some), else every lawyer with WeChat the
    directory lists as serving its counties (AP-82), by name."""
    named = [i for county in regions for i in county_lawyer_ids(county)]
    present = set(pools.profiles(named))
    if present:
        return [i for i in named if i in present]
    return [p.lawyer_id for p in pools.lawyers_of_counties(regions) if p.openid]


def fill(now, *, stage, bureau, policy, weeks=WEEKS, progress=print):
    """Staff every empty shift of `bureau`'s roster this week and the next `weeks - 1` with
    lawyers serving its counties (only in DEMO_STAGES, only lawyers the table holds). Returns the
    shifts written."""
    if stage not in DEMO_STAGES or not policy.duty_roster:
        return 0
    today = date.fromisoformat(shift_at(now, policy.duty_shift_hours)[0])
    monday = today - timedelta(days=today.weekday())
    days = [monday + timedelta(days=n) for n in range(7 * weeks)]
    ids = roster_lawyer_ids(list(bureau.regions or [bureau.code]))
    written = 0
    for day, shift, chosen in plan(days, len(policy.duty_shift_hours),
                                   policy.duty_max_per_shift, ids):
        item = DutyShift(day=day.isoformat(), shift=shift, lawyer_ids=chosen, set_by=SET_BY,
                         bureau=bureau.code, updated_at=iso(now))
        try:
            item.save(condition=DutyShift.PK.does_not_exist())
            written += 1
        except PutError as error:
            if getattr(error, "cause_response_code", None) != "ConditionalCheckFailedException":
                raise
    progress(f"duty roster of {bureau.short_name or bureau.code}: {written} empty shifts of "
             f"{days[0]}…{days[-1]} staffed from {len(ids)} lawyers serving its counties")
    return written
