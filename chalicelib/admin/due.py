"""What the sweep has before it, for an operator (docs/decisions/after-commit-and-sweep-tables.md).

    python -m chalicelib.admin.due [--limit 1000]

Reads the DUE index (AP-20) up to now, oldest first, and prints one line per entity: how many are
due, the oldest due key, and `NO HANDLER` where `wiring.due_handlers()` has no row for it (also for
an entity this release has no model for). Runs against TABLE_NAME (and DYNAMODB_ENDPOINT locally),
like `make seed`. Exits 1 when anything due has no handler, so a deploy check can call it.
"""
import argparse
import sys


def backlog(items, handlers):
    """[(entity, count, oldest due key, handled?)] of the due items, oldest entity first."""
    rows = {}
    for item in items:
        entity = item.entity
        count, oldest = rows.get(entity, (0, item.DUEAT))
        rows[entity] = (count + 1, min(oldest, item.DUEAT))
    return sorted(((entity, count, oldest, entity in handlers)
                   for entity, (count, oldest) in rows.items()), key=lambda row: row[2])


def main(argv=None, out=sys.stdout):
    from chalicelib import wiring
    from chalicelib.db import queries

    parser = argparse.ArgumentParser(description="What is due for the sweep, by entity.")
    parser.add_argument("--limit", type=int, default=1000, help="due items read at most")
    args = parser.parse_args(argv)
    container = wiring.services()
    container.table()
    rows = backlog(queries.due_items(container.clock.now(), limit=args.limit), wiring.due_handlers())
    for entity, count, oldest, handled in rows:
        print(f"{entity:<24} {count:>6}  oldest {oldest}{'' if handled else '  NO HANDLER'}", file=out)
    if not rows:
        print("nothing due", file=out)
    return 0 if all(handled for *_, handled in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
