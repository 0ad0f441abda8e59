"""m010 on a county's pre-issue-10 table (DynamoDB Local): the calls by operation and the seconds of
the migration, of a second run and of a dry run, for N days since go-live.

Per day a county has ~20 consultations (CONSDAY), ~30 audit entries and 3 duty shifts; ~230 payout
lines a month; 5 staff, 20 parked notifications, 40 bound lawyers; the seeds' region catalogue (the
lawyers' step walks its counties) and service catalogue (5 offices, whose slots are looked for on
every day from go-live to a year ahead). No legacy applications, slots or calendar days: their
steps cost their queries here, not their moves. Items go in raw, in the legacy shapes, with BatchWriteItem.

    python -m bench.migration [--days 180]
"""
import argparse
import time
from collections import Counter
from datetime import date, datetime, timedelta, timezone

from bench.local_table import dynamodb_local, point_environment_at

SINCE = date(2025, 9, 1)


def _raw(model, **legacy):
    raw = model.serialize()
    for name, value in legacy.items():
        raw.pop(name, None)
        if value is not None:
            raw[name] = {"S": value}
    return raw


def legacy_items(days):
    from chalicelib.db.applications import AuditEntry
    from chalicelib.db.consultations import Consultation
    from chalicelib.db.duty import DutyShift
    from chalicelib.db.messaging import Notification
    from chalicelib.db.models import Lawyer, StaffAccount
    from chalicelib.db.payouts import PayoutLine

    for n in range(40):
        yield _raw(Lawyer(lawyer_id=f"LB{n:03d}", name=f"律师{n}", licence_no=f"1{n:016d}", firm="所",
                          county="360722", city="360700", province="360000", openid=f"o-lb{n}"))
    for n in range(5):
        yield _raw(StaffAccount(staff_id=f"s{n}", name=f"员工{n}", on_duty=n == 0),
                   GSI1PK="STAFF", GSI2PK=None, GSI2SK=None)
    for n in range(20):
        yield _raw(Notification(notification_id=f"{n:032d}", idempotency_key=f"k{n}", audience="staff",
                                to_openid="o", channel="template", template_key="t", status="failed",
                                created_at="2025-09-02T00:00:00Z", failed_at=f"2025-09-02T00:{n:02d}:00Z"),
                   GSI2PK="OUTBOX_FAILED", GSI2SK=f"2025-09-02T00:{n:02d}:00Z#{n:032d}")
    for d in range(days):
        day = (SINCE + timedelta(days=d)).isoformat()
        for n in range(20):
            at, cid = f"{day}T0{n % 10}:{n:02d}:00Z", f"ZX{day.replace('-', '')}-{n:06d}"
            yield _raw(Consultation(id=cid, openid=f"o{n}", category="labor", question="问" * 40,
                                    source="h5", county="360722", status="closed", created_at=at),
                       GSI2PK=f"CONSDAY#{day}", GSI2SK=f"{at}#{cid}")
            if n < 8:  # 8 of 20 awarded: ~230 lines a month
                yield _raw(PayoutLine(month=day[:7], consultation_id=cid, answer_id=f"a{cid}",
                                      lawyer_id=f"LB{n:03d}", lawyer_name="律师", category="labor",
                                      amount_fen=4000, awarded_at=at, awarded_by="citizen"))
        for n in range(30):
            at = f"{day}T1{n % 10}:{n:02d}:00Z"
            yield _raw(AuditEntry(audit_id=f"{day}-{n}", at=at, actor="s0", action="view_application",
                                  subject=f"APP#{n}"), PK=f"AUDIT#{day}", SK=f"{at}#{day}-{n}")
        for shift in range(3):
            yield _raw(DutyShift(day=day, shift=shift, lawyer_ids=["LB000"]), PK=f"DUTY#{day}",
                       SK=f"SHIFT#{shift}")


def measure(endpoint, days):
    from chalicelib.clock import FixedClock
    from chalicelib.db.schema import table_definition
    from chalicelib.wiring import Services, use
    from migrations import m010_bureaus
    from seeds.load import load_all

    point_environment_at(endpoint, f"bench-m010-{days}")
    now = datetime.combine(SINCE + timedelta(days=days), datetime.min.time(), timezone.utc)
    services = use(Services(clock=FixedClock(now)))
    client = services.dynamodb()
    client.create_table(**table_definition(services.settings.table_name))
    load_all(services.table(), only=["regions", "catalog"], method="batch", progress=lambda line: None)
    items = list(legacy_items(days))
    for start in range(0, len(items), 25):
        client.batch_write_item(RequestItems={services.table(): [
            {"PutRequest": {"Item": raw}} for raw in items[start:start + 25]]})
    calls = Counter()
    client.meta.events.register("after-call.dynamodb", lambda model=None, **_: calls.update([model.name]))
    figures = {"days": days, "items": len(items)}
    for label, options in (("migrate", {}), ("again", {}), ("dry_run", {"dry_run": True})):
        calls.clear()
        started = time.perf_counter()
        done = m010_bureaus.run(services, since=SINCE, out=lambda line: None, **options)
        figures[label] = {"s": round(time.perf_counter() - started, 1), "calls": dict(calls),
                          "moved": sum(c.moved for c in done.values())}
    use(None)
    return figures


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, nargs="+", default=[180])
    args = parser.parse_args(argv)
    with dynamodb_local() as endpoint:
        for days in args.days:
            f = measure(endpoint, days)
            print(f"days={f['days']} legacy_items={f['items']}")
            for label in ("migrate", "again", "dry_run"):
                r = f[label]
                ops = " ".join(f"{k}={v}" for k, v in sorted(r["calls"].items()))
                print(f"  {label:8} {r['s']:>6} s  moved={r['moved']:>6}  {ops}")


if __name__ == "__main__":
    main()
