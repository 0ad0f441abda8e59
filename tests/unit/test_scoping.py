"""Staff see only their own bureau's items: `scoping.owned` answers another bureau's item exactly as
an id that does not exist (design §2, "Staff routes by id")."""
from types import SimpleNamespace

import pytest

from chalicelib import scoping
from chalicelib.auth.caller import Caller
from chalicelib.errors import NotFound

XINFENG, DAYU = "360722", "360723"


def _missing():
    return NotFound("没有这个申请", code="application_not_found")


def _staff(bureau):
    return Caller("staff", "s1", staff_id="s1", bureau=bureau)


def test_an_item_of_the_callers_bureau_is_returned():
    item = SimpleNamespace(bureau=DAYU)
    assert scoping.owned(item, _staff(DAYU), _missing()) is item


@pytest.mark.parametrize("item", [SimpleNamespace(bureau=DAYU), None])
def test_another_bureaus_item_is_refused_with_the_same_error_as_a_missing_one(item):
    with pytest.raises(NotFound) as refused:
        scoping.owned(item, _staff(XINFENG), _missing())
    assert (refused.value.code, str(refused.value)) == ("application_not_found", "没有这个申请")


def test_an_item_from_before_issue_10_belongs_to_the_default_bureau():
    legacy = SimpleNamespace()  # no bureau attribute at all
    assert scoping.owned(legacy, _staff(XINFENG), _missing()) is legacy
    with pytest.raises(NotFound):
        scoping.owned(legacy, _staff(DAYU), _missing())


def test_a_caller_without_a_bureau_owns_nothing():
    lawyer = Caller("lawyer", "o-l", openid="o-l", lawyer_id="L1")
    with pytest.raises(NotFound):
        scoping.owned(SimpleNamespace(bureau=XINFENG), lawyer, _missing())


def _citizen(bureau, openid="o-1"):
    return Caller("citizen", openid, openid=openid, bureau=bureau, account=bureau)


@pytest.mark.parametrize("item, owns", [
    (SimpleNamespace(openid="o-1", bureau=DAYU), True),
    (SimpleNamespace(openid="o-1", bureau=XINFENG), False),  # the same openid at another bureau
    (SimpleNamespace(openid="o-2", bureau=DAYU), False),
    (None, False)])
def test_a_citizen_owns_only_their_items_at_the_bureau_of_their_account(item, owns):
    assert scoping.citizens_own(item, _citizen(DAYU)) is owns


def test_an_item_from_before_bureaus_is_the_default_bureaus_citizens(env):
    old = SimpleNamespace(openid="o-1", bureau=None)
    assert scoping.citizens_own(old, _citizen(XINFENG)) and not scoping.citizens_own(old, _citizen(DAYU))
    with pytest.raises(NotFound):
        scoping.citizen_owned(old, _citizen(DAYU), _missing())


@pytest.mark.parametrize("value, reads", [(None, True), ("on", True), ("off", False)])
def test_the_legacy_partitions_are_read_until_legacy_reads_is_off(env, value, reads):
    from chalicelib.db import scoped

    if value:
        env(LEGACY_READS=value)
    assert scoped.legacy_read() is reads
    assert scoped.reads_legacy(XINFENG) is reads and scoped.reads_legacy(DAYU) is False
