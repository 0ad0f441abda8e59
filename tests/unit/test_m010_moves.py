"""m010's reshaping of one raw item (no AWS): today's model decides the new keys, and the mark
restores exactly the legacy item (docs/decisions/many-bureaus.md §8)."""
import pytest

from migrations import moves
from tests.integration import m010_legacy as legacy

A = "360722"
BUREAU = {"bureau": {"S": A}}


def added_for(raw):
    """What the plan adds: a payout line, slot or calendar day says its bureau (their keys() keep a
    bureau-less item where it is); a bound lawyer gets its openid's account."""
    kind = raw["type"]["S"]
    if kind in ("PayoutLine", "AppointmentSlot", "CalendarDay"):
        return BUREAU
    return {"openid_account": {"S": A}} if kind == "Lawyer" and "openid" in raw else None


@pytest.fixture
def items(env):
    return legacy.legacy_items()


def test_every_legacy_item_gets_a_key_of_the_default_bureau_and_its_mark_restores_it(items):
    for raw in items:
        new, mark = moves.reshaped(raw, added_for(raw))
        assert moves.restored(moves.marked(new, mark)) == raw
        keys = {name: new[name]["S"] for name in ("PK", "GSI1PK", "GSI2PK") if name in new}
        moved = {name: value for name, value in keys.items() if raw.get(name, {}).get("S") != value}
        assert moved or raw["type"]["S"] == "Lawyer", raw  # a lawyer's keys stay: it gains an attribute
        assert any(f"#{A}" in value for value in moved.values()) or not moved, (raw, moved)


def test_a_legacy_keyed_item_of_another_bureau_moves_to_its_own_bureaus_key(items):
    # Given a consultation of 大余 saved under the legacy day list (between build steps 3 and 8)
    raw = next(i for i in items if i["type"]["S"] == "Consultation")
    raw = {**raw, "bureau": {"S": "360723"}}
    new, mark = moves.reshaped(raw)
    assert new["GSI2PK"]["S"].startswith("CONSDAY#360723#") and mark["added"] == []


def test_an_attribute_already_there_is_not_added_nor_removed_on_the_way_back(items):
    line = next(i for i in items if i["type"]["S"] == "PayoutLine")
    line = {**line, "bureau": {"S": A}}  # e.g. written by a later code path
    new, mark = moves.reshaped(line, BUREAU)
    assert mark["added"] == [] and moves.restored(moves.marked(new, mark))["bureau"] == {"S": A}
