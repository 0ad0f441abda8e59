"""The steps of m010 (docs/decisions/many-bureaus.md §8.2): each names the legacy partitions it
empties, enumerated from the calendar, the catalogue or the regions, never found by a Scan.

A step is `Step(name, forward, reverse)`; both take a `Run` (db client, table, default bureau,
dates) and return `moves.Counts`. Forward and reverse are idempotent: a second run finds nothing
left to move.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable

from migrations import moves

DUTY_AHEAD_DAYS = 21  # the roster is planned at most 3 weeks ahead


@dataclass
class Run:
    db: object
    table: str
    bureau: str  # the default bureau: every legacy item is its own
    since: date  # the go-live date: nothing legacy is older
    today: date  # China date
    dry_run: bool = False
    settings: object = None
    slots_ahead: int = 366  # days after today searched for slots (the app sets no limit)


@dataclass
class Step:
    name: str
    summary: str
    forward: Callable
    reverse: Callable


def days(start, end):
    while start <= end:
        yield start.isoformat()
        start += timedelta(days=1)


def months(start, end):
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        yield f"{year:04d}-{month:02d}"
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def query(run, pk, index=None):
    """Every raw item of one partition of the table (consistent) or of an index."""
    names = {"PK": "PK"} if index is None else {"PK": f"{index}PK"}
    kwargs = {"TableName": run.table, "KeyConditionExpression": "#pk = :pk",
              "ExpressionAttributeNames": {"#pk": names["PK"]},
              "ExpressionAttributeValues": {":pk": {"S": pk}}}
    if index is None:
        kwargs["ConsistentRead"] = True
    else:
        kwargs["IndexName"] = index
    for page in run.db.get_paginator("query").paginate(**kwargs):
        yield from page["Items"]


def fresh(run, raw):
    """The item as the table holds it now (an index read may lag), or None."""
    return run.db.get_item(TableName=run.table, Key=moves.key_of(raw), ConsistentRead=True).get("Item")


# --- PK moves -------------------------------------------------------------------------------------

def pk_move(partitions, added=None):
    """A step body moving every item of the legacy `partitions(run)` to today's key."""
    def forward(run):
        counts = moves.Counts()
        for pk in partitions(run):
            pairs = []
            for raw in query(run, pk):
                new, mark = moves.reshaped(raw, added(run) if added else None)
                if moves.ident(new) != moves.ident(raw):
                    pairs.append((raw, moves.marked(new, mark)))
            counts.add(moves.move(run.db, run.table, pairs, run.dry_run))
        return counts
    return forward


def pk_restore(partitions):
    """The reverse body: items under today's `partitions(run)` that carry the mark go back."""
    def reverse(run):
        counts = moves.Counts()
        for pk in partitions(run):
            pairs = [(raw, moves.restored(raw)) for raw in query(run, pk) if moves.MARK in raw]
            counts.add(moves.move(run.db, run.table, pairs, run.dry_run))
        return counts
    return reverse


# --- index moves ----------------------------------------------------------------------------------

def index_move(index, partitions, wanted=lambda raw: True, added=None):
    """A step body re-keying every item of the legacy index `partitions(run)` (`wanted` filters)."""
    def forward(run):
        counts = moves.Counts()
        for pk in partitions(run):
            for hit in query(run, pk, index):
                raw = fresh(run, hit)
                if raw is None or not wanted(raw):
                    continue
                new, mark = moves.reshaped(raw, added(run) if added else None)
                counts.add(moves.rekey(run.db, run.table, raw, new, mark, run.dry_run))
        return counts
    return forward


def index_restore(index, partitions):
    def reverse(run):
        counts = moves.Counts()
        for pk in partitions(run):
            for hit in query(run, pk, index):
                raw = fresh(run, hit) if moves.MARK in hit else None
                if raw is not None and moves.MARK in raw:
                    counts.add(moves.rekey(run.db, run.table, raw, moves.restored(raw), None, run.dry_run))
        return counts
    return reverse
