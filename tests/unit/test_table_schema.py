"""The table is defined once: the PynamoDB models and `table_definition()` must agree."""
from chalicelib.db import keys, schema
from chalicelib.db.base import Item, all_models
from chalicelib.db.models import Category, Lawyer, LawyerSlot, Region


def _key_schema(entries):
    return {e["AttributeName"]: e["KeyType"] for e in entries}


def test_models_and_table_definition_describe_the_same_table():
    # Given the definition make run, the tests and the infra template build the table from
    definition = schema.table_definition("t")
    # When PynamoDB describes the table its models expect
    model_schema = Item._get_schema()
    # Then keys, attributes and every index agree
    assert _key_schema(model_schema["key_schema"]) == _key_schema(definition["KeySchema"])
    assert ({a["AttributeName"]: a["AttributeType"] for a in model_schema["attribute_definitions"]}
            == {a["AttributeName"]: a["AttributeType"] for a in definition["AttributeDefinitions"]})
    model_indexes = {i["index_name"]: (_key_schema(i["key_schema"]), i["projection"]["ProjectionType"])
                     for i in model_schema["global_secondary_indexes"]}
    table_indexes = {i["IndexName"]: (_key_schema(i["KeySchema"]), i["Projection"]["ProjectionType"])
                     for i in definition["GlobalSecondaryIndexes"]}
    assert model_indexes == table_indexes


def test_every_entity_model_shares_the_base_table():
    for model in all_models():
        assert model.Meta is Item.Meta or model.Meta.table_name == Item.Meta.table_name


def test_lawyer_slot_sits_in_all_four_dispatch_pools_ordered_fairly():
    # Given a lawyer of 信丰县 practising labour law, never dispatched, 4.5 stars
    slot = LawyerSlot(lawyer_id="L1", category="labor", county="360722", city="360700",
                      province="360000", stars=4.5)
    # When it is serialized
    item = slot.serialize()
    # Then it is in the county, city, province and national pools with one fairness order
    assert item["GSI1PK"]["S"] == "POOL#county#360722#labor"
    assert item["GSI2PK"]["S"] == "POOL#city#360700#labor"
    assert item["GSI3PK"]["S"] == "POOL#province#360000#labor"
    assert item["GSI4PK"]["S"] == "POOL#national#CN#labor"
    assert {item[f"GSI{n}SK"]["S"] for n in range(1, 5)} == {"0#050#L1"}


def test_fairness_puts_least_recently_dispatched_first_then_more_stars():
    never = keys.fairness_key(None, 3.0, "L9")
    earlier_low = keys.fairness_key("2026-03-01T08:00:00Z", 2.0, "L2")
    earlier_high = keys.fairness_key("2026-03-01T08:00:00Z", 4.8, "L3")
    later = keys.fairness_key("2026-03-01T09:00:00Z", 5.0, "L4")
    assert sorted([later, earlier_low, never, earlier_high]) == [never, earlier_high, earlier_low, later]


def test_unavailable_lawyer_leaves_every_pool_but_keeps_its_slot():
    slot = LawyerSlot(lawyer_id="L1", category="labor", county="360722", city="360700",
                      province="360000", available=False)
    item = slot.serialize()
    assert item["PK"]["S"] == "LAWYER#L1" and item["SK"]["S"] == "SLOT#labor"
    assert not any(k.startswith("GSI") for k in item)


def test_lawyer_is_found_by_openid_only_when_bound():
    bound = Lawyer(lawyer_id="L1", name="王律师", licence_no="1", firm="f", county="360722",
                   city="360700", province="360000", openid="oABC").serialize()
    unbound = Lawyer(lawyer_id="L2", name="李律师", licence_no="2", firm="f", county="360722",
                     city="360700", province="360000").serialize()
    assert bound["GSI3PK"]["S"] == "OPENID#oABC"
    assert "GSI3PK" not in unbound


def test_reference_data_keys_sort_in_display_order():
    first = Category(code="labor", name="劳动争议", order=1).serialize()["SK"]["S"]
    tenth = Category(code="other", name="其他", order=10).serialize()["SK"]["S"]
    assert first < tenth
    county = Region(code="360722", name="信丰县", level="county", parent="360700").serialize()
    assert county["GSI1PK"]["S"] == "REGION_CHILDREN#360700"
