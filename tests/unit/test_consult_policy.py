"""The consultation policy in settings: the tier plan, its timing, shifts of the duty roster."""
from dataclasses import replace
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib.consultations.plan import format_tiers, next_tier_at
from chalicelib.consultations.duty import shift_at
from chalicelib.settings import ConsultationPolicy, Settings, Tier, parse_tiers


def test_the_default_plan_is_the_proven_one_county_first_then_city_and_province_then_national(env):
    # The plan bench/sla_sim.py measures (docs/sla.md): duty and county (the city filling in) at
    # once; city and province at 2 minutes, national from 4 minutes, while nobody has answered.
    policy = Settings().consultation
    pool = [(t.sources, t.delay_minutes, t.below) for t in policy.tiers if "duty" not in t.sources]
    assert pool[:3] == [(("county", "city"), 0, 0), (("city", "province"), 2, 1), (("national",), 4, 1)]
    assert {t.sources for t in policy.tiers if t.delay_minutes >= 4} == {("national",)}
    assert (policy.answer_cap, policy.answer_min, policy.daily_limit) == (5, 3, 5)
    assert (policy.lawyer_reminder_minutes, policy.lawyer_reminder_below,
            policy.staff_alert_minutes) == (5, 1, 9)
    assert policy.auto_close_policy == "none" and policy.duty_roster is True


def test_the_roster_can_be_switched_off(env):
    env(CONSULT_DUTY_ROSTER="off")
    assert Settings().consultation.duty_roster is False


def test_every_knob_comes_from_the_environment(env):
    # Given a deployment that tunes the policy
    env(CONSULT_TIERS="duty+county@0x2,national@4x6", CONSULT_ANSWER_CAP="4", CONSULT_DUTY_ROSTER="on",
        CONSULT_AUTO_CLOSE_POLICY="best_rated", CONSULT_DAILY_LIMIT="3", CONSULT_DUTY_SHIFT_HOURS="6,14,22")
    # When settings are read
    policy = Settings().consultation
    # Then the policy is the one asked for
    assert policy.tiers == (Tier(("duty", "county"), 0, 2), Tier(("national",), 4, 6))
    assert (policy.answer_cap, policy.duty_roster, policy.auto_close_policy, policy.daily_limit,
            policy.duty_shift_hours) == (4, True, "best_rated", 3, (6, 14, 22))


@pytest.mark.parametrize("text", ["county@0", "moon@0x3", "county@-1x3", "county@0x-2", "county0x3",
                                  "county@0x3<", "county@0x3<-1", "county@0x3<a"])
def test_a_malformed_plan_is_refused_at_start_up(text):
    with pytest.raises(ValueError):
        parse_tiers(text)


def test_an_unknown_auto_close_policy_or_a_minimum_above_the_cap_is_refused():
    with pytest.raises(ValueError):
        ConsultationPolicy(auto_close_policy="random")
    with pytest.raises(ValueError):
        ConsultationPolicy(answer_min=6, answer_cap=5)


def test_a_plan_is_stored_as_text_and_read_back_the_same():
    tiers = parse_tiers("national@6x5<1, county@0x3 ,city+province@3.5x4")
    assert format_tiers(tiers) == "county@0x3,city+province@3.5x4,national@6x5<1"
    assert parse_tiers(format_tiers(tiers)) == tiers


def test_the_next_step_is_due_at_its_delay_after_opening_and_not_once_answers_suffice():
    plan = parse_tiers("county@0x3,city@3x4,national@6x5")
    c = SimpleNamespace(created_at="2026-03-02T02:00:30Z", tiers_done=1, answer_count=2)
    assert next_tier_at(c, plan, answer_min=3) == "2026-03-02T02:03:30Z"
    assert next_tier_at(replace_ns(c, answer_count=3), plan, answer_min=3) is None
    assert next_tier_at(replace_ns(c, tiers_done=3), plan, answer_min=3) is None


def test_a_step_with_its_own_threshold_is_skipped_once_that_many_have_answered():
    # Given a plan whose rescue steps run only while nobody has answered
    plan = parse_tiers("county@0x2,national@4x10<1,national@7x10<1,national@20x1")
    c = SimpleNamespace(created_at="2026-03-02T02:00:00Z", tiers_done=1, answer_count=0)
    # Then with no answer the next step is the rescue at 4 minutes
    assert next_tier_at(c, plan, answer_min=3) == "2026-03-02T02:04:00Z"
    # And with one answer the rescues are skipped: the next step is the one at 20 minutes
    assert next_tier_at(replace_ns(c, answer_count=1), plan, answer_min=3) == "2026-03-02T02:20:00Z"
    assert next_tier_at(c, plan, answer_min=3, answers=2) == "2026-03-02T02:20:00Z"
    # And with the minimum reached nothing is left
    assert next_tier_at(replace_ns(c, answer_count=3), plan, answer_min=3) is None


def replace_ns(ns, **changes):
    return SimpleNamespace(**dict(vars(ns), **changes))


@pytest.mark.parametrize("utc, expected", [
    ("2026-03-02T00:30:00", ("2026-03-02", 1, "2026-03-02T08")),  # 08:30 Beijing: day shift
    ("2026-03-02T15:59:00", ("2026-03-02", 2, "2026-03-02T23")),  # 23:59 Beijing: evening shift
    ("2026-03-02T16:00:00", ("2026-03-03", 0, "2026-03-03T00")),  # midnight Beijing: night shift
])
def test_shifts_follow_china_time(utc, expected):
    instant = datetime.fromisoformat(utc).replace(tzinfo=timezone.utc)
    assert shift_at(instant, (0, 8, 16)) == expected


def test_before_the_first_shift_of_the_day_the_last_shift_of_the_day_before_is_on():
    instant = datetime(2026, 3, 1, 20, 0, tzinfo=timezone.utc)  # 04:00 Beijing on 2 March
    assert shift_at(instant, (6, 14, 22)) == ("2026-03-01", 2, "2026-03-02T04")


def test_replacing_a_policy_is_how_a_simulation_tunes_it():
    policy = replace(ConsultationPolicy(), tiers=parse_tiers("duty@0x2,national@2x8"), duty_roster=True)
    assert policy.tiers[1] == Tier(("national",), 2, 8) and policy.answer_cap == 5
