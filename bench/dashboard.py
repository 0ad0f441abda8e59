"""The staff dashboard's and the monthly report's cost on DynamoDB Local: DynamoDB calls and items
read per dashboard of a county's month (about 20 questions a day, design §7: "about 31 + 12 + 8
queries"), its time in-process, and the time to write one MonthlyReport. Two bureaus share the
legacy day partitions, as before the migration, so the figures include the legacy reads.

Three views of the same month: before the sweep has reported any ended month (every ledger month
read live), with the ended months reported (their payouts from the reports' ledger figures), and
the same with the legacy reads off (`LEGACY_READS=off`, after `m010 --contract`).

    python -m bench.dashboard [--per-day 20]
"""
import os
import argparse
import random
import statistics
import time
from datetime import datetime, timedelta, timezone

from bench.local_table import Unavailable, dynamodb_local, point_environment_at
from bench.webhook import CallCounter

BUREAUS = ("360722", "360723")
NOW = datetime(2026, 3, 31, 15, 0, tzinfo=timezone.utc)  # 23:00 China time, the month's last day


def seed(per_day, rng):
    from chalicelib.clock import iso
    from chalicelib.db.consultations import Consultation

    with Consultation.batch_write() as batch:
        for day in range(31):
            for bureau in BUREAUS:
                for n in range(per_day):
                    at = datetime(2026, 3, 1, tzinfo=timezone.utc) + timedelta(days=day, minutes=rng.randrange(1440))
                    if at > NOW:
                        continue
                    first = rng.choice([rng.randrange(20, 600)] * 19 + [rng.randrange(600, 3000)])
                    batch.save(Consultation(
                        id=f"ZX{bureau}{day:02d}{n:03d}", openid=f"o{n}", category=rng.choice(["labor", "marriage_family"]),
                        question="问题", source="h5", county=bureau, status="answering", created_at=iso(at),
                        bureau=bureau, first_response_seconds=first, answer_count=1,
                        awarded_answer_id="a" if rng.random() < 0.6 else None, payout_fen=5000,
                        rating=rng.choice([None, 4, 5])))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--per-day", type=int, default=20)
    args = parser.parse_args(argv or [])
    try:
        server = dynamodb_local()
        endpoint = server.__enter__()
    except Unavailable as exc:
        print(f"dashboard: skipped ({exc})")
        return
    try:
        run(endpoint, args.per_day)
    finally:
        server.__exit__(None, None, None)


def run(endpoint, per_day):
    point_environment_at(endpoint, "bench-dashboard")
    from chalicelib.db.schema import table_definition
    from chalicelib.reports import dashboard, monthly
    from chalicelib.wiring import Services, use

    services = use(Services())
    services.dynamodb().create_table(**table_definition("bench-dashboard"))
    services.table()
    seed(per_day, random.Random(10))
    counter = CallCounter()
    with counter.installed():
        view(counter, "dashboard (no month reported)", dashboard)
        job = monthly.new_job(BUREAUS[0], NOW - timedelta(days=1))
        mark, started = len(counter.calls), time.perf_counter()
        monthly.run_job(job, NOW + timedelta(hours=2), 600)
        report_ms = (time.perf_counter() - started) * 1000
        report_calls = counter.since(mark)
    print(f"monthly_report: dynamodb_calls={len(report_calls)} ms={report_ms:.0f}")
    report_ended_months(monthly)
    with counter.installed():
        view(counter, "dashboard (ended months reported)", dashboard)
        os.environ["LEGACY_READS"] = "off"
        from chalicelib.settings import reset_settings
        reset_settings()
        view(counter, "dashboard (reported, LEGACY_READS=off)", dashboard)


def report_ended_months(monthly):
    """The sweep's reports of the 11 months before March, as its ReportJob writes them."""
    from chalicelib.db import reports

    for n in range(11, 0, -1):
        month = monthly.add_months("2026-03", -n)
        job = reports.ReportJob(bureau=BUREAUS[0], month=month, due_at="")
        monthly.run_job(job, monthly.due_at(month), 600, advance=lambda *args: None)


def view(counter, label, dashboard, runs=5):
    times = []
    for _ in range(runs):
        mark, started = len(counter.calls), time.perf_counter()
        body = dashboard.dashboard(BUREAUS[0], "2026-03", NOW, 600)
        times.append((time.perf_counter() - started) * 1000)
        calls = counter.since(mark)
    print(f"{label}: questions={body['summary']['questions']} dynamodb_calls={len(calls)} "
          f"({', '.join(f'{op}={calls.count(op)}' for op in sorted(set(calls)))}) "
          f"median_ms={statistics.median(times):.0f} max_ms={max(times):.0f}")


if __name__ == "__main__":
    main()
