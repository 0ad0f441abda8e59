"""Lawyers serving counties besides their home (no AWS): which counties a profile reaches, who sees
a question masked, who is eligible in a county pool, what the reach entries look like, which
commits ask for a refresh, and the bureau label of the workbench."""
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib import after_commit, bureaus
from chalicelib.consultations.context import Ctx
from chalicelib.consultations.dispatch import _eligible, choose
from chalicelib.consultations.privacy import needs_masking
from chalicelib.db import reach
from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import Lawyer, LawyerSlot
from chalicelib.settings import ConsultationPolicy, Tier, get_settings
from tests.unit.test_consult_dispatch import FakePool

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
XINFENG, DAYU, NANKANG = "360722", "360723", "360703"


def profile(county=DAYU, serves=None, **fields):
    return Lawyer(lawyer_id="L1", name="张三", licence_no="1", firm="某律所", county=county,
                  city="360700", province="360000", specialties=["labor", "contract"],
                  openid="oL1", serves=serves, stars=4.5, **fields)


def question(county=XINFENG):
    return SimpleNamespace(id="ZX1", openid="oCitizen", category="labor", county=county,
                           city="360700", province="360000")


# -- which counties ---------------------------------------------------------------------------------
def test_served_counties_leave_out_the_home_county_and_repeats_and_stop_at_eight():
    many = [XINFENG, DAYU, XINFENG] + [f"3607{n:02d}" for n in range(30, 40)]
    assert reach.served(profile(serves=many)) == [XINFENG] + [f"3607{n:02d}" for n in range(30, 37)]
    assert reach.served(profile()) == []


@pytest.mark.parametrize("citizen, serves, masked", [
    (DAYU, None, False),  # the lawyer's home county
    (XINFENG, [XINFENG], False),  # a county the lawyer serves
    (NANKANG, [XINFENG], True),  # anywhere else
])
def test_a_question_is_masked_unless_its_county_is_the_lawyers_home_or_served(citizen, serves, masked):
    assert needs_masking(DAYU, citizen, serves) is masked


# -- eligibility ------------------------------------------------------------------------------------
def test_in_a_county_pool_only_a_lawyer_of_that_county_or_serving_it_is_eligible():
    assert _eligible(profile(serves=[XINFENG]), question(), "county")
    assert not _eligible(profile(serves=[NANKANG]), question(), "county")  # a reach slot left behind
    # The wider pools are by home city and province, as before
    assert _eligible(profile(serves=[NANKANG]), question(), "city")


def test_a_lawyer_listed_twice_in_a_page_is_picked_once():
    lawyer = SimpleNamespace(lawyer_id="L1", county=DAYU, serves=[XINFENG], openid="oL1",
                             specialties=["labor"], open_questions=0, max_open_questions=5)
    pool = FakePool({"county": [lawyer, lawyer, lawyer]})
    exclude = set()
    picks = choose(question(), 0, Tier(("county",), 0, 3), exclude,
                   Ctx(now=NOW, policy=ConsultationPolicy(pool_slack=0)), pool=pool)
    assert [p.lawyer.lawyer_id for p in picks] == ["L1"] and exclude == {"L1"}


# -- the entries ------------------------------------------------------------------------------------
def test_a_served_county_gets_a_directory_entry_and_a_reach_slot_per_specialty_in_its_pool_only():
    # Given a 大余 lawyer serving 信丰, dispatched once
    lawyer = profile(serves=[XINFENG], last_dispatched_at="2026-03-01T08:00:00Z", version=7)
    # When the entries are derived
    items = [i.serialize() for i in reach.reach_items(lawyer)]
    # Then one directory entry by name and two reach slots, in 信丰's county pool only
    assert [(i["SK"]["S"], i["GSI1PK"]["S"]) for i in items] == [
        ("SERVES#360722", "LAWYERS#360722"),
        ("SLOT#labor#AT#360722", "POOL#county#360722#labor"),
        ("SLOT#contract#AT#360722", "POOL#county#360722#contract")]
    assert items[0]["GSI1SK"]["S"] == "张三#L1"
    assert not any(k.startswith(("GSI2", "GSI3", "GSI4")) for i in items for k in i)
    # And each slot has the fairness key of the home slot, and the version it came from
    home = LawyerSlot(lawyer_id="L1", category="labor", county=DAYU, city="360700",
                      province="360000", stars=4.5, last_dispatched_at="2026-03-01T08:00:00Z")
    assert items[1]["GSI1SK"] == home.serialize()["GSI1SK"]
    assert items[1]["profile_version"] == {"N": "7"}


def test_a_lawyer_at_their_limit_keeps_reach_slots_out_of_the_pools():
    items = [i.serialize() for i in reach.reach_items(profile(serves=[XINFENG], open_questions=5))]
    slots = [i for i in items if i["SK"]["S"].startswith("SLOT#")]
    assert slots and not any("GSI1PK" in s for s in slots)


# -- after commit -----------------------------------------------------------------------------------
def test_a_commit_asks_to_refresh_only_the_lawyers_who_serve_elsewhere():
    asked = []
    ctx = Ctx(now=NOW, reach=asked.append)
    ctx.committed(["n1"], lawyers=[profile(serves=[XINFENG]), profile(), None])
    ctx.committed([], lawyers=[profile()])
    assert asked == [["L1"]]


def record(event, image):
    return SimpleNamespace(event_name=event, new_image=image)


def test_the_stream_refreshes_profiles_written_with_serves_and_nothing_else():
    lawyer = profile(serves=[XINFENG]).serialize()
    emptied = dict(profile(serves=[]).serialize(), lawyer_id={"S": "L2"})
    plain = dict(profile().serialize(), lawyer_id={"S": "L3"})
    slot = reach.reach_items(profile(serves=[XINFENG]))[1].serialize()
    records = [record("MODIFY", lawyer), record("INSERT", lawyer), record("MODIFY", emptied),
               record("MODIFY", plain), record("INSERT", slot), record("REMOVE", None)]
    assert after_commit.matching(records) == [("Lawyer", "L1"), ("Lawyer", "L2")]


# -- the workbench label ----------------------------------------------------------------------------
def test_a_bureau_label_is_its_short_name_read_once_per_five_minutes():
    settings = get_settings()
    reads = []

    def find(code):
        reads.append(code)
        return Bureau(code=code, name="大余县司法局", short_name="大余", account=code) \
            if code == DAYU else None
    bureaus.forget_cached()
    assert bureaus.label(DAYU, settings, 1000.0, find) == "大余"
    assert bureaus.label(DAYU, settings, 1240.0, find) == "大余"
    assert reads == [DAYU]
    # An absent bureau is the default one, named from settings when no item is stored
    assert bureaus.label(None, settings, 1000.0, find) == settings.default_bureau_short_name
    bureaus.forget_cached()
