"""The province run's plan (bench/sla_province.py) and the §9 sharding rule, without a table."""
from collections import Counter

from bench import sla_province
from bench.sla_province_run import sharding


def test_the_province_is_ganzhous_18_county_level_divisions_from_the_seeds():
    codes = [code for code, _ in sla_province.counties()]
    assert len(codes) == 18 and all(c.startswith("3607") for c in codes)
    assert "360722" in codes and "360723" in codes  # 信丰, 大余


def test_each_county_asks_at_a_countys_rate_and_only_the_burst_counties_burst():
    # Given 4 counties over 3 days, two of them bursting on day 1
    codes = ["360702", "360703", "360704", "360722"]
    bursts = sla_province.burst_plan(codes, days=3, burst_day=1, burst_counties=2, seed=7)
    # When the arrivals are drawn
    drawn = sla_province.province_arrivals(codes, 3, bursts, seed=7)
    # Then they are in time order, numbered once, each with its county
    assert [a.index for a in drawn] == list(range(len(drawn)))
    assert all(a.at <= b.at for a, b in zip(drawn, drawn[1:]))
    per_county = Counter(a.county for a in drawn if not a.burst)
    assert set(per_county) == set(codes)
    quiet = [c for c in codes if c not in bursts]
    assert all(30 <= per_county[c] <= 95 for c in quiet)  # ~60 over 3 days
    # And only the burst counties burst, each on its day, at about ten times the rate
    assert set(bursts.values()) == {1} and len(bursts) == 2
    burst = Counter(a.county for a in drawn if a.burst)
    assert set(burst) == set(bursts) and all(120 <= n <= 290 for n in burst.values())


def test_a_county_short_of_lawyers_borrows_the_citys_spare_ones_for_its_roster():
    lawyers = ([{"lawyer_id": f"A{n}", "county": "A"} for n in range(15)]
               + [{"lawyer_id": f"B{n}", "county": "B"} for n in range(2)])
    rota = sla_province.rota(["A", "B"], lawyers)
    assert rota["A"] == [f"A{n}" for n in range(12)]
    assert rota["B"] == ["B0", "B1", "A12", "A13", "A14"]  # 2 own + the 3 spare (wanted 4)


def test_the_busiest_hour_is_the_hour_with_the_most_questions():
    drawn = sla_province.province_arrivals(["360702"], 3, {"360702": 1}, seed=3)
    hour = sla_province.busiest_hour(drawn)
    assert all(a.burst for a in hour) and (hour[-1].at - hour[0].at).total_seconds() < 3600


def test_the_due_index_is_sharded_only_past_a_third_of_the_minute():
    assert sharding(100, 0.15) == (15.0, 1)
    assert sharding(200, 0.15) == (30.0, 2)
    assert sharding(500, 0.2) == (100.0, 5)
