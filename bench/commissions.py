"""Commission rounds' cost on DynamoDB Local: DynamoDB items read to run each push round of one
commission (issue 12: picking a round among 16,000 lawyers reads about what one round needs), with
the seeds' lawyer pool at two sizes. Items are counted as in bench/dispatch.py (a Query's
ScannedCount, a GetItem's item, a BatchGetItem's items).

    python -m bench.commissions [--small 160] [--large 16000] [--commissions 3] [--per-month 300]
    python -m bench.commissions --reads-only      # the staff figures and the lawyer's list alone

The reads of the lawyer's page and of the staff figures are measured too: with `--per-month`
commissions of 信丰 in each of three months (and as many of another bureau), the items read for one
month's figures (AP-201, plus the open list AP-97 and the county names) and for a lawyer's list of
the commissions they hold (AP-200).
"""
import argparse
import functools
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
                          category_known=lambda code: True, read_catalogue=lambda bureau: None)
        for name, minutes in ROUNDS:
            later = from_services(services, START + timedelta(minutes=minutes))
            before = len(db.offers(c.id))
            _, items = counter.measure(lambda: rounds.advance(c.id, later, picks.candidates))
            costs[name].append(items)
            offered[name] += len(db.offers(c.id)) - before
    return {"lawyers": lawyers, "load_seconds": seconds, "costs": costs, "offered": offered}


STATUSES = ("offered", "accepted", "confirmed", "in_service", "completed", "lapsed", "expired",
            "cancelled")
MONTHS = ("2026-01", "2026-02", "2026-03")


def _commission(n, bureau, month, lawyer_id):
    from chalicelib.db.commissions import Commission

    status = STATUSES[n % len(STATUSES)]
    created = f"{month}-{1 + n % 27:02d}T0{n % 10}:00:00Z"
    held = status not in ("offered", "lapsed", "expired")
    return Commission(id=f"WT{month.replace('-', '')}-{bureau}{n:05d}", openid=f"oBench{n}",
                      bureau=bureau, status=status, created_at=created, county=bureau,
                      category="labor", service="文书代写", summary="请代写起诉状",
                      other_party=f"某某公司{n}", other_party_key=f"某某公司{n}", round=1,
                      pushed_at=created, lawyer_id=lawyer_id if held else None,
                      accepted_at=created if held else None, first_accepted_at=created if held else None)


def read_costs(endpoint, per_month):
    """Items read for one month's staff figures and for a lawyer's own list, `per_month`
    commissions of 信丰 (and of 大余) in each of three months, one lawyer holding 1 in 4 held ones."""
    from chalicelib.commissions import stats
    from chalicelib.db import commissions as db, queries
    from chalicelib.db.base import Item

    table = "bench-commission-reads"
    bind(table, endpoint)
    load_pool(table, 0)
    quiet(bind(table, endpoint))
    counter = install_counter()
    for bureau in (COUNTY, "360723"):
        with Item.batch_write() as batch:
            for month in MONTHS:
                for n in range(per_month):
                    batch.save(_commission(n, bureau, month, f"L{n % 4}"))
    figures, items = counter.measure(lambda: stats.month_stats(
        COUNTY, "2026-02", [COUNTY], START, read_month=db.bureau_created_between,
        read_open=lambda b: db.bureau_queue(b, "offered"),
        county_name=functools.lru_cache(maxsize=None)(lambda code: queries.region(code).name)))
    held, held_items = counter.measure(lambda: db.lawyer_commissions("L0"))
    return {"figures": items, "month": figures["total"]["offered"], "open": len(figures["open"]),
            "stored": 2 * len(MONTHS) * per_month, "held": len(held), "held_items": held_items}


def print_reads(found):
    print(f"staff figures of one month: {found['figures']} items read for {found['month']} "
          f"commissions of the month + {found['open']} open (of {found['stored']} stored)")
    print(f"a lawyer's own list: {found['held_items']} items read for {found['held']} commissions")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=160)
    parser.add_argument("--large", type=int, default=16000)
    parser.add_argument("--commissions", type=int, default=3)
    parser.add_argument("--per-month", type=int, default=300)
    parser.add_argument("--reads-only", action="store_true")
    args = parser.parse_args(argv)
    with dynamodb_local(heap="1500m") as endpoint:
        print_reads(read_costs(endpoint, args.per_month))
        for size in () if args.reads_only else (args.small, args.large):
            found = round_costs(endpoint, size, args.commissions)
            print(f"{found['lawyers']} lawyers (loaded in {found['load_seconds']:.0f} s):")
            for name, items in found["costs"].items():
                mean = sum(items) / len(items)
                print(f"  {name}: {mean:.0f} items read a round, "
                      f"{found['offered'][name] / args.commissions:.1f} lawyers offered")


if __name__ == "__main__":
    main()
