"""Dispatch and sweep cost on DynamoDB Local: DynamoDB items read per dispatch with 160 lawyers and
with 16,000 (target ratio ≤ 1.5), and items read by `sweep_due` with 10 due consultations alone and
beside 100,000 closed ones (target ratio ≤ 1.2).

Items read are counted by a botocore `after-call` hook on the models' client: a Query counts its
ScannedCount, a GetItem its item, a BatchGetItem every item returned. The lawyer pools come from the
seeds' generator; the closed consultations are written with BatchWriteItem on threads. A private
in-memory DynamoDB Local is started and stopped (bench/local_table.py).

    python -m bench.dispatch [--small 160] [--large 16000] [--closed 100000] [--consultations 10]
"""
import argparse
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

from bench.local_table import dynamodb_local, point_environment_at

START = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)  # 10:00 in Beijing, a Monday
COUNTY, CATEGORY = "360722", "labor"
QUESTION = "公司拖欠我三个月工资一共九千元，还把我辞退了，我该怎么要回来？（{n}）"


class ItemsRead:
    """Items DynamoDB read for the models, by operation, from a botocore after-call hook."""

    def __init__(self):
        self.items, self.calls, self.by_operation = 0, 0, {}

    def __call__(self, parsed=None, model=None, **_):
        operation = model.name if model else ""
        before = self.items
        if operation in ("Query", "Scan"):
            self.items += int(parsed.get("ScannedCount", parsed.get("Count", 0)))
        elif operation == "GetItem":
            self.items += 1 if parsed.get("Item") else 0
        elif operation in ("BatchGetItem", "TransactGetItems"):
            responses = parsed.get("Responses", {})
            self.items += sum(len(v) for v in responses.values()) if isinstance(responses, dict) \
                else len(responses)
        self.calls += 1
        self.by_operation[operation] = self.by_operation.get(operation, 0) + self.items - before

    def measure(self, fn):
        before = self.items
        result = fn()
        return result, self.items - before


def install_counter():
    from chalicelib.db.base import Item

    counter = ItemsRead()
    Item._get_connection().connection.client.meta.events.register("after-call.dynamodb", counter)
    return counter


def bind(table_name, endpoint):
    """Point the app's code at `table_name` and return fresh services (a fixed clock at START)."""
    from chalicelib.clock import FixedClock
    from chalicelib.wiring import Services, use

    point_environment_at(endpoint, table_name)
    services = use(Services(clock=FixedClock(START)))
    services.table()
    return services


def load_pool(table_name, lawyers):
    from seeds.load import load_all

    started = time.perf_counter()
    load_all(table_name, only=["categories", "regions", "lawyers"], lawyer_count=lawyers,
             method="batch", threads=4, progress=lambda line: None)
    return time.perf_counter() - started


def quiet(services):
    """Deliveries are not measured here (nor attempted): the outbox keeps what dispatch queues,
    and the categories are read afresh, so every measured run pays for them alike."""
    from chalicelib import after_commit
    from chalicelib.consultations import context

    after_commit.soon = lambda entity, ids, container: 0
    context._category_cache.clear()
    return services


# -- dispatch -------------------------------------------------------------------------------------
def dispatch_costs(endpoint, lawyers, consultations):
    """Items read per dispatch step: at start, then by the sweep at +3 min (the city and province
    step) and at +6 min (the national steps due by then), none answered so every step runs."""
    from chalicelib.consultations import intake, lifecycle, sla
    from chalicelib.consultations.context import context
    from chalicelib.consultations.dispatch import region_chain
    from chalicelib.db import consultations as db

    table = f"bench-dispatch-{lawyers}"
    services = bind(table, endpoint)
    seconds = load_pool(table, lawyers)
    services = quiet(bind(table, endpoint))
    counter = install_counter()
    steps = {"tier 1 (county)": [], "tier 2 (city, province)": [], "tier 3 (national)": []}
    notified = {name: 0 for name in steps}
    ids = []
    ctx = context(services, START)
    for n in range(consultations):
        c = intake.submit(openid=f"oBench{n:04d}", question=QUESTION.format(n=n), category=CATEGORY,
                          county=COUNTY, ctx=ctx, region_of=region_chain)
        _, items = counter.measure(lambda: lifecycle.start(c.id, ctx))
        steps["tier 1 (county)"].append(items)
        notified["tier 1 (county)"] += db.consultation(c.id).dispatched
        ids.append(c.id)
    for name, minutes in (("tier 2 (city, province)", 3), ("tier 3 (national)", 6)):
        later = context(services, START + timedelta(minutes=minutes))
        for cid in ids:
            before = db.consultation(cid)
            count = before.dispatched
            _, items = counter.measure(lambda: sla.advance(before, later))
            steps[name].append(items)
            notified[name] += db.consultation(cid).dispatched - count
    return {"lawyers": lawyers, "load_seconds": seconds, "steps": steps, "notified": notified}


# -- sweep ----------------------------------------------------------------------------------------
def due_consultations(count, tag):
    """`count` consultations answering for 4 minutes with their second tier due at START."""
    from chalicelib.consultations.plan import format_tiers
    from chalicelib.clock import iso
    from chalicelib.db.consultations import Consultation
    from chalicelib.settings import ConsultationPolicy

    opened = START - timedelta(minutes=4)
    policy = ConsultationPolicy()
    for n in range(count):
        Consultation(id=f"ZX20260302-{tag}{n:03d}", openid=f"oDue{tag}{n}", category=CATEGORY,
                     question=QUESTION.format(n=n), source="h5", county=COUNTY, city="360700",
                     province="360000", status="answering", created_at=iso(opened), counted=True,
                     plan=format_tiers(policy.tiers), tiers_done=2,
                     next_tier_at=iso(opened + timedelta(minutes=3)),
                     staff_alert_at=iso(opened + timedelta(minutes=9)),
                     auto_close_at=iso(opened + timedelta(days=7))).save()


def closed_consultations(endpoint, table, count, threads=8):
    """`count` closed consultations (no pending work: outside the DUE index) by BatchWriteItem."""
    import boto3
    from botocore.config import Config

    from chalicelib.db.consultations import Consultation

    client = boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1",
                          config=Config(max_pool_connections=threads * 2, retries={"max_attempts": 8}))

    def item(n):
        day = START - timedelta(days=1 + n % 300)
        stamp = day.strftime("%Y-%m-%dT%H:%M:%SZ")
        return Consultation(id=f"ZX{day:%Y%m%d}-C{n:06d}", openid=f"oOld{n % 5000}", category=CATEGORY,
                            question=QUESTION.format(n=n), source="chat", county=COUNTY,
                            status="closed", created_at=stamp, closed_at=stamp, answer_count=3,
                            close_reason="unawarded").serialize()

    def write(start):
        requests = [{"PutRequest": {"Item": item(n)}} for n in range(start, min(start + 25, count))]
        while requests:
            answer = client.batch_write_item(RequestItems={table: requests})
            requests = answer.get("UnprocessedItems", {}).get(table, [])
    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(write, range(0, count, 25)))
    return time.perf_counter() - started


def sweep_cost(endpoint, table, lawyers, due, closed):
    """Items read by one sweep_due of `due` consultations, in a table holding the lawyer pool and
    `closed` closed consultations besides (each table starts from the same pool)."""
    from chalicelib import sweep, wiring
    from chalicelib.db.queries import due_items
    # Deliveries are not measured here: the sweep holds the notifications dispatch queues.
    handlers = {**wiring.due_handlers(), "Notification": sweep.Due(lambda item, now, container: "held")}
    bind(table, endpoint)
    load_pool(table, lawyers)
    seconds = closed_consultations(endpoint, table, closed) if closed else 0.0
    services = quiet(bind(table, endpoint))
    counter = install_counter()
    due_consultations(due, "A")
    report, items = counter.measure(lambda: sweep.run(START, services, due_items, handlers))
    return items, report["handled"], counter.by_operation, seconds


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=160)
    parser.add_argument("--large", type=int, default=16_000)
    parser.add_argument("--consultations", type=int, default=10)
    parser.add_argument("--due", type=int, default=10)
    parser.add_argument("--closed", type=int, default=100_000)
    parser.add_argument("--sweep-lawyers", type=int, default=1_600)
    args = parser.parse_args(argv)
    with dynamodb_local(heap="1500m") as endpoint:
        small = dispatch_costs(endpoint, args.small, args.consultations)
        large = dispatch_costs(endpoint, args.large, args.consultations)
        print(f"Dispatch: DynamoDB items read per step, mean over {args.consultations} consultations")
        print(f"  {'step':25} {args.small:>8,} lawyers {args.large:>8,} lawyers  ratio   "
              f"lawyers notified   items per lawyer notified")
        for name in small["steps"]:
            a, b = _mean(small["steps"][name]), _mean(large["steps"][name])
            na, nb = small["notified"][name], large["notified"][name]
            pa, pb = sum(small["steps"][name]) / max(na, 1), sum(large["steps"][name]) / max(nb, 1)
            print(f"  {name:25} {a:16.1f} {b:16.1f} {b / a if a else float('nan'):6.2f}   "
                  f"{na:>6} / {nb:<6}    {pa:6.1f} / {pb:<6.1f}")
        total_a = sum(map(sum, small["steps"].values()))
        total_b = sum(map(sum, large["steps"].values()))
        dispatch_ratio = total_b / total_a
        print(f"  all steps: {total_a / args.consultations:.1f} vs {total_b / args.consultations:.1f} "
              f"items per consultation, ratio {dispatch_ratio:.2f} (target <= 1.5); pools loaded in "
              f"{small['load_seconds']:.0f} s / {large['load_seconds']:.0f} s")
        alone, handled_a, ops_a, _ = sweep_cost(endpoint, "bench-sweep-alone", args.sweep_lawyers,
                                                args.due, 0)
        beside, handled_b, ops_b, seconds = sweep_cost(endpoint, "bench-sweep-beside",
                                                       args.sweep_lawyers, args.due, args.closed)
        sweep_ratio = beside / alone
        print(f"Sweep: items read by one sweep_due with {args.due} due consultations "
              f"(second tier due; {args.sweep_lawyers:,} lawyers)")
        print(f"  alone: {alone} items {_ops(ops_a)}; handled {handled_a}")
        print(f"  beside {args.closed:,} closed: {beside} items {_ops(ops_b)}; handled {handled_b}; "
              f"written in {seconds:.0f} s")
        print(f"  ratio {sweep_ratio:.2f} (target <= 1.2)")
    print(f"dispatch_items_ratio={dispatch_ratio:.2f} sweep_items_ratio={sweep_ratio:.2f}")


def _ops(by_operation):
    return "(" + ", ".join(f"{op} {n}" for op, n in sorted(by_operation.items()) if n) + ")"


def _mean(values):
    return sum(values) / len(values) if values else 0.0


if __name__ == "__main__":
    main()
