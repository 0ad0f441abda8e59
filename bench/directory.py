"""The lawyers' directory's cost on DynamoDB Local: DynamoDB items read for one page of a county's
directory (issue 12: `GET /api/lawyers?county=…`, no Scan) and for a profile, with the seeds' lawyer
pool at two sizes. Every lawyer of the county is given counters and a published item first, so the
batch get reads what a live county holds. Items are counted as in bench/dispatch.py (a Query's
ScannedCount, a GetItem's item, a BatchGetItem's items).

    python -m bench.directory [--small 160] [--large 16000]
"""
import argparse
from types import SimpleNamespace

from bench.dispatch import bind, install_counter, load_pool
from bench.local_table import dynamodb_local

COUNTY = "360722"
CASES = (("county, by stars", {"county": COUNTY}),
         ("county, by response", {"county": COUNTY, "sort": "response"}),
         ("county + specialty + service", {"county": COUNTY, "specialty": "labor",
                                           "service": "labor_arbitration"}),
         ("county, page 2", {"county": COUNTY, "page": 2}))


def give_figures(lawyers):
    """Counters and one published item for each of the county's lawyers (what a live county has)."""
    from chalicelib.db.directory import LawyerServices
    from chalicelib.db.payouts import LawyerStats

    for n, lawyer in enumerate(lawyers):
        LawyerStats(lawyer_id=lawyer.lawyer_id, answers=n, awards=n // 3, ratings=n // 2,
                    recent_responses=[60 * (n % 9 + 1)]).save()
        LawyerServices(lawyer_id=lawyer.lawyer_id, bureau=COUNTY, items=[{
            "code": "labor_arbitration", "negotiable": n % 2 == 0, "min_yuan": None if n % 2 == 0 else 800,
            "max_yuan": None if n % 2 == 0 else 3000, "includes": "代理劳动仲裁至裁决"}]).save()


def directory_costs(endpoint, lawyers):
    from chalicelib.db import pools
    from chalicelib.directory import listing

    table = f"bench-directory-{lawyers}"
    bind(table, endpoint)
    seconds = load_pool(table, lawyers)
    bind(table, endpoint)
    county = pools.lawyers_of_county(COUNTY)
    give_figures(county)
    bureau = SimpleNamespace(code=COUNTY, regions=[COUNTY])
    counter = install_counter()
    costs = {}
    for name, query in CASES:
        page, items = counter.measure(lambda: listing.directory(bureau, query))
        costs[name] = (items, page["total"], len(page["items"]))
    best = listing.directory(bureau, {"county": COUNTY})["items"][0]["id"]
    _, items = counter.measure(lambda: listing.profile(bureau, best))
    costs["a profile"] = (items, 1, 1)
    return {"lawyers": lawyers, "county": len(county), "load_seconds": seconds, "costs": costs}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=160)
    parser.add_argument("--large", type=int, default=16000)
    args = parser.parse_args(argv)
    with dynamodb_local(heap="1500m") as endpoint:
        for size in (args.small, args.large):
            found = directory_costs(endpoint, size)
            print(f"{found['lawyers']} lawyers, {found['county']} in {COUNTY} "
                  f"(loaded in {found['load_seconds']:.0f} s):")
            for name, (items, total, shown) in found["costs"].items():
                print(f"  {name}: {items} items read ({total} listed, {shown} on the page)")


if __name__ == "__main__":
    main()
