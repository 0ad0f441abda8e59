"""Effects: the writes of one change, as data, committed together (the store's `commit`).

A capability never calls PynamoDB to write. It builds a list of effects — `Put`, `Update`, `Delete`,
`Check`, each with its condition and a label — and hands it to `store.commit`, which writes them all
in ONE TransactWrite (a single effect: one conditional write, which costs half as much) or none of
them. A refusal is told in one place: `Refused` names the labels whose condition failed
(`failed`) or that met a concurrent transaction (`conflicts`); any other failure is `CommitError`
(the outcome may be unknown: a lost answer). `db/inbound.py` (the webhook) is one user among many.

The db helpers that add writes to a transaction (`outbox.write_with`, `pools.load_change`,
`payouts.save_stats`, `take_day_allowance` …) take any object with the TransactWrite methods: given
an `Effects` list they add effects to it instead, so a capability's whole change is data that a
test can read without a table (tests/unit/fake_store.py).
"""
from dataclasses import dataclass

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

REFUSALS = ("ConditionalCheckFailed", "TransactionConflict")
_PLAIN_REFUSALS = {"ConditionalCheckFailedException": "ConditionalCheckFailed",
                   "TransactionConflictException": "TransactionConflict"}


class CommitError(Exception):
    """The effects were not (visibly) written: refused, or failed in some other way."""


class Refused(CommitError):
    """A condition refused the commit; nothing was written. `failed`: labels whose condition
    failed; `conflicts`: labels another transaction was writing at the same moment (the other
    change won, exactly as when our condition fails after it). `labels`: both."""

    def __init__(self, failed=(), conflicts=()):
        self.failed, self.conflicts = set(failed), set(conflicts)
        self.labels = self.failed | self.conflicts
        super().__init__(", ".join(sorted(self.labels)) or "refused")


# --- effects -------------------------------------------------------------------------------------
# Each applies itself to a TransactWrite (or to anything with its methods, e.g. `Effects`).

@dataclass(frozen=True, eq=False)
class Put:
    """Write a whole item, under `condition` (e.g. `Model.PK.does_not_exist()`: a new key)."""
    item: object
    condition: object = None
    label: str = "put"
    order = 2  # the order TransactWrite sends kinds in: checks, deletes, puts, updates

    def apply(self, tx):
        tx.save(self.item, condition=self.condition)

    def write(self):
        self.item.save(condition=self.condition)


@dataclass(frozen=True, eq=False)
class Update:
    """Apply update `actions` to an item (it is created when missing, unless `condition` says)."""
    item: object
    actions: list
    condition: object = None
    label: str = "update"
    order = 3

    def apply(self, tx):
        tx.update(self.item, actions=self.actions, condition=self.condition)

    def write(self):
        self.item.update(actions=self.actions, condition=self.condition)


@dataclass(frozen=True, eq=False)
class Delete:
    item: object
    condition: object = None
    label: str = "delete"
    order = 1

    def apply(self, tx):
        tx.delete(self.item, condition=self.condition)

    def write(self):
        self.item.delete(condition=self.condition)


@dataclass(frozen=True, eq=False)
class Check:
    """A condition on an item the change does not write (e.g. the month has no settlement)."""
    model: type
    hash_key: str
    range_key: str
    condition: object
    label: str = "check"
    order = 0

    def apply(self, tx):
        tx.condition_check(self.model, self.hash_key, self.range_key, condition=self.condition)


PLAIN = (Put, Update, Delete, Check)


def create(item, label="create"):
    """Put a new item: its key must be free."""
    return Put(item, type(item).PK.does_not_exist(), label)


class Effects(list):
    """A list of effects with TransactWrite's methods: helpers written for a transaction add their
    writes here (`label=` names one for the refusal)."""

    def save(self, item, condition=None, label="put", **_):
        self.append(Put(item, condition, label))

    def update(self, item, actions, condition=None, label="update", **_):
        self.append(Update(item, list(actions), condition, label))

    def delete(self, item, condition=None, label="delete", **_):
        self.append(Delete(item, condition, label))

    def condition_check(self, model, hash_key, range_key=None, condition=None, label="check"):
        self.append(Check(model, hash_key, range_key, condition, label))

    def labelled(self, label):
        """A view of this list whose writes all carry `label` (for a helper that takes a tx)."""
        return _Labelled(self, label)

    def add(self, *effects):
        """Append effects (or composite ones: anything with `apply(tx)`); returns self."""
        for effect in effects:
            if isinstance(effect, PLAIN):
                self.append(effect)
            else:
                effect.apply(self)
        return self


class _Labelled:
    def __init__(self, effects, label):
        self.effects, self.label = effects, label

    def save(self, item, condition=None, **_):
        self.effects.save(item, condition, label=self.label)

    def update(self, item, actions, condition=None, **_):
        self.effects.update(item, actions, condition, label=self.label)

    def delete(self, item, condition=None, **_):
        self.effects.delete(item, condition, label=self.label)

    def condition_check(self, model, hash_key, range_key=None, condition=None, **_):
        self.effects.condition_check(model, hash_key, range_key, condition, label=self.label)


def flatten(effects):
    """The plain effects of `effects` (a composite effect applies itself as several)."""
    return Effects().add(*effects)


# --- committing ---------------------------------------------------------------------------------

def commit(effects, *, token=None):
    """Write every effect, all or none. `token`: the client request token that makes a retry of a
    transaction whose answer was lost a no-op (forces a transaction even for one effect)."""
    plain = flatten(effects)
    if not plain:
        return
    if len(plain) == 1 and token is None and not isinstance(plain[0], Check):
        return _write_one(plain[0])
    # TransactWrite sends checks, then deletes, puts, updates: its cancellation reasons follow.
    labels = [e.label for e in sorted(plain, key=lambda e: e.order)]
    from chalicelib.db.base import Item

    kwargs = {"client_request_token": token} if token else {}
    try:
        with TransactWrite(connection=Item._get_connection().connection, **kwargs) as tx:
            for effect in plain:
                effect.apply(tx)
    except TransactWriteError as error:
        failed, conflicts = set(), set()
        for label, reason in zip(labels, error.cancellation_reasons or []):
            code = getattr(reason, "code", None)
            if code == REFUSALS[0]:
                failed.add(label)
            elif code == REFUSALS[1]:
                conflicts.add(label)
        if failed or conflicts:
            raise Refused(failed, conflicts) from error
        raise CommitError(str(error)) from error


def _write_one(effect):
    try:
        effect.write()
    except (PutError, UpdateError, DeleteError) as error:
        code = _PLAIN_REFUSALS.get(getattr(error, "cause_response_code", None))
        if code == REFUSALS[0]:
            raise Refused(failed=[effect.label]) from error
        if code == REFUSALS[1]:
            raise Refused(conflicts=[effect.label]) from error
        raise CommitError(str(error)) from error
