"""The directory's rules without a table (chalicelib/directory): who is listed, filters, the three
rankings and their ties, paging, the public entry's allow-list, the catalogue's and a lawyer's
items' checks, and the figures a profile shows."""
from types import SimpleNamespace

import pytest

from chalicelib.db.directory import LawyerServices
from chalicelib.db.models import Lawyer
from chalicelib.db.payouts import LawyerStats, recent_after
from chalicelib.directory import catalogue, listing, offerings
from chalicelib.directory.figures import figures, median_response, response_text
from chalicelib.errors import Invalid, NotFound

COUNTY, OTHER = "360722", "360702"
BUREAU = SimpleNamespace(code=COUNTY, regions=[COUNTY])


def lawyer(lawyer_id, stars=4.0, specialties=("labor",), **extra):
    fields = dict(lawyer_id=lawyer_id, name=f"律师{lawyer_id}", licence_no=f"L{lawyer_id}", firm="某律所",
                  county=COUNTY, city="360700", province="360000", specialties=list(specialties),
                  stars=stars, openid=f"o{lawyer_id}", mobile="13900000000", years_in_practice=6)
    fields.update(extra)
    return Lawyer(**fields)


def reads(lawyers, stats=None, services=None, stored_catalogue=None):
    stats, services = stats or {}, services or {}
    seen = []

    def extras(ids):
        seen.append(list(ids))
        return ({i: stats[i] for i in ids if i in stats}, {i: services[i] for i in ids if i in services})
    found = listing.Reads(
        profiles=lambda counties: [p for p in lawyers if p.county in counties],
        profile=lambda i: next((p for p in lawyers if p.lawyer_id == i), None),
        extras=extras, catalogue=lambda bureau: stored_catalogue,
        categories=lambda: [SimpleNamespace(code="labor", name="劳动争议"),
                            SimpleNamespace(code="family", name="婚姻家庭")],
        region=lambda code: SimpleNamespace(name="信丰县"))
    found.seen = seen
    return found


def published(lawyer_id, *items):
    return LawyerServices(lawyer_id=lawyer_id, bureau=COUNTY, items=list(items))


def offer(code, low=None, high=None, includes="起草文书一份"):
    return {"code": code, "negotiable": low is None, "min_yuan": low, "max_yuan": high, "includes": includes}


def ids(page):
    return [i["id"] for i in page["items"]]


def test_only_active_following_bound_lawyers_are_listed():
    # Given lawyers in every state of the lifecycle
    found = [lawyer("OK"), lawyer("ABSENT", status=None), lawyer("P", status="paused"),
             lawyer("S", status="suspended"), lawyer("V", status="pending_verification"),
             lawyer("U", follows=False), lawyer("NB", openid=None), lawyer("F", follows=True)]
    # When the directory is read
    page = listing.directory(BUREAU, {}, reads(found))
    # Then only those a citizen can reach are there
    assert sorted(ids(page)) == ["ABSENT", "F", "OK"]


def test_stars_rank_first_then_the_id_and_only_the_pages_lawyers_figures_are_read():
    found = [lawyer("B", 4.5), lawyer("A", 4.5), lawyer("C", 4.9), lawyer("D", 0)]
    found += [lawyer(f"Z{n:02d}", 3.0) for n in range(30)]
    r = reads(found, {"B": LawyerStats(lawyer_id="B", ratings=4)})
    page = listing.directory(BUREAU, {}, r)
    assert ids(page)[:4] == ["C", "A", "B", "Z00"] and page["total"] == 34
    # the counters and items of the 20 lawyers shown, not of all 34
    assert r.seen == [ids(page)] and len(ids(page)) == 20
    # and a lawyer not rated yet (0) comes after every rated one
    assert ids(listing.directory(BUREAU, {"page": 2}, r))[-1] == "D"


def test_answers_and_response_rankings_put_lawyers_without_figures_last():
    found = [lawyer("A", 4.9), lawyer("B", 4.0), lawyer("C", 4.5)]
    stats = {"B": LawyerStats(lawyer_id="B", answers=7, recent_responses=[300]),
             "C": LawyerStats(lawyer_id="C", answers=3, recent_responses=[60, 90, 4000])}
    r = reads(found, stats)
    assert ids(listing.directory(BUREAU, {"sort": "answers"}, r)) == ["B", "C", "A"]
    assert ids(listing.directory(BUREAU, {"sort": "response"}, r)) == ["C", "B", "A"]


def test_specialty_and_service_filters_and_the_county_read():
    found = [lawyer("L1"), lawyer("F1", specialties=("family",)), lawyer("L2")]
    services = {"L2": published("L2", offer("document", 100, 300))}
    r = reads(found, services=services)
    assert ids(listing.directory(BUREAU, {"specialty": "family"}, r)) == ["F1"]
    assert ids(listing.directory(BUREAU, {"service": "document"}, r)) == ["L2"]
    # the counters and items are read once, for the matching lawyers only
    assert r.seen[0] == ["F1"]


@pytest.mark.parametrize("query, code", [
    ({"county": OTHER}, "county_not_served"), ({"specialty": "tax"}, "unknown_specialty"),
    ({"service": "nothing"}, "unknown_service"), ({"sort": "money"}, "invalid_sort"),
    ({"page": "0"}, "invalid_page"), ({"page": "二"}, "invalid_page"), ({"page": "-1"}, "invalid_page")])
def test_bad_filters_are_refused_before_any_profile_is_read(query, code):
    r = reads([lawyer("A")])
    with pytest.raises(Invalid) as refused:
        listing.directory(BUREAU, query, r)
    assert refused.value.code == code and r.seen == []


def test_pages_of_twenty_and_a_page_past_the_end_shows_the_last():
    found = [lawyer(f"L{n:02d}", 5 - n / 100) for n in range(45)]
    r = reads(found)
    first, third = (listing.directory(BUREAU, {"page": p}, r) for p in (1, 3))
    assert (first["total"], first["pages"], len(first["items"])) == (45, 3, 20)
    assert ids(third) == [f"L{n:02d}" for n in range(40, 45)]
    assert listing.directory(BUREAU, {"page": 9}, r)["page"] == 3


def test_the_public_entry_is_an_allow_list_without_phone_or_openid():
    entry = listing.profile(BUREAU, "A", reads([lawyer("A")]))
    text = repr(entry)
    assert "13900000000" not in text and "oA" not in text
    assert set(entry) == {"id", "name", "firm", "photo_url", "years_in_practice", "specialties",
                          "services", "verified", "stars", "figures"}


def test_a_portrait_is_a_signed_link_of_its_key_and_none_without_one():
    # Given a lawyer with a portrait key and one without, and a signer
    with_photo, without = lawyer("A"), lawyer("B")
    with_photo.photo_key = "lawyer-photos/A/0123abcd.png"
    r = reads([with_photo, without])
    r.presign = lambda key, seconds: f"https://bucket/{key}?X-Amz-Expires={seconds}"
    # When the directory shows them
    shown = {e["id"]: e["photo_url"] for e in listing.directory(BUREAU, {}, r)["items"]}
    # Then the portrait is a ten-minute link of its key, and the other has none (the initial)
    assert shown == {"A": "https://bucket/lawyer-photos/A/0123abcd.png?X-Amz-Expires=600", "B": None}


def test_a_profile_outside_the_bureau_or_unlisted_is_not_found():
    r = reads([lawyer("OUT", county=OTHER), lawyer("P", status="paused")])
    for lawyer_id in ("OUT", "P", "NOBODY", ""):
        with pytest.raises(NotFound):
            listing.profile(BUREAU, lawyer_id, r)


def test_a_lawyer_serving_the_bureaus_county_from_elsewhere_has_a_profile_there():
    r = reads([lawyer("S", county=OTHER, serves=[COUNTY])])
    assert listing.profile(BUREAU, "S", r)["id"] == "S"


def test_catalogue_items_are_stopped_not_deleted_and_caps_are_whole_yuan():
    before = catalogue.default_items()
    kept = [{"code": i["code"], "name": i["name"]} for i in before]
    saved = catalogue.checked(kept + [{"name": " 合同  审查 ", "cap_yuan": 300}], before)
    assert saved[-1]["name"] == "合同 审查" and saved[-1]["cap_yuan"] == 300
    assert saved[-1]["code"].startswith("x") and saved[-1]["active"] is True
    for bad, code in ((kept[1:], "service_removed"), (kept + [{"name": "文书代写"}], "duplicate_name"),
                      (kept + [{"name": "甲", "cap_yuan": 1.5}], "invalid_cap"),
                      (kept + [{"name": "甲", "code": "nope"}], "unknown_service"), ([], "invalid_items")):
        with pytest.raises(Invalid) as refused:
            catalogue.checked(bad, before)
        assert refused.value.code == code


def test_a_lawyers_items_fit_the_catalogue_and_its_caps():
    entries = [{**e, "cap_yuan": 500 if e["code"] == "document" else None} for e in catalogue.default_items()]
    ok = offerings.checked([offer("document", 100, 500), offer("counsel")], entries)
    assert [o["negotiable"] for o in ok] == [False, True]
    with pytest.raises(Invalid) as over:
        offerings.checked([offer("document", 100, 501)], entries)
    assert over.value.code == "over_cap" and over.value.details[0]["cap_yuan"] == 500
    stopped = [{**e, "active": e["code"] != "counsel"} for e in entries]
    with pytest.raises(Invalid):
        offerings.checked([offer("counsel")], stopped)
    # shown publicly only while it still fits: a cap set later hides it
    assert offerings.shown([offer("document", 100, 800)], entries) == []
    assert offerings.shown([offer("counsel")], entries)[0]["price"] == "面议"


def test_figures_from_the_counters_and_the_median_of_the_latest_fifty_responses():
    stats = LawyerStats(lawyer_id="A", answers=4, awards=1, ratings=2, recent_responses=[30, 600, 90])
    assert figures(lawyer("A", 4.6), stats) == {"answers": 4, "awards": 1, "award_rate": 0.25,
                                                 "stars": 4.6, "ratings": 2, "median_response_seconds": 90}
    assert figures(lawyer("B", 0), None)["stars"] is None  # 暂无评分, not ★0.0
    kept = LawyerStats(lawyer_id="A", recent_responses=list(range(50)))
    assert recent_after(kept, 999)[-1] == 999 and len(recent_after(kept, 999)) == 50
    assert median_response(LawyerStats(lawyer_id="A")) is None
    assert [response_text(s) for s in (None, 20, 540, 5400)] == [None, "1 分钟内", "约 9 分钟", "约 1.5 小时"]
