"""The two tables of the composition root are complete: every entity that can carry a DUE key has
a sweep handler (an item without one would wait forever), the table names nothing else, and every
entity the after-commit map acts on has a handler too (the sweep is the after-commit path's safety
net), unless its row says a lost run is harmless. A new model that writes DUEPK fails here until wiring.due_handlers() has its row."""
import importlib
import inspect
import pkgutil
from pathlib import Path
from types import SimpleNamespace

import chalicelib
import chalicelib.db
from chalicelib import wiring
from chalicelib.admin.due import backlog
from chalicelib.db.base import Item
from chalicelib.sweep import Due


def models():
    """Every entity class of the single table, by its discriminator."""
    for info in pkgutil.iter_modules(chalicelib.db.__path__):
        importlib.import_module(f"chalicelib.db.{info.name}")
    found, todo = {}, list(Item.__subclasses__())
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("chalicelib."):  # not a test's own entity
            found[Item.type.get_discriminator(cls)] = cls
    return found


def due_keyed():
    """The entities whose code writes a DUE key (their `keys()` or their updates name DUEPK)."""
    return {name for name, cls in models().items() if "DUEPK" in inspect.getsource(cls)}


def test_every_entity_that_can_be_due_has_a_sweep_handler_and_no_other_rows():
    table = wiring.due_handlers()
    assert due_keyed() == {"Application", "Commission", "Consultation", "Dispatch", "DraftExpiry",
                           "JoinRequest", "Lawyer", "MediaCopy", "Notification", "ReportJob", "RetentionJob"}
    assert set(table) == due_keyed()
    assert all(isinstance(row, Due) and callable(row.run) for row in table.values())
    for row in table.values():
        assert list(inspect.signature(row.run).parameters)[:3] == ["item", "now", "services"]


def test_only_the_models_write_due_keys():
    # A DUE key written anywhere else would escape the check above.
    root = Path(chalicelib.__file__).parent
    writers = {str(path.relative_to(root)) for path in root.rglob("*.py")
               if "DUEPK" in path.read_text(encoding="utf-8")}
    assert writers and all(w.startswith("db/") for w in writers), writers


def test_whatever_the_after_commit_map_starts_the_sweep_also_catches_unless_marked_otherwise():
    work = wiring.after_commit_map()
    assert set(work) == {"Consultation", "Notification", "Lawyer"}
    assert {entity for entity, row in work.items() if row.swept} <= set(wiring.due_handlers())
    assert [entity for entity, row in work.items() if not row.swept] == ["Lawyer"]
    for entity, row in work.items():
        assert row.id_attribute in models()[entity].get_attributes()
        assert row.when is None or row.when in models()[entity].get_attributes()


def test_the_operator_backlog_counts_by_entity_oldest_first_and_flags_what_no_handler_takes():
    items = [SimpleNamespace(entity="Consultation", DUEAT="2026-03-02T02:00:00Z#CONS#2"),
             SimpleNamespace(entity="FromALaterRelease", DUEAT="2026-03-02T01:50:00Z#x"),
             SimpleNamespace(entity="Consultation", DUEAT="2026-03-02T01:58:00Z#CONS#1")]
    assert backlog(items, wiring.due_handlers()) == [
        ("FromALaterRelease", 1, "2026-03-02T01:50:00Z#x", False),
        ("Consultation", 2, "2026-03-02T01:58:00Z#CONS#1", True)]
