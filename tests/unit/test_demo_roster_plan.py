"""The local stage's demo duty roster (seeds/duty_roster.py): who is on which shift, as a plain
function of the days and the county's lawyers."""
from collections import Counter
from datetime import date, timedelta

from seeds import duty_roster

LAWYERS = [f"L{n}" for n in range(7)]
DAYS = [date(2026, 3, 2) + timedelta(days=n) for n in range(14)]


def test_each_shift_gets_two_different_lawyers_and_the_turns_are_shared():
    plan = duty_roster.plan(DAYS, 3, 2, LAWYERS)
    assert len(plan) == 14 * 3
    assert all(len(set(ids)) == 2 for _, _, ids in plan)
    turns = Counter(i for _, _, ids in plan for i in ids)
    assert set(turns) == set(LAWYERS) and max(turns.values()) - min(turns.values()) <= 1


def test_a_day_gets_the_same_lawyers_whichever_day_the_fill_starts_from():
    from_monday = {(d, s): ids for d, s, ids in duty_roster.plan(DAYS, 3, 2, LAWYERS)}
    from_thursday = {(d, s): ids for d, s, ids in duty_roster.plan(DAYS[3:], 3, 2, LAWYERS)}
    assert all(from_monday[key] == ids for key, ids in from_thursday.items())


def test_no_lawyers_no_shifts_and_a_lone_lawyer_is_not_listed_twice():
    assert duty_roster.plan(DAYS, 3, 2, []) == []
    assert {tuple(ids) for _, _, ids in duty_roster.plan(DAYS[:1], 3, 2, ["L1"])} == {("L1",)}
