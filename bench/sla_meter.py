"""What a simulation job costs, counted where it happens (bench only: nothing here changes what the
platform does). The figures of docs/decisions/many-bureaus.md §9 and docs/cost.md:

- DynamoDB: every call, by operation, with the capacity DynamoDB reports (`ReturnConsumedCapacity`
  is added to each call; read and write units, table and indexes) — from botocore's own events.
- Dispatch transactions: each TransactWriteItems that writes a Dispatch, and how many DynamoDB
  refused, by what refused (a lawyer's version, the consultation's revision, something else).
- The sweep: per sweep, the items handled and its wall time; per handler call, its wall time.
- Logs: the bytes the app's JSON logger writes at INFO (what CloudWatch would ingest).
"""
import logging
import time
from collections import Counter

INDEX_KEYS = {"GSI1PK", "GSI2PK", "GSI3PK", "GSI4PK", "DUEPK"}  # one per index (base.py)
CAPACITY_OPS = {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan", "BatchGetItem",
                "BatchWriteItem", "TransactWriteItems", "TransactGetItems"}


class _ByteCounter(logging.Handler):
    def __init__(self, formatter):
        super().__init__(logging.INFO)
        self.setFormatter(formatter)
        self.bytes, self.lines = 0, 0

    def emit(self, record):
        self.bytes += len(self.format(record).encode()) + 1
        self.lines += 1


class Meter:
    def __init__(self):
        self.calls, self.units = Counter(), Counter()  # op -> calls; "read"/"write" -> units
        self.dispatch_tx, self.refused = 0, Counter()  # refused dispatch transactions, by cause
        self.sweeps = []  # (items handled, seconds)
        self.handler_seconds = []
        self.logs = None
        self.aside = False  # set while the simulator itself calls DynamoDB (its WeChat stand-in)
        self.aside_calls = Counter()
        self.timings = {}  # "open" | "answer" -> [seconds]: one API request's work each

    # -- installing ------------------------------------------------------------------------------
    def install(self, client):
        events = client.meta.events
        events.register("before-parameter-build.dynamodb", self._before)
        events.register("after-call.dynamodb", self._after)
        self._wrap_handlers()
        self._count_logs()

    def _wrap_handlers(self):
        """The sweep's table (`wiring.due_handlers()`, read by every run) with each handler timed."""
        from chalicelib import wiring

        table = wiring.due_handlers
        wiring.due_handlers = lambda: {entity: due._replace(run=self._timed(due.run))
                                       for entity, due in table().items()}

    def _timed(self, handler):
        def timed(item, now, services):
            started = time.perf_counter()
            try:
                return handler(item, now, services)
            finally:
                self.handler_seconds.append(time.perf_counter() - started)
        return timed

    def _count_logs(self):
        from chalicelib import logs

        logger = logs.configure()
        for handler in logger.handlers:  # what was shown stays as it was; INFO now reaches the counter
            handler.setLevel(max(handler.level, logger.level))
        self.logs = _ByteCounter(logs.JsonFormatter())
        logger.addHandler(self.logs)
        logger.setLevel(logging.INFO)

    # -- botocore events -------------------------------------------------------------------------
    @staticmethod
    def _before(params, model, context, **_):
        if model.name in CAPACITY_OPS:
            params["ReturnConsumedCapacity"] = "INDEXES"  # PynamoDB asks TOTAL: the same sum
        items = [next(iter(i.values())) for i in params.get("TransactItems", [])]
        context["zst_items"] = items
        context["zst_index_keys"] = sum(Meter._index_keys(i) for i in items or [params]
                                        if model.name in CAPACITY_OPS)
        context["zst_dispatch"] = any(
            i.get("Item", {}).get("SK", {}).get("S", "").startswith("DISPATCH#") for i in items)

    def set_aside(self, fn):
        """`fn`'s DynamoDB calls are the simulator's, not the platform's: counted apart."""
        def aside(*args, **kwargs):
            self.aside = True
            try:
                return fn(*args, **kwargs)
            finally:
                self.aside = False
        return aside

    def _after(self, http_response, parsed, model, context, **_):
        if self.aside:
            self.aside_calls[model.name] += 1
            return
        self.calls[model.name] += 1
        self.units["index_entries_written"] += context.get("zst_index_keys") or 0
        consumed = parsed.get("ConsumedCapacity")
        for entry in consumed if isinstance(consumed, list) else [consumed] if consumed else []:
            self._add_units(model.name, entry)
        if context.get("zst_dispatch"):
            self.dispatch_tx += 1
            reasons = parsed.get("CancellationReasons") or []
            if reasons or "Error" in parsed:
                self.refused[self._cause(reasons, context.get("zst_items") or [])] += 1

    @staticmethod
    def _index_keys(item):
        """Index keys a write sets (each an index entry written, >= 1 write unit; a moved key
        also deletes the old entry, not counted): a Put's item keys, an Update's SET names."""
        if "Item" in item:
            return len(INDEX_KEYS & set(item["Item"]))
        if "UpdateExpression" in item:
            return len(INDEX_KEYS & set((item.get("ExpressionAttributeNames") or {}).values()))
        return 0

    def _add_units(self, op, entry):
        kind = "write" if op in ("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
                                 "TransactWriteItems") else "read"
        self.units[kind] += float(entry.get("CapacityUnits") or 0)
        table = entry.get("Table", {}).get("CapacityUnits")
        indexes = sum(float(i.get("CapacityUnits") or 0)
                      for i in (entry.get("GlobalSecondaryIndexes") or {}).values())
        self.units[f"{kind}_table"] += float(table or 0)
        self.units[f"{kind}_indexes"] += indexes

    @staticmethod
    def _cause(reasons, items):
        for reason, item in zip(reasons, items):
            if reason.get("Code") in (None, "None"):
                continue
            key = item.get("Key") or item.get("Item") or {}
            pk, sk = key.get("PK", {}).get("S", ""), key.get("SK", {}).get("S", "")
            if pk.startswith("LAWYER#") and not sk.startswith("SLOT"):
                return "lawyer_version"
            if pk.startswith("CONS#") and sk == "META":
                return "consultation_revision"
            return f"other:{pk.split('#')[0]}"
        return "unknown"

    def timed(self, name, fn):
        """`fn`, its calls' wall time kept under `name`."""
        kept = self.timings.setdefault(name, [])

        def timed(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                kept.append(time.perf_counter() - started)
        return timed

    # -- the sweep -------------------------------------------------------------------------------
    def sweep(self, run):
        started = time.perf_counter()
        report = run()
        seconds = time.perf_counter() - started
        items = sum(report["handled"].values()) + report["errors"] + report.get("deferred", 0)
        self.sweeps.append((items, seconds))
        return report

    def snapshot(self):
        """Plain data for the parent process."""
        return {"calls": dict(self.calls), "aside_calls": dict(self.aside_calls), "units": dict(self.units), "dispatch_tx": self.dispatch_tx,
                "refused": dict(self.refused), "sweeps": list(self.sweeps),
                "handler_seconds": list(self.handler_seconds), "timings": dict(self.timings),
                "log_bytes": self.logs.bytes if self.logs else 0,
                "log_lines": self.logs.lines if self.logs else 0}
