"""The base model of the single table: computed keys, a discriminator, overloaded indexes, TTL.

Every entity subclasses `Item` and implements `keys()`, returning its PK/SK and whichever index keys it
uses (None clears one, which takes the item out of that sparse index). Keys are recomputed on every
serialize, so an entity's index entries follow its fields.
"""
from pynamodb.attributes import (
    DiscriminatorAttribute, TTLAttribute, UnicodeAttribute)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from chalicelib.db import schema


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
    class Meta:
        table_name = "unbound"  # bind() sets the real name, endpoint and timeouts
        region = "us-east-1"
        connect_timeout_seconds = 1
        read_timeout_seconds = 2
        max_retry_attempts = 1  # PynamoDB counts retries: 1 retry = 2 attempts in all

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
    """Point every model at the configured table and endpoint (the composition root calls this).

    All entities share Item's Meta and one connection (one botocore client): a subclass that made
    its own connection earlier loses it, and finds Item's through inheritance.
    """
    meta = Item.Meta
    meta.table_name = settings.table_name
    meta.region = settings.aws_region
    meta.host = settings.dynamodb_endpoint or None
    meta.connect_timeout_seconds = settings.aws_connect_timeout
    meta.read_timeout_seconds = settings.aws_read_timeout
    meta.max_retry_attempts = max(settings.aws_max_attempts - 1, 0)
    for model in all_models():
        if "_connection" in model.__dict__:
            del model._connection
    Item._connection = None
    Item._get_connection()


def transact_write(**kwargs):
    """A TransactWrite on the bound table's connection (PynamoDB 6 has no default region, so a
    bare TransactWrite() would not find the table's endpoint)."""
    return TransactWrite(connection=Item._get_connection().connection, **kwargs)


def all_models():
    seen, todo = [], [Item]
    while todo:
        cls = todo.pop()
        seen.append(cls)
        todo.extend(cls.__subclasses__())
    return seen
