"""Payout ledger and settlement cost on DynamoDB Local (issue 10, AP-85..87): for a bureau month of
N 中标 lines, the DynamoDB calls, items read and milliseconds of reading the statement, preparing
it (maker) and approving it (checker), and of one lawyer's 12-month earnings; plus the stored size
of a line, from which a month query's read units follow (strongly consistent: 4 KB a unit).

A county answers ~20 questions a day and citizens pick in ~40% of the ~95% answered, so about 230
lines a month; 1,000 stands for a busy city bureau. Lines go in with BatchWriteItem.

    python -m bench.settlement [--lines 230 1000]
"""
import argparse
import json
import time
from datetime import datetime, timedelta, timezone

from bench.dispatch import install_counter
from bench.local_table import dynamodb_local, point_environment_at

BUREAU, MONTH, NOW = "360722", "2026-03", datetime(2026, 4, 2, 2, 0, tzinfo=timezone.utc)


def _lines(n):
    from chalicelib.db.payouts import PayoutLine

    start = datetime(2026, 3, 1, tzinfo=timezone.utc)
    for i in range(n):
        at = (start + timedelta(minutes=i * 30 * 24 * 60 // max(n, 1))).strftime("%Y-%m-%dT%H:%M:%SZ")
        yield PayoutLine(bureau=BUREAU, month=MONTH, consultation_id=f"ZX{i:08d}", answer_id=f"a{i:011d}",
                         lawyer_id=f"L{i % 40:05d}", lawyer_name="王某某律师", licence_no="13607201010000001",
                         firm="江西桃江律师事务所（信丰）", category="labor", category_name="劳动争议",
                         amount_fen=4000, awarded_at=at, awarded_by="citizen")


def _timed(counter, fn):
    calls, started = counter.calls, time.perf_counter()
    result, items = counter.measure(fn)
    return result, {"calls": counter.calls - calls, "items": items,
                    "ms": round((time.perf_counter() - started) * 1000, 1)}


def month_cost(endpoint, n):
    from chalicelib.consultations import ledger, settlement
    from chalicelib.db.payouts import PayoutLine
    from chalicelib.db.schema import table_definition
    from chalicelib.wiring import Services, use

    point_environment_at(endpoint, f"bench-settle-{n}")
    services = use(Services())
    client = services.dynamodb()
    client.create_table(**table_definition(services.settings.table_name))
    services.table()
    lines = list(_lines(n))
    with PayoutLine.batch_write() as batch:
        for line in lines:
            batch.save(line)
    counter = install_counter()
    figures = {"lines": n, "line_bytes": round(sum(len(json.dumps(x.serialize(), ensure_ascii=False).encode())
                                                   for x in lines) / n)}
    _, figures["statement"] = _timed(counter, lambda: ledger.statement(BUREAU, MONTH, NOW))
    made, figures["prepare"] = _timed(counter, lambda: settlement.prepare(BUREAU, MONTH, "maker", NOW))
    _, figures["approve"] = _timed(counter, lambda: settlement.approve(BUREAU, MONTH, "checker", made.digest, NOW))
    _, figures["earnings"] = _timed(counter, lambda: ledger.earnings("L00000", NOW, lambda code: code))
    figures["month_query_rcu"] = -(-figures["line_bytes"] * n // 4096)
    use(None)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, nargs="+", default=[230, 1000])
    args = parser.parse_args(argv)
    with dynamodb_local() as endpoint:
        results = [month_cost(endpoint, n) for n in args.lines]
    print(f"{'lines':>6} {'bytes/line':>10} {'month RCU':>9}   statement        prepare          approve          earnings (12 mo)")
    for r in results:
        cells = "  ".join(f"{r[k]['calls']:>2} calls {r[k]['items']:>5} it {r[k]['ms']:>6.0f} ms"
                          for k in ("statement", "prepare", "approve", "earnings"))
        print(f"{r['lines']:>6} {r['line_bytes']:>10} {r['month_query_rcu']:>9}   {cells}")
    last = results[-1]
    print(f"lines={last['lines']} prepare_calls={last['prepare']['calls']} prepare_items_read="
          f"{last['prepare']['items']} prepare_ms={last['prepare']['ms']} month_query_rcu={last['month_query_rcu']}")


if __name__ == "__main__":
    main()
