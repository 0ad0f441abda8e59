"""Commission rounds' cost on DynamoDB Local: DynamoDB items read to run each push round of one
commission (issue 12: picking a round among 16,000 lawyers reads about what one round needs), with
the seeds' lawyer pool at two sizes. Items are counted as in bench/dispatch.py (a Query's
ScannedCount, a GetItem's item, a BatchGetItem's items).

    python -m bench.commissions [--small 160] [--large 16000] [--commissions 3]
"""
import argparse
from datetime import timedelta

from bench.dispatch import START, bind, install_counter, load_pool, quiet
from bench.local_table import dynamodb_local

COUNTY = "360722"
ROUNDS = (("round 1 (county top 5)", 0), ("round 2 (county next 10)", 30),
          ("round 3 (county, the rest)", 120), ("round 4 (city)", 1440))


def round_costs(endpoint, lawyers, commissions):
    from chalicelib.commissions import create, picks, rounds
    from chalicelib.commissions.env import from_services
    from chalicelib.db import commissions as db, pools

    table = f"bench-commissions-{lawyers}"
    bind(table, endpoint)
    seconds = load_pool(table, lawyers)
    services = quiet(bind(table, endpoint))
    counter = install_counter()
    costs = {name: [] for name, _ in ROUNDS}
    offered = {name: 0 for name, _ in ROUNDS}
    for n in range(commissions):
        env = from_services(services, START)
        body = {"service": "劳动仲裁代理", "summary": "请代理劳动仲裁", "category": "labor",
                "other_party": f"某某公司{n}", "county": COUNTY}
        c = create.create(f"oBench{n}", COUNTY, body, env, consultation_of=lambda i: None,
                          lawyer_of=pools.profile, region_of=picks.region_of,
                          category_known=lambda code: True)
        for name, minutes in ROUNDS:
            later = from_services(services, START + timedelta(minutes=minutes))
            before = len(db.offers(c.id))
            _, items = counter.measure(lambda: rounds.advance(c.id, later, picks.candidates))
            costs[name].append(items)
            offered[name] += len(db.offers(c.id)) - before
    return {"lawyers": lawyers, "load_seconds": seconds, "costs": costs, "offered": offered}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=160)
    parser.add_argument("--large", type=int, default=16000)
    parser.add_argument("--commissions", type=int, default=3)
    args = parser.parse_args(argv)
    with dynamodb_local(heap="1500m") as endpoint:
        for size in (args.small, args.large):
            found = round_costs(endpoint, size, args.commissions)
            print(f"{found['lawyers']} lawyers (loaded in {found['load_seconds']:.0f} s):")
            for name, items in found["costs"].items():
                mean = sum(items) / len(items)
                print(f"  {name}: {mean:.0f} items read a round, "
                      f"{found['offered'][name] / args.commissions:.1f} lawyers offered")


if __name__ == "__main__":
    main()
