"""The SLA simulator's model (bench/sla_model.py) and event loop (bench/sla_loop.py), without a table."""
import random
from datetime import datetime, timedelta, timezone

import pytest

from bench.sla_loop import Notice, Simulation, ceil_minute
from bench.sla_model import (
    CHINA, ArrivalPlan, DutyDesk, ResponseModel, Roster, arrivals, hourly_weights, is_day,
    response_rng)

DAY_NOON = datetime(2026, 3, 2, 12, 0, tzinfo=CHINA)
NIGHT_2AM = datetime(2026, 3, 2, 2, 0, tzinfo=CHINA)


def test_hourly_weights_put_85_percent_of_questions_between_8_and_22():
    # Given the hourly arrival profile
    weights = hourly_weights()
    # Then it is a distribution with 85% of its mass in 08:00-22:00 China time
    assert sum(weights) == pytest.approx(1.0)
    assert sum(weights[8:22]) == pytest.approx(0.85)


def test_arrivals_come_at_the_county_rate_with_one_burst_day_at_ten_times():
    # Given 105 days at 20 a day with day 60 at 10x
    plan = ArrivalPlan()
    # When arrivals are drawn with a fixed seed
    drawn = arrivals(plan, random.Random(7))
    # Then at least 2,000 ordinary ones come at about 20 a day, 85% by day, in time order,
    ordinary = [a for a in drawn if not a.burst]
    assert len(ordinary) >= 2000
    assert len(ordinary) / (plan.days - 1) == pytest.approx(20, abs=1.5)  # 3 s.d.
    assert sum(is_day(a.at) for a in ordinary) / len(ordinary) == pytest.approx(0.85, abs=0.02)
    assert [a.at for a in drawn] == sorted(a.at for a in drawn)
    # and the burst day holds about 200, all on day 60, mostly labour questions
    burst = [a for a in drawn if a.burst]
    assert 160 <= len(burst) <= 240
    assert {plan.day_of(a.at) for a in burst} == {60}
    assert sum(a.category == "labor" for a in burst) / len(burst) > 0.4


def test_the_same_seed_draws_the_same_arrivals_and_another_seed_does_not():
    plan = ArrivalPlan(days=5)
    assert arrivals(plan, random.Random(1)) == arrivals(plan, random.Random(1))
    assert arrivals(plan, random.Random(1)) != arrivals(plan, random.Random(2))


@pytest.mark.parametrize("at, expected", [(DAY_NOON, 0.25), (NIGHT_2AM, 0.10)])
def test_a_pool_lawyer_answers_within_10_minutes_with_the_day_or_night_probability(at, expected):
    # Given the response model and many independent draws at one hour
    model, rng, n = ResponseModel(), random.Random(11), 20000
    # When each is sampled with the probability for a pool lawyer notified then
    draws = [model.sample(rng, model.in_time_probability(at)) for _ in range(n)]
    # Then the in-time share matches, every in-time delay is within 10 minutes,
    in_time = [d for d in draws if d.in_time]
    assert len(in_time) / n == pytest.approx(expected, abs=0.01)
    assert all(timedelta(0) < d.delay <= timedelta(minutes=10) for d in in_time)
    # and of the others 40% answer late (10-120 minutes, long-tailed), the rest never
    late = [d for d in draws if not d.in_time and d.delay is not None]
    assert len(late) / (n - len(in_time)) == pytest.approx(0.4, abs=0.015)
    assert all(timedelta(minutes=10) < d.delay <= timedelta(minutes=120) for d in late)
    assert sorted(d.delay for d in late)[len(late) // 2] < timedelta(minutes=40)


def test_in_time_delays_are_lognormal_cut_at_10_minutes_with_a_median_near_4():
    # Given an on-duty lawyer's draws (probability 0.9)
    model, rng = ResponseModel(), random.Random(3)
    delays = sorted(d.delay.total_seconds() / 60 for d in
                    (model.sample(rng, model.duty) for _ in range(20000)) if d.in_time)
    # Then the conditional median sits a little under the untruncated 4 minutes, the tail reaches 10
    assert 3.2 < delays[len(delays) // 2] < 4.0
    assert delays[int(0.99 * len(delays))] > 8.5 and delays[-1] <= 10


def test_a_lawyers_draw_for_a_question_does_not_depend_on_what_else_was_drawn():
    model = ResponseModel()
    first = model.sample(response_rng(5, 42, "L1"), 0.25)
    random.Random(0).random()  # other draws in between change nothing
    assert model.sample(response_rng(5, 42, "L1"), 0.25) == first


def test_a_duty_lawyer_takes_six_questions_in_any_hour_and_the_seventh_is_not_answered_in_time():
    # Given a duty lawyer who took six questions in ten minutes
    desk, start = DutyDesk(per_hour=6), DAY_NOON
    assert all(desk.take("L1", start + timedelta(minutes=2 * i)) for i in range(6))
    # When a seventh comes 50 minutes later, then it is refused; another lawyer is not affected
    assert not desk.take("L1", start + timedelta(minutes=50))
    assert desk.take("L2", start + timedelta(minutes=50))
    # And an hour after the first, there is room again
    assert desk.take("L1", start + timedelta(minutes=60))


def test_the_roster_rotates_two_lawyers_a_shift_and_the_night_shift_runs_past_midnight():
    roster = Roster(lawyers=tuple(f"L{i}" for i in range(12)), per_shift=2, shift_hours=(0, 8, 16))
    at_7 = datetime(2026, 3, 2, 7, 59, tzinfo=CHINA)
    at_8 = datetime(2026, 3, 2, 8, 0, tzinfo=CHINA)
    assert roster.shift_of(at_7)[1] == 0 and roster.shift_of(at_8)[1] == 1
    on_at_8 = roster.lawyers_of(*roster.shift_of(at_8))
    assert len(on_at_8) == 2 and all(roster.on_duty(i, at_8) for i in on_at_8)
    assert not any(roster.on_duty(i, at_7) for i in on_at_8)
    assert Roster(shift_hours=(8, 16, 22)).shift_of(at_7)[1] == 2  # 22:00-08:00 of the day before


def test_minutes_round_up_to_the_next_sweep():
    at = datetime(2026, 3, 2, 4, 3, 20, tzinfo=timezone.utc)
    assert ceil_minute(at) == at.replace(minute=4, second=0)
    assert ceil_minute(at.replace(second=0)) == at.replace(second=0)


class FakePlatform:
    """Notifies one lawyer at opening and a second at the sweep 3 minutes later if unanswered."""

    def __init__(self):
        self.due, self.pending, self.sweeps, self.answers = {}, [], [], []

    def open(self, arrival, now):
        cid = f"C{arrival.index}"
        self.pending.append(Notice(now, f"{cid}-first", cid, "dispatch"))
        self.due[cid] = now + timedelta(minutes=3)
        return cid

    def answer(self, cid, lawyer_id, now):
        self.answers.append((cid, lawyer_id, now))
        self.due.pop(cid, None)
        return True

    def sweep(self, now):
        self.sweeps.append(now)
        for cid, at in list(self.due.items()):
            if at <= now:
                self.pending.append(Notice(now, f"{cid}-second", cid, "dispatch"))
                self.pending.append(Notice(now, f"{cid}-first", cid, "reminder"))
                del self.due[cid]

    def next_due(self):
        return min(self.due.values(), default=None)

    def notices(self, now):
        taken, self.pending = self.pending, []
        return taken


class Always:
    """A model where every lawyer answers after exactly `minutes`."""
    duty, duty_per_hour = 1.0, 6

    def __init__(self, minutes):
        self.minutes = minutes

    def in_time_probability(self, at, duty=False):
        return 1.0

    def sample(self, rng, probability):
        from bench.sla_model import Response
        return Response(timedelta(minutes=self.minutes), True)


def _arrival(index, at):
    from bench.sla_model import Arrival
    return Arrival(index, at, "labor", False)


def test_the_loop_sweeps_only_where_work_is_due_and_records_the_first_answer():
    # Given lawyers who all answer 5 minutes after being notified, and two questions an hour apart
    start = datetime(2026, 3, 2, 2, 0, 30, tzinfo=timezone.utc)
    platform = FakePlatform()
    sim = Simulation(platform, Always(5), Roster(), seed=1, settle=timedelta(minutes=30))
    # When the simulation runs
    outcomes = sim.run([_arrival(0, start), _arrival(1, start + timedelta(hours=1))])
    # Then each question's escalation ran at the first minute boundary after it fell due,
    assert platform.sweeps == [start + timedelta(minutes=3, seconds=30),
                               start + timedelta(hours=1, minutes=3, seconds=30)]
    # both lawyers answered, the first 5 minutes after the question, and every notice was counted
    assert [o.first_response_minutes for o in outcomes] == [5.0, 5.0]
    assert len(platform.answers) == 4
    assert outcomes[0].notices == {"dispatch": 2, "reminder": 1}


def test_the_estimator_runs_a_rescue_step_only_while_nobody_has_answered():
    from bench.sla_explore import estimate, parse

    # Given a plan whose 2-minute step asks for ten lawyers while no one has answered
    assert parse("duty@0x2,city@2x10<1")[1].until == 1
    plan = ArrivalPlan(days=3, burst_day=None)
    # When lawyers always answer after 1 minute, versus after 5 minutes
    quick = estimate("county@0x1,city@2x10<1", plan=plan, model=Always(1))
    slow = estimate("county@0x1,city@2x10<1", plan=plan, model=Always(5))
    # Then the step never runs when the first lawyer answered in time, and always runs otherwise
    assert {o.notices["dispatch"] for o in quick} == {1}
    assert {o.notices["dispatch"] for o in slow} == {11}


def test_two_stretches_count_every_question_once_and_the_second_warms_up_first():
    from bench.sla_sim import WARM_UP, stretches

    # Given 105 days of questions with a burst day
    plan = ArrivalPlan()
    drawn = arrivals(plan, random.Random(2026))
    # When they are cut for two workers
    cut = stretches(drawn, plan, 2)
    # Then every question is counted exactly once, in order, the halves are about equal,
    assert [a for chosen, counted in cut for a in chosen[counted:]] == drawn
    sizes = [len(chosen) - counted for chosen, counted in cut]
    assert abs(sizes[0] - sizes[1]) < 0.1 * len(drawn)
    # and the second stretch first replays the questions just before it, uncounted
    assert cut[0][1] == 0 and cut[1][1] == WARM_UP
