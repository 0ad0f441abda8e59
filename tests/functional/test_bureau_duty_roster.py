"""Each bureau's duty lawyers hear only its own questions (issue 10, §5: only the `duty` source is per
bureau): a question asked at 大余 goes to 大余's roster at once AND at a later step the sweep runs
(the sweep's context is the default bureau's; the roster must still be the question's)."""
from chalicelib.consultations import duty, intake, lifecycle
from chalicelib.consultations.context import context
from chalicelib.consultations.dispatch import region_chain
from chalicelib.consultations.duty import shift_at
from chalicelib.db import consultations as db
from chalicelib.db.duty import DutyShift
from chalicelib.settings import parse_tiers
from tests.functional import consultation_support as support
from tests.functional.consultation_support import CITY, PROVINCE, add_lawyer, tune

api = support.api
DAYU = "360723"


def _rosters(api):
    """信丰's duty lawyer LX0 and 大余's DY0 on the shift that is on now, each set by its staff."""
    add_lawyer("DY0", DAYU, CITY, PROVINCE)
    add_lawyer("DY1", DAYU, CITY, PROVINCE)
    from chalicelib.db.models import Region

    Region(code=DAYU, name="大余县", level="county", parent=CITY, city=CITY, province=PROVINCE).save()
    now = api.services.clock.now()
    day, number, _ = shift_at(now, api.services.settings.consultation.duty_shift_hours)
    for bureau, ids in (("360722", ["LX0"]), (DAYU, ["DY0"])):
        duty.set_shift(day, number, ids, staff_id="s1", bureau=bureau, ctx=context(api.services, now))
    later = (DAYU, ["DY1"])  # who is on duty at 大余 for the rescue step (set before it runs)
    return day, number, later


def _ask_at(api, bureau, citizen):
    ctx = context(api.services, api.services.clock.now())
    ctx.bureau = bureau
    c = intake.submit(openid=citizen, question=support.QUESTION, category="labor", county=bureau,
                      ctx=ctx, region_of=region_chain)
    lifecycle.start(c.id, ctx)
    return c.id


def _duty_dispatches(consultation_id):
    return sorted(d.lawyer_id for d in db.dispatches(consultation_id) if d.source == "duty")


def test_a_question_asked_at_a_bureau_goes_to_that_bureaus_duty_lawyers(api):
    # Given the roster in use, one duty lawyer at once and one more at 2 minutes while unanswered,
    # and a duty lawyer on the current shift at 信丰 (LX0) and at 大余 (DY0)
    tune(api.services, tiers=parse_tiers("duty@0x1,duty@2x1<1"), duty_roster=True)
    day, number, (bureau, later) = _rosters(api)
    # When a question is asked at 大余 and one at 信丰
    dayu = _ask_at(api, DAYU, "oDayu")
    xinfeng = _ask_at(api, "360722", "oXinfeng")
    # Then each went to its own bureau's duty lawyer
    assert _duty_dispatches(dayu) == ["DY0"]
    assert _duty_dispatches(xinfeng) == ["LX0"]
    # And each roster has its bureau's key
    assert DutyShift.get(f"DUTY#{DAYU}#{day}", f"SHIFT#{number}").lawyer_ids == ["DY0"]
    assert DutyShift.get(f"DUTY#360722#{day}", f"SHIFT#{number}").lawyer_ids == ["LX0"]

    # When 大余's staff change the shift and the sweep runs the 2-minute step
    duty.set_shift(day, number, later, staff_id="s1", bureau=bureau,
                   ctx=context(api.services, api.services.clock.now()))
    api.sweep(3)
    # Then the 大余 question's rescue step went to 大余's duty lawyer, never to 信丰's
    assert _duty_dispatches(dayu) == ["DY0", "DY1"]
    assert _duty_dispatches(xinfeng) == ["LX0"]


def test_a_roster_saved_before_regions_were_checked_does_not_reach_a_lawyer_outside_the_bureau(api):
    # Given 信丰's current shift as saved before the duty PUT refused lawyers outside the bureau's
    # regions: 大余's DY0 (who serves nothing at 信丰) beside 信丰's own LX0
    tune(api.services, tiers=parse_tiers("duty@0x2"), duty_roster=True)
    add_lawyer("DY0", DAYU, CITY, PROVINCE)
    now = api.services.clock.now()
    day, number, _ = shift_at(now, api.services.settings.consultation.duty_shift_hours)
    DutyShift(day=day, shift=number, lawyer_ids=["DY0", "LX0"], bureau="360722").save()
    # When a question is asked at 信丰
    xinfeng = _ask_at(api, "360722", "oXinfeng")
    # Then only the lawyer who serves 信丰 is notified from the roster
    assert _duty_dispatches(xinfeng) == ["LX0"]
