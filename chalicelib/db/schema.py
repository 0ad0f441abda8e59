"""The single table's physical shape, defined once.

`make run`, the tests and the CloudFormation template all build the table from
`table_definition()`; the PynamoDB models in `models.py` name the same attributes and
indexes, and `tests/unit/test_table_schema.py` proves the two agree.
"""

PK, SK = "PK", "SK"
TTL_ATTRIBUTE = "expires_at"

# Overloaded global secondary indexes: every entity decides what its GSIn keys mean.
# docs/data-model.md lists which access pattern uses which index.
GSIS = {
    "GSI1": ("GSI1PK", "GSI1SK"),  # owner lists: citizen's items, lawyer's inbox, county pool
    "GSI2": ("GSI2PK", "GSI2SK"),  # queues by status: staff review queue, city pool
    "GSI3": ("GSI3PK", "GSI3SK"),  # province pool, lookups by external id
    "GSI4": ("GSI4PK", "GSI4SK"),  # national pool
    "DUE": ("DUEPK", "DUEAT"),  # sparse: only items with pending time-driven work
}


def table_definition(table_name):
    """Keyword arguments for `CreateTable` (on-demand billing)."""
    attributes = [PK, SK] + [a for pair in GSIS.values() for a in pair]
    return {
        "TableName": table_name,
        "BillingMode": "PAY_PER_REQUEST",
        "AttributeDefinitions": [
            {"AttributeName": name, "AttributeType": "S"} for name in attributes
        ],
        "KeySchema": [
            {"AttributeName": PK, "KeyType": "HASH"},
            {"AttributeName": SK, "KeyType": "RANGE"},
        ],
        "GlobalSecondaryIndexes": [
            {
                "IndexName": index,
                "KeySchema": [
                    {"AttributeName": hash_key, "KeyType": "HASH"},
                    {"AttributeName": range_key, "KeyType": "RANGE"},
                ],
                "Projection": {"ProjectionType": "ALL"},
            }
            for index, (hash_key, range_key) in GSIS.items()
        ],
    }
