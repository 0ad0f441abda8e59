"""Start the retention job of bureaus that existed before it (docs/privacy.md §2, docs/go-live.md).

    python -m chalicelib.admin.retention 360722 [360723 …] [--from 2025-12-01]

A bureau onboarded by `chalicelib.admin.bureaus` (or loaded by the seeds) has its job already; this
is for a table that had bureaus before retention shipped. `--from` is the first China day whose
consultations the job will anonymise when due (default: a year ago, which covers any pilot); the job
catches up a few days a minute. Idempotent: an existing job is left where the sweep has moved it.
"""
import argparse
import sys
from datetime import date, timedelta


def main(argv=None, out=sys.stdout):
    from chalicelib import wiring
    from chalicelib.db import privacy as db
    from chalicelib.privacy import retention
    from chalicelib.workdays import china_date

    parser = argparse.ArgumentParser(description="Start bureaus' retention jobs.")
    parser.add_argument("bureaus", nargs="+", help="bureau codes (6 digits)")
    parser.add_argument("--from", dest="first_day", type=date.fromisoformat, default=None)
    args = parser.parse_args(argv)
    container = wiring.services()
    container.table()
    now = container.clock.now()
    first = args.first_day or china_date(now) - timedelta(days=365)
    for code in args.bureaus:
        started = db.start_job(retention.new_job(code, now, first_day=first))
        print(f"{code}: {'started from ' + first.isoformat() if started else 'already running'}",
              file=out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
