"""Out of the box the local stage looks like bureaus that are running: seeds/duty_roster.py staffs
every shift of this week and the next two, for 信丰 with its seeded lawyers and for 大余 with the
lawyers who serve 大余, never overwrites what staff arranged, and puts nobody on duty outside the
local and dev stages. Read back through each bureau's staff roster route (`chalice.test.Client` on
moto)."""
import dataclasses
import itertools
from collections import Counter
from datetime import date, timedelta

from seeds import duty_roster, lawyers
from chalicelib import bureaus
from chalicelib.auth import Caller, sign_in
from chalicelib.db import reach
from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import Lawyer
from tests.functional import consultation_support as support
from tests.functional.consultation_support import CITY, PROVINCE, add_lawyer

api = support.api  # the fixture's clock: Mon 2026-03-02 10:00 China time (shift 1)
COUNTY = "360722"
WEEKS = [(date(2026, 3, 2) + timedelta(days=n)).isoformat() for n in range(21)]


def seed_named_lawyers():
    named = list(itertools.islice(lawyers.generate(), len(lawyers.XINFENG["lawyers"])))
    for entry in named:
        Lawyer(**entry).save()
    return {entry["lawyer_id"]: entry for entry in named}


def fill(api, stage="local", bureau=None):
    settings = api.services.settings
    policy = dataclasses.replace(settings.consultation, duty_roster=True)
    return duty_roster.fill(api.services.clock.now(), stage=stage, policy=policy,
                            bureau=bureau or bureaus.synthesise(settings), progress=lambda line: None)


def test_every_shift_of_this_week_and_the_next_two_is_staffed_by_seeded_county_lawyers(api):
    # Given the seeded 信丰 lawyers, and a shift staff already arranged themselves
    named = seed_named_lawyers()
    status, _ = api.put("/api/staff/duty/2026-03-03/0", "staff:s1", {"lawyer_ids": ["LX0"]})
    assert status == 200
    # When the local seed load fills the roster
    written = fill(api)
    # Then every shift from this Monday for three weeks names two lawyers of the county, by name
    # (the roster page shows 7 days from today, and the next 7)
    assert written == 21 * 3 - 1
    on_duty = Counter()
    for day in WEEKS:
        status, roster = api.get(f"/api/staff/duty?date={day}", "staff:s1")
        assert status == 200
        for shift in roster["shifts"]:
            if (day, shift["shift"]) == ("2026-03-03", 0):
                # And what staff arranged is kept
                assert [l["id"] for l in shift["lawyers"]] == ["LX0"]
                continue
            assert len(shift["lawyers"]) == 2, (day, shift)
            for lawyer in shift["lawyers"]:
                assert lawyer["name"] == named[lawyer["id"]]["name"]
                assert named[lawyer["id"]]["county"] == COUNTY
                on_duty[lawyer["id"]] += 1
    # And the turns are shared: every county lawyer takes some, nobody many more than another
    assert set(on_duty) == set(named)
    assert max(on_duty.values()) - min(on_duty.values()) <= 2
    # And a second load finds nothing empty to fill
    assert fill(api) == 0


def test_no_invented_lawyer_is_put_on_duty_outside_the_local_and_dev_stages(api):
    seed_named_lawyers()
    assert fill(api, stage="prod") == 0 and fill(api, stage="") == 0
    status, roster = api.get("/api/staff/duty?date=2026-03-02", "staff:s1")
    assert status == 200 and all(not s["lawyers"] for s in roster["shifts"])


def test_a_small_lawyer_load_puts_only_lawyers_the_table_holds_on_duty(api):
    # Given only the first five 信丰 lawyers were loaded (a quick --lawyers 5)
    named = list(itertools.islice(lawyers.generate(), 5))
    for entry in named:
        Lawyer(**entry).save()
    fill(api)
    status, roster = api.get("/api/staff/duty?date=2026-03-04", "staff:s1")
    shown = {l["id"] for s in roster["shifts"] for l in s["lawyers"]}
    assert shown and shown <= {entry["lawyer_id"] for entry in named}


DAYU = "360723"


def test_dayu_gets_its_own_roster_from_the_lawyers_who_serve_dayu(api):
    # Given 信丰's seeded lawyers, 大余 with two lawyers of its own (one without WeChat) and one of
    # 南康 who serves 大余 too
    named = seed_named_lawyers()
    dayu = Bureau(code=DAYU, name="大余县司法局", short_name="大余", level="county", regions=[DAYU],
                  account=DAYU, status="live")
    dayu.save()
    for lawyer_id, county, serves in (("LD1", DAYU, []), ("LD2", DAYU, []), ("LD3", DAYU, []),
                                      ("LNK1", "360703", [DAYU])):
        lawyer = add_lawyer(lawyer_id, county, CITY, PROVINCE)
        lawyer.serves = serves
        if lawyer_id == "LD3":
            lawyer.openid = None
        lawyer.save()
        reach.refresh(lawyer_id)
    # When the local seed load fills 信丰's roster and 大余's
    assert fill(api) == 21 * 3
    assert fill(api, bureau=dayu) == 21 * 3
    # Then every 大余 shift names lawyers who serve 大余 and follow the account, in turn
    body, _ = sign_in(Caller("staff", "dy-staff-001", staff_id="dy-staff-001", bureau=DAYU),
                      settings=api.services.settings, clock=api.services.clock)
    api.tokens["staff:dy-staff-001"] = body["token"]
    on_duty = Counter()
    for day in WEEKS[:7]:
        status, roster = api.get(f"/api/staff/duty?date={day}", "staff:dy-staff-001")
        assert status == 200
        for shift in roster["shifts"]:
            assert len(shift["lawyers"]) == 2, (day, shift)
            on_duty.update(lawyer["id"] for lawyer in shift["lawyers"])
    assert set(on_duty) == {"LD1", "LD2", "LNK1"}
    # And 信丰's roster is still its own lawyers'
    status, roster = api.get(f"/api/staff/duty?date={WEEKS[0]}", "staff:s1")
    assert {l["id"] for s in roster["shifts"] for l in s["lawyers"]} <= set(named)
