"""`sweep_due` finds its work through the sparse DUE index, and only the work that is due."""
import io
from datetime import timedelta

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib import sweep
from chalicelib.admin import due as due_command
from chalicelib.clock import iso
from chalicelib.db import keys, queries
from chalicelib.db.base import Item
from chalicelib.sweep import Due


class Chore(Item, discriminator="TestChore"):
    """A test-only entity with time-driven work: due once at `due_at`, then done."""
    chore_id = UnicodeAttribute()
    due_at = UnicodeAttribute(null=True)
    runs = NumberAttribute(default=0)

    def keys(self):
        computed = {"PK": f"CHORE#{self.chore_id}", "SK": "CHORE"}
        if self.due_at:
            computed.update(DUEPK=keys.DUE_PARTITION, DUEAT=keys.due_key(self.due_at, self.chore_id))
        return computed


def _do_chore(item, now, services):
    # Done once: count the run and leave the DUE index, on condition it is still due.
    item.update(actions=[Chore.runs.add(1), Chore.DUEPK.remove(), Chore.DUEAT.remove(),
                         Chore.due_at.remove()],
                condition=Chore.DUEAT.exists())


def test_sweep_runs_only_due_items_and_a_second_sweep_does_nothing_more(moto_table, clock):
    handlers = {"TestChore": Due(_do_chore)}
    now = clock.now()
    # Given two chores due before now, one due later, and one with nothing to do
    Chore(chore_id="a", due_at=iso(now - timedelta(minutes=5))).save()
    Chore(chore_id="b", due_at=iso(now)).save()
    Chore(chore_id="c", due_at=iso(now + timedelta(minutes=1))).save()
    Chore(chore_id="d").save()
    # When the sweep runs for this minute, twice
    first = sweep.run(now, moto_table, queries.due_items, handlers)
    second = sweep.run(now, moto_table, queries.due_items, handlers)
    # Then the two due chores ran once each, the later one waits, and the rerun did nothing
    assert first["handled"] == {"TestChore": 2} and second["handled"] == {}
    runs = {c: Chore.get(f"CHORE#{c}", "CHORE").runs for c in "abcd"}
    assert runs == {"a": 1, "b": 1, "c": 0, "d": 0}
    # And a minute later the third one is due
    later = sweep.run(now + timedelta(minutes=1), moto_table, queries.due_items, handlers)
    assert later["handled"] == {"TestChore": 1}


def test_a_failing_handler_leaves_its_item_due_and_does_not_stop_the_others(moto_table, clock):
    calls = []

    def flaky(item, now, services):
        calls.append(item.chore_id)
        if item.chore_id == "bad":
            raise RuntimeError("WeChat is down")
        _do_chore(item, now, services)

    now = clock.now()
    Chore(chore_id="bad", due_at=iso(now)).save()
    Chore(chore_id="good", due_at=iso(now)).save()
    report = sweep.run(now, moto_table, queries.due_items, {"TestChore": Due(flaky)})
    assert report["errors"] == 1 and report["handled"] == {"TestChore": 1}
    assert [i.chore_id for i in queries.due_items(now)] == ["bad"]


def test_an_item_without_a_handler_is_reported_every_minute_and_handled_once_one_is_deployed(
        moto_table, clock):
    # Given a due chore, and a deployment whose table has no row for chores
    now = clock.now()
    Chore(chore_id="stranded", due_at=iso(now)).save()
    # When two minutes' sweeps run
    reports = [sweep.run(now + timedelta(minutes=m), moto_table, queries.due_items, {})
               for m in (0, 1)]
    # Then each reports it, and it stays due (in the DUE index, where an operator sees it)
    assert [r["unhandled"] for r in reports] == [{"TestChore": 1}] * 2
    assert [i.chore_id for i in queries.due_items(now)] == ["stranded"]
    # And once the handler is deployed, the next sweep does the work: nothing else to repair
    fixed = sweep.run(now + timedelta(minutes=2), moto_table, queries.due_items,
                      {"TestChore": Due(_do_chore)})
    assert fixed["handled"] == {"TestChore": 1} and "unhandled" not in fixed
    assert Chore.get("CHORE#stranded", "CHORE").runs == 1


def test_a_due_item_of_an_entity_this_code_does_not_know_is_reported_not_filtered_out(moto_table, clock):
    # Given a due item written by a later release (its entity unknown here, after a rollback),
    # and a due chore beside it
    now = clock.now()
    due = keys.due_key(iso(now - timedelta(minutes=1)), "x")
    moto_table.dynamodb().put_item(TableName=moto_table.table(), Item={
        "PK": {"S": "LATER#x"}, "SK": {"S": "LATER"}, "type": {"S": "FromALaterRelease"},
        "DUEPK": {"S": keys.DUE_PARTITION}, "DUEAT": {"S": due}})
    Chore(chore_id="a", due_at=iso(now)).save()
    # When the sweep runs
    report = sweep.run(now, moto_table, queries.due_items, {"TestChore": Due(_do_chore)})
    # Then the chore is done and the unknown item is named in the report, still due
    assert report["handled"] == {"TestChore": 1}
    assert report["unhandled"] == {"FromALaterRelease": 1}
    assert [(i.entity, i.PK) for i in queries.due_items(now)] == [("FromALaterRelease", "LATER#x")]


def test_the_operator_command_lists_the_backlog_and_names_what_has_no_handler(moto_table, clock):
    # Given two due chores, an entity the deployed handler table has no row for
    now = clock.now()
    Chore(chore_id="stranded", due_at=iso(now - timedelta(minutes=3))).save()
    Chore(chore_id="later", due_at=iso(now - timedelta(minutes=1))).save()
    # When the operator asks what is due
    out = io.StringIO()
    status = due_command.main([], out=out)
    # Then the chores are listed with their oldest due key and flagged, and the command fails
    line, = out.getvalue().splitlines()
    assert line.startswith("TestChore") and " 2  oldest " in line and line.endswith("NO HANDLER")
    assert iso(now - timedelta(minutes=3))[:16] in line
    assert status == 1


def test_each_sweep_leaves_its_heartbeat_and_a_late_older_run_does_not_overwrite_it(moto_table, clock):
    from chalicelib.db import sweep_runs
    from chalicelib.routes.jobs import run_sweep

    now = clock.now()
    # Given no sweep yet: nothing to report
    assert sweep_runs.last() is None
    # When the scheduled sweep runs with one chore overdue by 4 minutes
    Chore(chore_id="late", due_at=iso(now - timedelta(minutes=4))).save()
    run_sweep(now)
    # Then its heartbeat says when it ran and how late the oldest due item was
    last = sweep_runs.last()
    assert last["ran_at"] == iso(now) and last["oldest_due_seconds"] == 240
    # And a run for an earlier minute that finishes later leaves the newer heartbeat alone
    sweep_runs.record(now - timedelta(minutes=1), {"handled": 9, "errors": 0, "unhandled": 0,
                                                   "oldest_due_seconds": 0})
    assert sweep_runs.last()["ran_at"] == iso(now)
