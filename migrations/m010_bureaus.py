"""m010: move the single-bureau data of a pre-issue-10 table under the default bureau's keys.

    python -m migrations.m010_bureaus --since 2026-03-01 [--dry-run] [--reverse]
                                      [--stop-after STEP]
    python -m migrations.m010_bureaus --contract

Idempotent and resumable: each finished step is recorded in `MIGRATION#m010` / `<step>` (AP-98) and
skipped by the next run; a step cut short is simply run again (it finds only what is left). The
first run records `--since` (the go-live date) in `MIGRATION#m010` / `PLAN`, so later runs may omit
it. `--dry-run` counts every step, done or not, and writes nothing: after a run it counts 0.
`--reverse` moves every item still carrying the migration's mark back to its legacy key, last step
first, and forgets the progress. Never a Scan. docs/deploy.md has the operator's steps.

`--contract` verifies that the contract step is safe (design §8.3): every step finished, and a dry
run of every step finds no legacy item left in any partition it enumerates. It then records
`MIGRATION#m010` / `CONTRACT` and exits 0, and the operator deploys with `LEGACY_READS=off`; otherwise
it names what is left and exits 1, writing nothing.
"""
import argparse
import sys
from datetime import date

from chalicelib.clock import iso
from chalicelib.db import keys
from chalicelib.workdays import china_date
from migrations.m010_plan import PLAN
from migrations.m010_steps import Run

NAME = "m010"
PLAN_SK = "PLAN"
CONTRACT_SK = "CONTRACT"


class Progress:
    """`MIGRATION#m010` / `<step>`: which steps are done (AP-98)."""

    def __init__(self, db, table):
        self.db, self.table, self.pk = db, table, keys.migration_pk(NAME)

    def _key(self, sk):
        return {"PK": {"S": self.pk}, "SK": {"S": sk}}

    def get(self, sk):
        return self.db.get_item(TableName=self.table, Key=self._key(sk), ConsistentRead=True).get("Item")

    def since(self):
        found = self.get(PLAN_SK)
        return date.fromisoformat(found["since"]["S"]) if found else None

    def start(self, since, now):
        self.db.put_item(TableName=self.table, Item={**self._key(PLAN_SK), "since": {"S": since.isoformat()},
                                                      "started_at": {"S": iso(now)}})

    def done(self, step):
        return self.get(step) is not None

    def finish(self, step, counts, now):
        self.db.put_item(TableName=self.table, Item={
            **self._key(step), "finished_at": {"S": iso(now)}, "moved": {"N": str(counts.moved)},
            "kept_newer": {"N": str(counts.kept_newer)},
            "changed_meanwhile": {"N": str(counts.changed_meanwhile)}})

    def forget(self, sk):
        self.db.delete_item(TableName=self.table, Key=self._key(sk))


def run(services, since=None, dry_run=False, reverse=False, stop_after=None, out=print,
        slots_ahead=366):
    """Run the plan (or its reverse); returns {step: Counts} of the steps run now."""
    db, table = services.dynamodb(), services.table()
    progress, now = Progress(db, table), services.clock.now()
    since = since or progress.since()
    if since is None:
        raise SystemExit("m010: --since YYYY-MM-DD (the go-live date) is needed on the first run")
    if stop_after and stop_after not in [s.name for s in PLAN]:
        raise SystemExit(f"m010: no step {stop_after!r}; steps: {', '.join(s.name for s in PLAN)}")
    context = Run(db, table, services.settings.default_bureau, since, china_date(now), dry_run,
                  services.settings, slots_ahead)
    if not (dry_run or reverse or progress.since()):
        progress.start(since, now)
    done = {}
    for step in (list(reversed(PLAN)) if reverse else PLAN):
        if not (reverse or dry_run) and progress.done(step.name):
            out(f"{step.name}: done earlier")
        else:
            done[step.name] = counts = (step.reverse if reverse else step.forward)(context)
            if not dry_run:
                (progress.forget(step.name) if reverse else progress.finish(step.name, counts, now))
            verb = ("would move" if dry_run else "moved") + (" back" if reverse else "")
            out(f"{step.name}: {verb} {counts.moved}, kept newer "
                f"{counts.kept_newer}, changed meanwhile {counts.changed_meanwhile} ({step.summary})")
        if stop_after == step.name:
            return done
    if reverse and not dry_run:
        progress.forget(PLAN_SK)
    return done


# Steps that write new items (the default Bureau, its Account and claims; the Office items) and
# leave their source in place: their dry run counts what exists as `kept newer`, which is no legacy.
WRITES_NEW = ("default_bureau", "offices")


def _left(name, counts):
    """Legacy items a dry run of step `name` found: for a step that writes new items, those still
    to write; for every other step each legacy copy, whether it would move or be deleted."""
    if name in WRITES_NEW:
        return counts.moved
    return counts.moved + counts.kept_newer + counts.changed_meanwhile


def contract(services, out=print, slots_ahead=366):
    """Verify that no legacy item is left (every step finished, a dry run of each finds nothing) and
    record it in `MIGRATION#m010` / `CONTRACT`; True when verified. Writes nothing otherwise."""
    db, table = services.dynamodb(), services.table()
    progress, now = Progress(db, table), services.clock.now()
    if progress.since() is None:
        out("contract: refused: m010 has not run on this table (run it first)")
        return False
    unfinished = [step.name for step in PLAN if not progress.done(step.name)]
    found = run(services, dry_run=True, out=lambda line: None, slots_ahead=slots_ahead)
    left = {name: _left(name, counts) for name, counts in found.items() if _left(name, counts)}
    if unfinished or left:
        out("contract: refused: " + "; ".join(
            [f"steps not finished: {', '.join(unfinished)}"] * bool(unfinished)
            + [f"{name}: {n} legacy item(s) left" for name, n in left.items()]))
        return False
    db.put_item(TableName=table, Item={**progress._key(CONTRACT_SK), "verified_at": {"S": iso(now)},
                                        "since": {"S": progress.since().isoformat()}})
    out("contract: verified: no legacy item left; deploy with LEGACY_READS=off")
    return True


def main(argv=None):
    from chalicelib.wiring import services

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--since", type=date.fromisoformat, help="the go-live date, YYYY-MM-DD")
    parser.add_argument("--dry-run", action="store_true", help="count what would move, write nothing")
    parser.add_argument("--reverse", action="store_true",
                        help="move the migrated items back (before contract)")
    parser.add_argument("--stop-after", metavar="STEP", help="stop after this step (resume later)")
    parser.add_argument("--slots-ahead", type=int, default=366, metavar="DAYS",
                        help="how far after today to look for appointment slots (default 366)")
    parser.add_argument("--contract", action="store_true",
                        help="verify that no legacy item is left (then deploy with LEGACY_READS=off)")
    args = parser.parse_args(argv)
    if args.contract:
        return 0 if contract(services(), slots_ahead=args.slots_ahead) else 1
    run(services(), args.since, args.dry_run, args.reverse, args.stop_after,
        slots_ahead=args.slots_ahead)
    return 0


if __name__ == "__main__":
    sys.exit(main())
