"""Writes seed items to DynamoDB in parallel chunks of up to 100, reporting what a person counts
(lawyers, laws), not table items.

Two ways to write a chunk: four 25-item BatchWriteItem calls (the right one for DynamoDB), or one
100-item TransactWriteItems — DynamoDB Local on disk commits every item of a batch separately but a
transaction at once, which measured 5× faster there (docs/seeds.md). Insert-only writes first ask
BatchGetItem which keys exist, so a reload never overwrites runtime state (a lawyer's open
questions, dispatch order, version); the few seed-owned attributes named in `refresh` (a lawyer's
`serves`) are still brought up to date on the items that exist, one UpdateItem where they differ."""
import itertools
import time
from collections import namedtuple
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

CHUNK = 100  # BatchGetItem and TransactWriteItems limit
WRITE_BATCH = 25  # BatchWriteItem limit
RETRIES = 8
METHODS = ("batch", "transact")
Written = namedtuple("Written", "items units seconds")  # table items, counted ones (lawyers), time


class Writer:
    def __init__(self, client, table_name, *, threads=4, method="batch", progress=print,
                 every_seconds=2.0):
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        self.client, self.table, self.threads, self.method = client, table_name, threads, method
        self.progress, self.every = progress, every_seconds

    def write(self, name, items, *, insert_only=False, counts=None, noun="items", total=None,
              every_seconds=None, refresh=()):
        """Write every item; returns a Written (insert_only skips existing items).

        Progress counts what a person counts — instances of `counts` (every item when None), as
        `noun`, "N of `total`" when the total is known — every `every_seconds`, then a summary.
        A counted item and the items after it (a lawyer's profile and slots) go to the table in
        the same chunk, in order: dispatch may read the table while a load goes on, and never
        finds a lawyer's slot before the profile it belongs to."""
        every = self.every if every_seconds is None else every_seconds
        started = last = time.perf_counter()
        written = units_written = units_done = 0
        with ThreadPoolExecutor(self.threads) as pool:
            pending = {}  # future: how many counted items its chunk holds

            def collect(done):
                nonlocal written, units_written, units_done
                for future in done:
                    items_now, units_now = future.result()
                    written, units_written = written + items_now, units_written + units_now
                    units_done += pending.pop(future)
            for chunk in _pack(_units(items, counts), CHUNK):
                pending[pool.submit(self._write_chunk, chunk, insert_only, refresh)] = sum(
                    counted for _, counted in chunk)
                if len(pending) >= self.threads * 2:  # bound the items held in memory
                    collect(wait(pending, return_when=FIRST_COMPLETED).done)
                now = time.perf_counter()
                if now - last >= every and units_done:
                    last = now
                    self.progress(_progress_line(name, units_done, noun, total, now - started))
            collect(list(pending))
        elapsed = time.perf_counter() - started
        there = f" ({units_done - units_written:,} were there already)" if units_written < units_done \
            else ""
        self.progress(f"{name}: {units_written:,} {noun} in {elapsed:.1f} s{there}")
        return Written(written, units_written, elapsed)

    def _write_chunk(self, chunk, insert_only, refresh=()):
        """Write (item, counted) pairs; returns (items written, counted items written)."""
        if insert_only:
            existing = self._existing_keys([{"PK": i["PK"], "SK": i["SK"]} for i, _ in chunk],
                                           refresh)
            for item, _ in chunk:
                stored = existing.get((item["PK"]["S"], item["SK"]["S"]))
                if stored is not None:
                    self._refresh(item, stored, refresh)
            chunk = [(i, c) for i, c in chunk if (i["PK"]["S"], i["SK"]["S"]) not in existing]
        items = [item for item, _ in chunk]
        if items and self.method == "transact":
            self._transact([{"Put": {"TableName": self.table, "Item": item}} for item in items])
        else:
            for batch in _chunks(items, WRITE_BATCH):
                self._batch_write([{"PutRequest": {"Item": item}} for item in batch])
        return len(items), sum(counted for _, counted in chunk)

    def _batch_write(self, requests):
        for attempt in range(RETRIES):
            answer = self.client.batch_write_item(RequestItems={self.table: requests})
            requests = answer.get("UnprocessedItems", {}).get(self.table)
            if not requests:
                return
            time.sleep(0.05 * 2 ** attempt)  # throttled: back off before retrying the rest
        raise RuntimeError(f"{len(requests)} items still unprocessed after {RETRIES} attempts")

    def _transact(self, actions):
        for attempt in range(RETRIES):
            try:
                self.client.transact_write_items(TransactItems=actions)
                return
            except self.client.exceptions.TransactionCanceledException:
                # Unconditional puts are only cancelled by a conflict or throttling: try again.
                time.sleep(0.05 * 2 ** attempt)
        raise RuntimeError(f"transaction of {len(actions)} puts cancelled {RETRIES} times")

    def _refresh(self, item, stored, names):
        """Set (or remove) the seed-owned attributes `names` of an existing item where they differ."""
        changed = [n for n in names if item.get(n) != stored.get(n) and item.get("type") == stored.get("type")]
        if not changed:
            return
        present = [n for n in changed if n in item]
        parts = ([f"SET {', '.join(f'#{n} = :{n}' for n in present)}"] if present else []) + \
            ([f"REMOVE {', '.join(f'#{n}' for n in changed if n not in item)}"]
             if len(present) < len(changed) else [])
        values = {f":{n}": item[n] for n in present}
        self.client.update_item(
            TableName=self.table, Key={"PK": item["PK"], "SK": item["SK"]},
            UpdateExpression=" ".join(parts), ConditionExpression="attribute_exists(PK)",
            ExpressionAttributeNames={f"#{n}": n for n in changed},
            **({"ExpressionAttributeValues": values} if values else {}))

    def _existing_keys(self, keys, refresh=()):
        """{(PK, SK): the stored key, type and `refresh` attributes} of the keys the table holds."""
        names = {f"#a{n}": a for n, a in enumerate(("PK", "SK", "type") + tuple(refresh))}
        found, request = {}, {self.table: {"Keys": keys, "ProjectionExpression": ", ".join(names),
                                           "ExpressionAttributeNames": names}}
        for attempt in range(RETRIES):
            answer = self.client.batch_get_item(RequestItems=request)
            items = answer["Responses"].get(self.table, [])
            found.update(((i["PK"]["S"], i["SK"]["S"]), i) for i in items)
            request = answer.get("UnprocessedKeys")
            if not request:
                return found
            time.sleep(0.05 * 2 ** attempt)
        raise RuntimeError("keys still unprocessed after retries")


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _progress_line(name, count, noun, total, seconds):
    if not total:
        return f"  {name}: {count:,} {noun}"
    line = f"  {name}: {count:,} of {total:,} {noun} ({100 * count // total}%)"
    if 0 < count < total:
        line += f", about {seconds * (total - count) / count:.0f} s to go"
    return line


def _units(items, counts):
    """Serialized items grouped by what a person counts: each `counts` instance with the items
    that follow it (every item alone when `counts` is None); yields lists of (item, counted)."""
    unit = []
    for item in items:
        starts = counts is None or isinstance(item, counts)
        if starts and unit:
            yield unit
            unit = []
        unit.append((item.serialize(), starts))
    if unit:
        yield unit


def _pack(units, size):
    """Chunks of at most `size` items that never split a unit, unless one unit alone is bigger
    (a long law and its articles)."""
    chunk = []
    for unit in units:
        if chunk and len(chunk) + len(unit) > size:
            yield chunk
            chunk = []
        chunk.extend(unit)
        while len(chunk) > size:
            yield chunk[:size]
            chunk = chunk[size:]
    if chunk:
        yield chunk
