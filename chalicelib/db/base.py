"""The base model of the single table: computed keys, a discriminator, overloaded indexes, TTL.

Every entity subclasses `Item` and implements `keys()`, returning its PK/SK and whichever index keys it
uses (None clears one, which takes the item out of that sparse index). Keys are recomputed on every
serialize, so an entity's index entries follow its fields.

Which table the models talk to is one `Binding` (a `Table` and its one connection), installed whole
by the composition root (`wiring.Services.table()` → `bind(settings)`). Nothing writes a model's
Meta at run time: `Item.Meta` reads the bound table, and every model's connection is the binding's.
Binding another table (each test has its own) swaps that one reference; a request that reaches the
table before anything was bound fails with TableNotBound instead of talking to a table named
"unbound".
"""
import threading
from dataclasses import dataclass
from typing import Optional

from pynamodb.attributes import (
    DiscriminatorAttribute, TTLAttribute, UnicodeAttribute)
from pynamodb.connection.base import MetaTable
from pynamodb.connection.table import TableConnection
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.db import schema


class TableNotBound(RuntimeError):
    """The table was reached before the composition root bound it (wiring.Services.table())."""


@dataclass(frozen=True)
class Table:
    """Where the single table is, and how patiently to talk to it."""
    name: str
    region: str
    host: Optional[str] = None
    connect_timeout_seconds: float = 1
    read_timeout_seconds: float = 2
    max_retry_attempts: int = 1  # PynamoDB counts retries: 1 retry = 2 attempts in all

    @classmethod
    def from_settings(cls, settings):
        return cls(name=settings.table_name, region=settings.aws_region,
                   host=settings.dynamodb_endpoint or None,
                   connect_timeout_seconds=settings.aws_connect_timeout,
                   read_timeout_seconds=settings.aws_read_timeout,
                   max_retry_attempts=max(settings.aws_max_attempts - 1, 0))


class Binding:
    """A Table and the one connection (one botocore client) every model uses for it, made on
    first use and never changed."""

    def __init__(self, table):
        self.table = table
        self._connection = None
        self._lock = threading.Lock()

    @property
    def connection(self):
        made = self._connection
        if made is None:
            with self._lock:  # work after a commit runs on threads: one connection, made once
                if self._connection is None:
                    self._connection = _connect(self.table)
                made = self._connection
        return made


_bound = None  # the Binding the models use; replaced whole, never edited


class _BoundMeta(type):
    """Item.Meta's settings are read from the bound table (PynamoDB reads `table_name` to find
    its table's part of a batch answer); assigning them is refused."""
    table_name = property(lambda meta: _bound.table.name if _bound else None)
    region = property(lambda meta: _bound.table.region if _bound else None)
    host = property(lambda meta: _bound.table.host if _bound else None)
    connect_timeout_seconds = property(lambda meta: _bound.table.connect_timeout_seconds if _bound else None)
    read_timeout_seconds = property(lambda meta: _bound.table.read_timeout_seconds if _bound else None)
    max_retry_attempts = property(lambda meta: _bound.table.max_retry_attempts if _bound else None)


def _index(index_name):
    """A GSI class for one of schema.GSIS (all attributes projected)."""
    hash_name, range_name = schema.GSIS[index_name]
    meta = type("Meta", (), {"index_name": index_name, "projection": AllProjection()})
    return type(f"{index_name}Index", (GlobalSecondaryIndex,), {
        "Meta": meta,
        hash_name: UnicodeAttribute(hash_key=True),
        range_name: UnicodeAttribute(range_key=True),
    })


KEY_ATTRIBUTES = (schema.PK, schema.SK) + tuple(a for p in schema.GSIS.values() for a in p)


class Item(Model):
    class Meta(metaclass=_BoundMeta):
        """The bound table's name, region, endpoint and timeouts (see `bind`)."""

    PK = UnicodeAttribute(hash_key=True)
    SK = UnicodeAttribute(range_key=True)
    type = DiscriminatorAttribute(attr_name="type")
    GSI1PK = UnicodeAttribute(null=True)
    GSI1SK = UnicodeAttribute(null=True)
    GSI2PK = UnicodeAttribute(null=True)
    GSI2SK = UnicodeAttribute(null=True)
    GSI3PK = UnicodeAttribute(null=True)
    GSI3SK = UnicodeAttribute(null=True)
    GSI4PK = UnicodeAttribute(null=True)
    GSI4SK = UnicodeAttribute(null=True)
    DUEPK = UnicodeAttribute(null=True)
    DUEAT = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)

    gsi1 = _index("GSI1")()
    gsi2 = _index("GSI2")()
    gsi3 = _index("GSI3")()
    gsi4 = _index("GSI4")()
    due = _index("DUE")()

    def __init__(self, hash_key=None, range_key=None, _user_instantiated=True, **attributes):
        super().__init__(hash_key, range_key, _user_instantiated=_user_instantiated, **attributes)
        if _user_instantiated:
            self.assign_keys()

    @classmethod
    def _get_connection(cls):
        """The bound table's connection, whatever the entity (PynamoDB would make one per class)."""
        return bound().connection

    def keys(self):
        """{attribute: value} for PK, SK and the index keys this entity uses."""
        raise NotImplementedError

    @property
    def entity(self):
        """The discriminator text of this item ("Consultation", "Notification" …)."""
        return Item.type.get_discriminator(type(self))

    def assign_keys(self):
        computed = self.keys()
        for name in KEY_ATTRIBUTES:
            if name in (schema.PK, schema.SK) or name in computed:
                setattr(self, name, computed.get(name))
            elif name not in computed:
                setattr(self, name, None)

    def serialize(self, null_check=True):
        self.assign_keys()
        return super().serialize(null_check=null_check)


def bind(settings):
    """Point every model at the configured table and endpoint (the composition root calls this,
    once per Services); returns the new Binding. Its connection is a new one, made on first use."""
    return use_table(Table.from_settings(settings))


def use_table(table):
    """Install `table` as the one the models use: one assignment, so a reader sees the old binding
    or the new one, never a mix."""
    global _bound
    _bound = Binding(table)
    return _bound


def bound():
    """The Binding the models use; TableNotBound before the composition root bound one."""
    found = _bound
    if found is None:
        raise TableNotBound("the table is not bound: the composition root calls services().table() "
                            "before anything reaches it")
    return found


def _connect(table):
    """A TableConnection to `table`, described by Item's schema (what PynamoDB's own
    Model._get_connection builds from a Meta)."""
    schema_ = Item._get_schema()
    meta_table = MetaTable({
        "TableName": table.name,
        "KeySchema": schema_["key_schema"],
        "AttributeDefinitions": schema_["attribute_definitions"],
        "GlobalSecondaryIndexes": [{"IndexName": i["index_name"], "KeySchema": i["key_schema"]}
                                   for i in schema_["global_secondary_indexes"]],
        "LocalSecondaryIndexes": [{"IndexName": i["index_name"], "KeySchema": i["key_schema"]}
                                  for i in schema_["local_secondary_indexes"]],
    })
    return TableConnection(table.name, meta_table=meta_table, region=table.region, host=table.host,
                           connect_timeout_seconds=table.connect_timeout_seconds,
                           read_timeout_seconds=table.read_timeout_seconds,
                           max_retry_attempts=table.max_retry_attempts,
                           max_pool_connections=Item.Meta.max_pool_connections,
                           extra_headers=Item.Meta.extra_headers)


def transact_write(**kwargs):
    """A TransactWrite on the bound table's connection (PynamoDB 6 has no default region, so a
    bare TransactWrite() would not find the table's endpoint)."""
    return TransactWrite(connection=bound().connection.connection, **kwargs)


def all_models():
    seen, todo = [], [Item]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen
