"""The one optimistic lock (chalicelib/db/locking.py): consultations and lawyers' statistics keep
their stored `rev`, applications and lawyers' profiles their `version`; every change asks the value
it read and moves it on by one, whichever model it is."""
import pytest
from pynamodb.exceptions import PutError, UpdateError

from chalicelib.db.applications import Application
from chalicelib.db.consultations import Consultation, PhotoGrant
from chalicelib.db.locking import lock_name, locked, unchanged, with_lock
from chalicelib.db.models import Lawyer
from chalicelib.db.payouts import LawyerStats


def test_each_locked_model_keeps_the_attribute_name_it_is_stored_under():
    # Given the four models whose changes race, When their lock is looked up, Then no name changed
    # (so no stored item needs migrating), and an unlocked model has none
    assert {m.__name__: lock_name(m) for m in (Consultation, LawyerStats, Application, Lawyer)} == {
        "Consultation": "rev", "LawyerStats": "rev", "Application": "version", "Lawyer": "version"}
    assert lock_name(PhotoGrant) is None


def test_a_locked_change_asks_the_value_read_and_moves_it_on_by_one():
    # Given statistics read at rev 4
    stats = LawyerStats(lawyer_id="L1", rev=4)
    # When a change is locked
    condition, action = locked(stats)
    # Then it is conditioned on rev = 4 and sets rev to 5 (in memory too, for a put)
    assert stats.rev == 5
    assert repr(condition) == repr(LawyerStats.rev == 4)
    assert repr(action) == repr(LawyerStats.rev.set(5))


def test_an_item_without_the_attribute_is_read_as_never_locked():
    # Given a profile stored before it had a version (absent)
    profile = Lawyer.from_raw_data({"PK": {"S": "LAWYER#L1"}, "SK": {"S": "PROFILE"},
                                    "lawyer_id": {"S": "L1"}, "type": {"S": "Lawyer"}})
    assert profile.version is None
    # When it is changed under its lock
    condition, _ = locked(profile)
    # Then the change asks that it is still absent, and makes it 1
    assert repr(condition) == repr(Lawyer.version.does_not_exist()) and profile.version == 1


def test_a_write_of_an_unlocked_model_keeps_its_own_condition_only():
    grant = PhotoGrant(openid="o1", upload_id="u1")
    assert with_lock(grant) is None
    assert repr(with_lock(grant, PhotoGrant.status == "granted")) == repr(PhotoGrant.status == "granted")


@pytest.fixture
def stored_stats(moto_table):
    created = LawyerStats(lawyer_id="L1", answers=1)
    created.save(condition=locked(created)[0])
    return LawyerStats.get("LAWYER#L1", "STATS", consistent_read=True)


def test_of_two_changes_read_at_the_same_value_the_second_is_refused(stored_stats):
    # Given two readers of the same statistics (rev 1)
    first = LawyerStats.get("LAWYER#L1", "STATS", consistent_read=True)
    second = LawyerStats.get("LAWYER#L1", "STATS", consistent_read=True)
    assert first.rev == second.rev == 1
    # When the first writes under its lock
    condition, moved = locked(first)
    first.update(actions=[LawyerStats.answers.set(2), moved], condition=condition)
    # Then the second's put is refused, and the stored item is the first's
    second.answers = 5
    with pytest.raises(PutError):
        second.save(condition=locked(second)[0])
    again = LawyerStats.get("LAWYER#L1", "STATS", consistent_read=True)
    assert (again.answers, again.rev) == (2, 2)


def test_a_fresh_item_under_its_lock_is_created_only_once(stored_stats):
    # Given counters someone already created, When another writer creates fresh ones
    fresh = LawyerStats(lawyer_id="L1", answers=9)
    # Then its write is refused (the lock is no longer absent)
    with pytest.raises(PutError):
        fresh.save(condition=locked(fresh)[0])


def test_bookkeeping_asks_unchanged_and_leaves_the_lock_as_it_was(stored_stats):
    # Given statistics read at rev 1
    read = LawyerStats.get("LAWYER#L1", "STATS", consistent_read=True)
    # When a write asks only that it is unchanged
    read.update(actions=[LawyerStats.prior_stars.set(4)], condition=unchanged(read))
    # Then the lock is untouched, so a person's change read before it still commits
    person = LawyerStats.get("LAWYER#L1", "STATS", consistent_read=True)
    assert person.rev == 1
    condition, moved = locked(stored_stats)
    stored_stats.update(actions=[LawyerStats.answers.set(3), moved], condition=condition)
    # And bookkeeping that read before a change is refused
    with pytest.raises(UpdateError):
        person.update(actions=[LawyerStats.prior_stars.set(1)], condition=unchanged(person))
