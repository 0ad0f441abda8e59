"""Wires the outbox stream function (chalicelib/routes/outbox_stream.py) to the table's stream in
the template `chalice package` wrote.

Chalice copies the function's `stream_arn` into the event source verbatim, and the stream's ARN is
known only once CloudFormation has created the table. So the build packages with TABLE_STREAM_ARN
set to PLACEHOLDER, and `wire` swaps each placeholder for `Fn::GetAtt <table>.StreamArn` and sets
what Chalice cannot: the timeout, retries, the event filter and the role's stream permissions.
"""
import json

from infra.policy import stream_read_policy
from infra.template import TABLE

PLACEHOLDER = "zst-build:table-stream"  # not an ARN: if it ever reached AWS it would be refused
# A batch is at most 10 deliveries in turn, each a few WeChat calls with 3 s timeouts at worst.
BATCH_SIZE = 10
TIMEOUT_SECONDS = 120
# The handler never raises, so only a timeout fails a batch. The sweep delivers whatever the stream
# missed within a minute, so a failing batch is split and then dropped instead of holding the shard
# for the 24 hours the stream keeps records.
MAX_RETRIES = 2
# Only inserted Notifications start a delivery; every other write to the table invokes nothing.
NOTIFICATION_INSERTS = {"eventName": ["INSERT"],
                        "dynamodb": {"NewImage": {"type": {"S": ["Notification"]}}}}


def table_stream_events(template):
    """(function name, function, event) for every DynamoDB event source in the template."""
    for name, resource in template["Resources"].items():
        if resource["Type"] != "AWS::Serverless::Function":
            continue
        for event in resource["Properties"].get("Events", {}).values():
            if event["Type"] == "DynamoDB":
                yield name, resource, event


def wire(template):
    """Point every placeholder stream at the table's; returns the names of the functions wired.

    Raises ValueError for a stream it cannot wire: a literal ARN would tie the template to one
    account and partition, and a role it cannot find would leave the poller without permissions.
    """
    wired = []
    for name, function, event in table_stream_events(template):
        source = event["Properties"]
        if source["Stream"] != PLACEHOLDER:
            raise ValueError(f"{name} reads the stream {source['Stream']!r}, not the table's")
        if source.get("BatchSize") != BATCH_SIZE:
            raise ValueError(f"{name} takes batches of {source.get('BatchSize')}, not {BATCH_SIZE}")
        source.update({
            "Stream": {"Fn::GetAtt": [TABLE, "StreamArn"]},
            "MaximumRetryAttempts": MAX_RETRIES,
            "BisectBatchOnFunctionError": True,
            "FilterCriteria": {"Filters": [{"Pattern": json.dumps(NOTIFICATION_INSERTS)}]},
        })
        function["Properties"]["Timeout"] = TIMEOUT_SECONDS
        role = function["Properties"].get("Role")
        if not (isinstance(role, dict) and role.get("Fn::GetAtt", [None])[0] in template["Resources"]):
            raise ValueError(f"{name} has no role of this stack to give the stream permissions")
        role_name = role["Fn::GetAtt"][0]
        template["Resources"][role_name]["Properties"]["Policies"].append(
            {"PolicyName": f"{role_name}TableStream", "PolicyDocument": stream_read_policy()})
        wired.append(name)
    return wired
