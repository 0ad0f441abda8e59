"""Writes seed items to DynamoDB in parallel chunks of 100, reporting items/s.

Two ways to write a chunk: four 25-item BatchWriteItem calls (the right one for DynamoDB), or one
100-item TransactWriteItems — DynamoDB Local on disk commits every item of a batch separately but a
transaction at once, which measured 5× faster there (docs/seeds.md). Insert-only writes first ask
BatchGetItem which keys exist, so a reload never overwrites runtime state (a lawyer's open
questions, dispatch order, version)."""
import itertools
import time
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait

CHUNK = 100  # BatchGetItem and TransactWriteItems limit
WRITE_BATCH = 25  # BatchWriteItem limit
RETRIES = 8
METHODS = ("batch", "transact")


class Writer:
    def __init__(self, client, table_name, *, threads=4, method="batch", progress=print,
                 every_seconds=2.0):
        if method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}")
        self.client, self.table, self.threads, self.method = client, table_name, threads, method
        self.progress, self.every = progress, every_seconds

    def write(self, name, items, *, insert_only=False):
        """Write every item; returns how many were written (insert_only skips existing ones)."""
        started = last = time.perf_counter()
        written = seen = 0
        with ThreadPoolExecutor(self.threads) as pool:
            pending = set()
            for chunk in _chunks((item.serialize() for item in items), CHUNK):
                seen += len(chunk)
                pending.add(pool.submit(self._write_chunk, chunk, insert_only))
                if len(pending) >= self.threads * 2:  # bound the items held in memory
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    written += sum(f.result() for f in done)
                now = time.perf_counter()
                if now - last >= self.every:
                    last = now
                    self.progress(f"  {name}: {seen:,} items ({seen / (now - started):,.0f}/s)")
            written += sum(f.result() for f in pending)
        elapsed = time.perf_counter() - started
        self.progress(f"{name}: {written:,} of {seen:,} items written in {elapsed:.1f} s "
                      f"({seen / max(elapsed, 1e-9):,.0f} items/s)")
        return written

    def _write_chunk(self, items, insert_only):
        if insert_only:
            existing = self._existing_keys([{"PK": i["PK"], "SK": i["SK"]} for i in items])
            items = [i for i in items if (i["PK"]["S"], i["SK"]["S"]) not in existing]
        if items and self.method == "transact":
            self._transact([{"Put": {"TableName": self.table, "Item": item}} for item in items])
        else:
            for batch in _chunks(items, WRITE_BATCH):
                self._batch_write([{"PutRequest": {"Item": item}} for item in batch])
        return len(items)

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

    def _existing_keys(self, keys):
        found, request = set(), {self.table: {"Keys": keys, "ProjectionExpression": "PK, SK"}}
        for attempt in range(RETRIES):
            answer = self.client.batch_get_item(RequestItems=request)
            items = answer["Responses"].get(self.table, [])
            found.update((i["PK"]["S"], i["SK"]["S"]) for i in items)
            request = answer.get("UnprocessedKeys")
            if not request:
                return found
            time.sleep(0.05 * 2 ** attempt)
        raise RuntimeError("keys still unprocessed after retries")


def _chunks(iterable, size):
    iterator = iter(iterable)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk
