"""Moving items from a legacy key shape to today's, and back, on raw DynamoDB items; never a Scan.

An item's new shape is what today's model computes from its attributes (`Item.keys()`), so the
migration and the app cannot disagree on a key. Each moved item carries a mark, `m010_from`, that
says what its keys were and which attributes the move added: `--reverse` restores exactly that, and
only items still carrying the mark (an item the app has re-saved since is in today's shape and is
left there, where the expand-phase readers find it).

- A PK move copies the item under its new key (`attribute_not_exists`) and deletes the old one in
  one transaction, up to 50 pairs (100 items) at a time. When the new key already holds the item
  (the app wrote it since), the new item wins, as the expand-phase readers decide: only the old one
  is deleted.
- An index move rewrites only the index keys (and added attributes), on the condition that the
  old keys and the item's `version`/`rev` are still what was read; `version` goes up by one when an
  attribute is added or removed (a stale save by the app would drop it; a stale save of keys alone
  recomputes them anyway).
"""
import json
from dataclasses import dataclass

from chalicelib.db.base import KEY_ATTRIBUTES, Item

MARK = "m010_from"
PAIRS_PER_TRANSACTION = 50
INDEX_ATTRIBUTES = tuple(a for a in KEY_ATTRIBUTES if a not in ("PK", "SK"))
GUARDS = ("version", "rev")


@dataclass
class Counts:
    moved: int = 0  # now under the other shape
    kept_newer: int = 0  # the other shape already held it: the old copy was deleted
    changed_meanwhile: int = 0  # the app changed it while we worked: left for the app's own keys

    def add(self, other):
        self.moved += other.moved
        self.kept_newer += other.kept_newer
        self.changed_meanwhile += other.changed_meanwhile
        return self


def _s(raw, name):
    value = raw.get(name)
    return value["S"] if value else None


def reshaped(raw, added=None):
    """(new raw item, mark): `raw` with `added` attributes set where absent, keyed by today's model."""
    item = {k: v for k, v in raw.items() if k != MARK}
    new_names = [name for name in (added or {}) if name not in item]
    item.update({name: added[name] for name in new_names})
    computed = Item.from_raw_data(dict(item)).keys()
    new = {k: v for k, v in item.items() if k not in KEY_ATTRIBUTES}
    new.update({k: {"S": str(v)} for k, v in computed.items() if v is not None})
    old_keys = {k: _s(raw, k) for k in KEY_ATTRIBUTES if k in raw}
    return new, {"keys": old_keys, "added": new_names}


def restored(raw):
    """The item as it was before the migration moved it (from its mark)."""
    mark = json.loads(raw[MARK]["S"])
    old = {k: v for k, v in raw.items()
           if k not in KEY_ATTRIBUTES and k != MARK and k not in mark["added"]}
    old.update({k: {"S": v} for k, v in mark["keys"].items() if v is not None})
    return old


def marked(raw, mark):
    return {**raw, MARK: {"S": json.dumps(mark, ensure_ascii=False, sort_keys=True)}}


def key_of(raw):
    return {"PK": raw["PK"], "SK": raw["SK"]}


def ident(raw):
    return (raw["PK"]["S"], raw["SK"]["S"])


def existing(db, table, items):
    """The (PK, SK) of `items` that the table holds (consistent BatchGetItem)."""
    found, todo = set(), [key_of(i) for i in items]
    while todo:
        batch, todo = todo[:100], todo[100:]
        request = {table: {"Keys": batch, "ConsistentRead": True, "ProjectionExpression": "PK, SK"}}
        while request:
            answer = db.batch_get_item(RequestItems=request)
            found.update(ident(i) for i in answer["Responses"].get(table, []))
            request = answer.get("UnprocessedKeys") or None
    return found


def move(db, table, pairs, dry_run=False):
    """Move each (old item, new item) pair: PK moves, in transactions of up to 50 pairs."""
    counts = Counts()
    for start in range(0, len(pairs), PAIRS_PER_TRANSACTION):
        counts.add(_move_chunk(db, table, pairs[start:start + PAIRS_PER_TRANSACTION], dry_run))
    return counts


def _move_chunk(db, table, pairs, dry_run):
    held = existing(db, table, [new for _, new in pairs])
    counts, actions = Counts(), []
    for old, new in pairs:
        if ident(new) in held:
            counts.kept_newer += 1
        else:
            counts.moved += 1
            actions.append({"Put": {"TableName": table, "Item": new,
                                    "ConditionExpression": "attribute_not_exists(PK)"}})
        actions.append({"Delete": {"TableName": table, "Key": key_of(old),
                                   "ConditionExpression": "attribute_exists(PK)"}})
    if dry_run or not actions:
        return counts
    try:
        db.transact_write_items(TransactItems=actions)
        return counts
    except db.exceptions.TransactionCanceledException:
        if len(pairs) == 1:  # the old item went, or the new one came, since we read: look again
            still = existing(db, table, [pairs[0][0]])
            return _move_chunk(db, table, pairs, dry_run) if still else Counts(changed_meanwhile=1)
        return sum((_move_chunk(db, table, [pair], dry_run) for pair in pairs), Counts())


def rekey(db, table, raw, target, mark=None, dry_run=False):
    """An index move: give `raw` the index keys and added attributes of `target`, on the condition that
    nobody changed it since it was read. `mark` is set (forward) or, when None, removed (reverse)."""
    sets, removes, conditions, names, values = [], [], [], {}, {}
    for n, attr in enumerate(a for a in set(raw) | set(target) if a not in ("PK", "SK", MARK)):
        if raw.get(attr) == target.get(attr):
            continue
        names[f"#a{n}"] = attr
        if attr in target:
            values[f":a{n}"] = target[attr]
            sets.append(f"#a{n} = :a{n}")
        else:
            removes.append(f"#a{n}")
        if attr in raw:
            values[f":o{n}"] = raw[attr]
            conditions.append(f"#a{n} = :o{n}")
        else:
            conditions.append(f"attribute_not_exists(#a{n})")
    if not names:
        return Counts(kept_newer=1)
    adds_or_drops = any(a not in INDEX_ATTRIBUTES for a in names.values())
    for guard in GUARDS:
        if guard in raw:
            names[f"#{guard}"], values[f":{guard}"] = guard, raw[guard]
            conditions.append(f"#{guard} = :{guard}")
    names["#mark"] = MARK
    if mark is None:
        removes.append("#mark")
        conditions.append("attribute_exists(#mark)")
    else:
        sets.append("#mark = :mark")
        values[":mark"] = marked({}, mark)[MARK]
    if "version" in raw and adds_or_drops:
        sets.append("#version = #version + :one")  # a stale whole-item save must not drop what we add
        values[":one"] = {"N": "1"}
    if dry_run:
        return Counts(moved=1)
    expression = "SET " + ", ".join(sets) + (" REMOVE " + ", ".join(removes) if removes else "")
    try:
        db.update_item(TableName=table, Key=key_of(raw), UpdateExpression=expression,
                       ConditionExpression=" AND ".join(conditions),
                       ExpressionAttributeNames=names, ExpressionAttributeValues=values)
    except db.exceptions.ConditionalCheckFailedException:
        return Counts(changed_meanwhile=1)
    return Counts(moved=1)
