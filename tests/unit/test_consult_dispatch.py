"""Fair choice within a tier, with a hand-written pool (no AWS): fairness order is the pool's,
already-notified lawyers, lawyers at their limit and the citizen themself are skipped, a later
source only fills what an earlier one could not, and reads stay bounded by the counts."""
from datetime import datetime, timezone
from types import SimpleNamespace

from chalicelib.consultations.context import Ctx
from chalicelib.consultations.dispatch import choose
from chalicelib.settings import ConsultationPolicy, Tier

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def lawyer(lawyer_id, county="360722", open_questions=0, specialties=("labor",), openid=None):
    return SimpleNamespace(lawyer_id=lawyer_id, county=county, openid=openid or f"o{lawyer_id}",
                           specialties=list(specialties), open_questions=open_questions,
                           max_open_questions=5)


class FakePool:
    """Pools as ordered lists of lawyers (fairest first); records every read and its limit."""

    def __init__(self, pools):
        self.pools, self.reads, self.profile_reads = pools, [], []
        self.by_id = {l.lawyer_id: l for pool in pools.values() for l in pool}

    def lawyers_for_dispatch(self, level, code, category, limit, start_after=None):
        self.reads.append((level, limit))
        pool, start = self.pools.get(level, []), start_after or 0
        page = [SimpleNamespace(lawyer_id=l.lawyer_id) for l in pool[start:start + limit]]
        return page, (start + limit if start + limit < len(pool) else None)

    def profiles(self, ids):
        self.profile_reads.append(list(ids))
        return {i: self.by_id[i] for i in ids if i in self.by_id}


def consultation(openid="oCitizen"):
    return SimpleNamespace(id="ZX1", openid=openid, category="labor", county="360722",
                           city="360700", province="360000")


def ctx():
    return Ctx(now=NOW, policy=ConsultationPolicy(pool_slack=2))


def test_the_fairest_lawyers_of_the_pool_are_chosen_in_its_order():
    pool = FakePool({"county": [lawyer(f"L{n}") for n in range(10)]})
    picks = choose(consultation(), 0, Tier(("county",), 0, 3), set(), ctx(), pool=pool)
    assert [p.lawyer.lawyer_id for p in picks] == ["L0", "L1", "L2"]
    assert {p.source for p in picks} == {"county"}


def test_lawyers_already_notified_at_their_limit_or_asking_themselves_are_skipped():
    # Given a pool whose first lawyers were notified already, are full, or are the citizen
    pool = FakePool({"city": [lawyer("L0"), lawyer("L1", open_questions=5),
                              lawyer("L2", openid="oCitizen"), lawyer("L3", specialties=("criminal",)),
                              lawyer("L4"), lawyer("L5"), lawyer("L6")]})
    exclude = {"L0"}
    # When two are chosen
    picks = choose(consultation(), 1, Tier(("city",), 3, 2), exclude, ctx(), pool=pool)
    # Then the next eligible ones are, and they join the exclusions
    assert [p.lawyer.lawyer_id for p in picks] == ["L4", "L5"]
    assert exclude == {"L0", "L4", "L5"}
    # And the pool was read page by page past the ineligible ones, not all at once
    assert pool.reads == [("city", 2 + 2), ("city", 2 + 2)]


def test_a_pool_full_of_ineligible_lawyers_is_read_a_bounded_number_of_pages():
    pool = FakePool({"county": [lawyer(f"L{n}", open_questions=5) for n in range(1000)]})
    assert choose(consultation(), 0, Tier(("county",), 0, 3), set(), ctx(), pool=pool) == []
    assert pool.reads == [("county", 3 + 2)] * 3


def test_reads_are_bounded_by_the_count_and_the_slack_not_the_pool():
    pool = FakePool({"national": [lawyer(f"L{n}", county="110101") for n in range(16000)]})
    choose(consultation(), 2, Tier(("national",), 6, 5), {"X1", "X2", "X3"}, ctx(), pool=pool)
    assert pool.reads == [("national", 5 + 2)]
    assert pool.profile_reads == [[f"L{n}" for n in range(7)]]


def test_a_later_source_fills_only_what_the_earlier_could_not():
    pool = FakePool({"city": [lawyer("C1")], "province": [lawyer(f"P{n}") for n in range(5)]})
    picks = choose(consultation(), 1, Tier(("city", "province"), 3, 3), set(), ctx(), pool=pool)
    assert [(p.source, p.lawyer.lawyer_id) for p in picks] == [
        ("city", "C1"), ("province", "P0"), ("province", "P1")]


def test_duty_lawyers_come_from_the_roster_whatever_their_specialty_or_load():
    duty_lawyer = lawyer("D1", specialties=("criminal",), open_questions=5)
    pool = FakePool({"county": [lawyer("L0")], "roster": [duty_lawyer]})
    picks = choose(consultation(), 0, Tier(("duty", "county"), 0, 2), set(), ctx(), pool=pool,
                   duty=lambda ctx, exclude, bureau=None: (["D1"], "2026-03-02T10"))
    assert [(p.source, p.lawyer.lawyer_id, p.duty_hour) for p in picks] == [
        ("duty", "D1", "2026-03-02T10"), ("county", "L0", None)]


def test_a_rostered_lawyer_who_no_longer_serves_the_bureau_is_skipped_and_logged(monkeypatch):
    # Given a roster saved before the duty PUT checked regions: D1 lives in another province and
    # serves none of the bureau's counties; D2 lives elsewhere but serves one of them; D3 is local
    away = lawyer("D1", county="110101")
    serving = SimpleNamespace(**vars(lawyer("D2", county="110102")), serves=["360722"])
    local = lawyer("D3", county="360723")
    pool = FakePool({"roster": [away, serving, local], "county": [lawyer("L0")]})
    logged = []
    monkeypatch.setattr("chalicelib.consultations.duty.log",
                        lambda event, **fields: logged.append((event, fields)))
    context = Ctx(now=NOW, policy=ConsultationPolicy(pool_slack=2),
                  bureau_regions={"360722": ["360722", "360723"]}.get)
    c = SimpleNamespace(**vars(consultation()), bureau="360722")
    # When the duty tier picks three from the roster, then the county fills what is left
    picks = choose(c, 0, Tier(("duty", "county"), 0, 3), set(), context, pool=pool,
                   duty=lambda ctx, exclude, bureau=None: (["D1", "D2", "D3"], "2026-03-02T10"))
    # Then the lawyer outside the bureau is not notified; the others are, and the county fills in
    assert [(p.source, p.lawyer.lawyer_id) for p in picks] == [
        ("duty", "D2"), ("duty", "D3"), ("county", "L0")]
    # And the skip is logged with who, where and for which question (no personal data)
    assert [(event, fields["lawyer_id"], fields["bureau"], fields["consultation_id"])
            for event, fields in logged] == [("duty_lawyer_outside_bureau", "D1", "360722", "ZX1")]


def test_a_roster_is_taken_as_saved_when_the_bureaus_counties_are_not_known():
    # Given a context that cannot tell the bureau's counties (a bare one, as the SLA simulation's)
    pool = FakePool({"roster": [lawyer("D1", county="110101")]})
    # When the duty tier runs, Then the rostered lawyer is notified as before
    picks = choose(consultation(), 0, Tier(("duty",), 0, 1), set(), ctx(), pool=pool,
                   duty=lambda ctx, exclude, bureau=None: (["D1"], "2026-03-02T10"))
    assert [p.lawyer.lawyer_id for p in picks] == ["D1"]
