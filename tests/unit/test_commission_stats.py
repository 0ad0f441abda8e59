"""The staff figures of commissions (issue 12, "Staff"), as rules over commissions read for them: a
commission counts in the China month it was opened, per county; accepted within an hour / a day
counts from its opening to its first accept (a declined quote does not reset it); confirmed counts
everything confirmed or later; the reasons a commission got no service; the median rating from
citizens' ratings (1–5 stars) when there are any, otherwise none (shown —)."""
from datetime import datetime, timezone
from types import SimpleNamespace

from chalicelib.commissions import stats

NOW = datetime(2026, 3, 20, 4, 0, tzinfo=timezone.utc)
XF, DY = "360722", "360702"


def commission(id_, status, created="2026-03-02T02:00:00Z", county=XF, first=None, declines=0,
               rating=None, **extra):
    return SimpleNamespace(id=id_, status=status, created_at=created, county=county,
                           first_accepted_at=first, accepted_at=extra.pop("accepted_at", None),
                           declines=declines, decline_reasons=extra.pop("decline_reasons", None),
                           rating=rating, service="劳动仲裁代理",
                           category="labor", round=extra.pop("round", 1),
                           pushed_at=extra.pop("pushed_at", created), expire_at="2026-03-05T02:00:00Z",
                           **extra)


def figures(items, open_=(), counties=(XF,)):
    asked = []

    def read_month(bureau, status, start, end):
        asked.append((bureau, status, start, end))
        return [c for c in items if c.status == status]

    found = stats.month_stats(XF, "2026-03", list(counties), NOW, read_month=read_month,
                              read_open=lambda bureau: list(open_),
                              county_name={XF: "信丰县", DY: "章贡区"}.get)
    return found, asked


def test_the_month_is_read_status_by_status_over_the_china_month():
    # When the figures of March 2026 are read
    _, asked = figures([])
    # Then every status is read once, for the bureau, from 1 March 00:00 to 1 April 00:00 China time
    assert [a[1] for a in asked] == ["offered", "accepted", "confirmed", "in_service", "completed",
                                     "lapsed", "expired", "cancelled"]
    assert {(a[0], a[2], a[3]) for a in asked} == {
        (XF, "2026-02-28T16:00:00Z", "2026-03-31T16:00:00Z")}


def test_accepted_within_an_hour_and_a_day_count_from_opening_to_the_first_accept():
    found, _ = figures([
        commission("A", "completed", first="2026-03-02T03:00:00Z"),  # exactly an hour
        commission("B", "confirmed", first="2026-03-02T03:00:01Z"),  # just over an hour
        # declined once, accepted again later: the first accept counts (within a day)
        commission("C", "accepted", first="2026-03-02T20:00:00Z", accepted_at="2026-03-03T09:00:00Z",
                   declines=1),
        commission("D", "in_service", first="2026-03-03T02:00:01Z"),  # just over a day
        commission("E", "offered"),
    ])
    row = found["counties"][0]
    assert (row["offered"], row["accepted"], row["accepted_1h"], row["accepted_1d"]) == (5, 4, 1, 3)
    # confirmed counts confirmed, in service and completed; completed only completed
    assert (row["confirmed"], row["completed"]) == (3, 1)
    assert row["why"]["quote_declined"] == 1


def test_why_a_commission_got_no_service_is_counted_by_reason():
    found, _ = figures([commission("A", "cancelled"), commission("B", "cancelled", declines=2),
                        commission("C", "expired"), commission("D", "lapsed", pushed_at=None)])
    row = found["total"]
    assert row["why"] == {"quote_declined": 2, "cancelled": 2, "expired": 1, "lapsed": 1}
    assert row["ended_without_service"] == 4
    assert set(found["why_labels"]) == set(row["why"])


def test_the_median_rating_is_over_the_rated_commissions_and_none_without_ratings():
    rated = [commission(n, "completed", rating=s) for n, s in (("A", 5), ("B", 3), ("C", 4), ("D", 2))]
    found, _ = figures(rated + [commission("E", "completed")])
    assert (found["total"]["median_rating"], found["total"]["ratings"]) == (3.5, 4)
    # Without any rating the median is None, shown as —
    assert figures([commission("A", "completed")])[0]["total"]["median_rating"] is None
    assert "stars" not in found["total"]


def test_each_county_of_the_bureau_has_a_row_even_when_empty_and_others_are_added():
    found, _ = figures([commission("A", "offered", county=DY)], counties=[XF])
    assert [(r["county"], r["county_name"], r["offered"]) for r in found["counties"]] == [
        (XF, "信丰县", 0), (DY, "章贡区", 1)]
    assert found["total"]["offered"] == 1 and found["total"]["county_name"] == "合计"


def test_the_open_list_says_what_where_and_how_long_never_who_asked():
    waiting = commission("A", "offered", created="2026-03-19T04:00:00Z", round=2,
                         openid="oSecret", contact={"name": "张三", "phone": "13800138000"})
    directed = commission("B", "offered", pushed_at=None, round=0)
    found, _ = figures([], open_=[waiting, directed])
    first, second = found["open"]
    assert (first["id"], first["county_name"], first["round"], first["waiting_hours"]) == (
        "A", "信丰县", 2, 24.0)
    assert second["directed"] is True and first["directed"] is False
    assert "oSecret" not in str(found) and "13800138000" not in str(found)


def test_declines_are_counted_by_the_reason_given_and_the_rest_as_unspecified():
    # Given one commission declined twice (too dear, then to compare), one declined once before
    # reasons were asked, and one whose stored reasons name a code no longer offered
    items = [commission("A", "offered", declines=2, decline_reasons={"price": 1, "compare": 1}),
             commission("B", "cancelled", declines=1),
             commission("C", "offered", declines=1, decline_reasons={"gone": 1})]
    # Then the county counts each reason, and the declines without a known one as unspecified
    row = figures(items)[0]["counties"][0]
    assert row["why"]["quote_declined"] == 4
    assert row["declined_why"] == {"price": 1, "scope": 0, "compare": 1, "other": 0, "unspecified": 2}
