"""Two imports of one roster at the same moment (two clerks, or a retried request) on DynamoDB Local:
each licence ends as one profile with one set of slots, and between them the two runs report every
lawyer created once — the one that lost each race read the profile again and found it unchanged."""
import threading

import pytest

from chalicelib.db.base import Item
from chalicelib.db.models import Lawyer, LawyerSlot
from chalicelib.roster import importer, reference_for
from tests.races import together
from tests.roster_files import LINES, csv_bytes, seed_reference

REGIONS = ["360722"]


@pytest.fixture
def both_read_first(monkeypatch):
    """Both imports read the table before either writes: the worst interleaving, every time."""
    barrier, read = threading.Barrier(2), importer.pools.profiles

    def profiles(ids):
        found = read(ids)
        if threading.current_thread() is not threading.main_thread():
            barrier.wait(10)
        return found
    monkeypatch.setattr(importer.pools, "profiles", profiles)


def test_two_imports_of_one_roster_at_once_make_each_lawyer_once(ddb_table, both_read_first):
    seed_reference()
    reference = reference_for(REGIONS)
    now = ddb_table.clock.now()

    def run():
        return importer.import_roster(csv_bytes(), regions=REGIONS, reference=reference, now=now,
                                      dry_run=False)
    first, second = together(run, run)
    assert not isinstance(first, Exception), first
    assert not isinstance(second, Exception), second
    # Then between them every lawyer was created exactly once; the rest found it unchanged
    assert first["created"] + second["created"] == len(LINES)
    assert first["unchanged"] + second["unchanged"] == len(LINES)
    assert first["errors"] == second["errors"] == []
    # And each licence is one profile at version 1, with one slot per specialty
    for name, licence, *_ in LINES:
        items = list(Item.query(f"LAWYER#L{licence}", consistent_read=True))
        profiles = [i for i in items if isinstance(i, Lawyer)]
        assert [(p.name, p.version) for p in profiles] == [(name, 1)]
        slots = [i.category for i in items if isinstance(i, LawyerSlot)]
        assert sorted(slots) == sorted(profiles[0].specialties)
