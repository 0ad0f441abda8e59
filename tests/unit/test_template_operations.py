"""The stack's operations side, read from the merge template without AWS: the alarms the runbook
explains, their subscribers as parameters, the dashboard, the egress options, and no secret among
the parameters — the same in the `aws` and `aws-cn` partitions."""
import json
import re
from pathlib import Path

import pytest

from chalicelib import metrics
from infra import alarms
from infra.parameters import PARAMETERS
from infra.policy import lambda_policy
from infra.template import merge_template

ROOT = Path(__file__).resolve().parents[2]
PARTITIONS = {"aws": ("us-east-1", "amazonaws.com"), "aws-cn": ("cn-north-1", "amazonaws.com.cn")}
EXPECTED_ALARMS = {"FirstResponseRateAlarm", "SweepBehindAlarm", "SweepUnhandledAlarm",
                   "NotificationsParkedAlarm", "TokenRefreshFailuresAlarm", "Api5xxRateAlarm",
                   "LambdaErrorsAlarm", "LambdaThrottlesAlarm", "DynamoDbThrottlesAlarm"}


def rendered(partition):
    """The merge template (and the role policy) with every Fn::Sub's pseudo parameters resolved
    as CloudFormation would in `partition`."""
    region, suffix = PARTITIONS[partition]
    pseudo = {"AWS::Partition": partition, "AWS::Region": region, "AWS::URLSuffix": suffix,
              "AWS::AccountId": "123456789012", "AWS::StackName": "zst-prod"}

    def resolve(node):
        if isinstance(node, dict):
            if set(node) == {"Fn::Sub"} and isinstance(node["Fn::Sub"], str):
                return re.sub(r"\$\{([^}]+)\}", lambda m: pseudo.get(m.group(1), "<" + m.group(1) + ">"),
                              node["Fn::Sub"])
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    return resolve({"template": merge_template(), "policy": lambda_policy("prod")})


def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("partition", PARTITIONS)
def test_every_arn_is_in_the_stacks_own_partition(partition):
    arns = [s for s in strings(rendered(partition)) if s.startswith("arn:")]
    assert arns and all(a.startswith(f"arn:{partition}:") for a in arns)
    assert "arn:aws:" not in json.dumps(merge_template())  # never written literally


def test_the_alarms_are_the_issues_list_and_each_tells_the_topic():
    resources = merge_template()["Resources"]
    found = {k for k, r in resources.items() if r.get("Type") == "AWS::CloudWatch::Alarm"}
    assert found == EXPECTED_ALARMS
    for name in found:
        properties = resources[name]["Properties"]
        assert properties["AlarmActions"] == [{"Ref": "AlarmTopic"}]
        assert properties["OKActions"] == [{"Ref": "AlarmTopic"}]
        assert sum(1 for m in properties["Metrics"] if m.get("ReturnData")) == 1


def test_the_runbook_has_a_section_for_every_alarm():
    runbook = (ROOT / "docs" / "runbook.md").read_text(encoding="utf-8")
    headings = set(re.findall(r"^## `?(\w+Alarm)`?", runbook, re.M))
    assert EXPECTED_ALARMS <= headings
    for heading in EXPECTED_ALARMS:
        section = runbook.split(f"## `{heading}`", 1)[1].split("\n## ", 1)[0]
        for part in ("**Means**", "**Look at**", "**Do**"):
            assert part in section, (heading, part)


def test_the_subscribers_are_parameters_each_subscribed_only_when_set():
    template = merge_template()
    subscriptions = {k: r for k, r in template["Resources"].items()
                     if r.get("Type") == "AWS::SNS::Subscription"}
    assert {r["Properties"]["Endpoint"]["Ref"] for r in subscriptions.values()} == \
        {"AlarmEmail", "AlarmEmail2", "AlarmHttpsEndpoint"}
    for resource in subscriptions.values():
        assert resource["Condition"] in template["Conditions"]
        assert resource["Properties"]["Endpoint"]["Ref"] in template["Parameters"]


def test_the_apps_metrics_are_found_where_the_functions_write_them():
    template = merge_template()
    variables = template["Globals"]["Function"]["Environment"]["Variables"]
    assert variables["METRICS_NAMESPACE"] == alarms.NAMESPACE
    named = {m["MetricStat"]["Metric"]["MetricName"] for r in template["Resources"].values()
             if r.get("Type") == "AWS::CloudWatch::Alarm" for m in r["Properties"]["Metrics"]
             if "MetricStat" in m and m["MetricStat"]["Metric"]["Namespace"] == alarms.NAMESPACE}
    assert {metrics.FIRST_RESPONSE_MET, metrics.FIRST_RESPONSE_DECIDED,
            metrics.OLDEST_DUE_SECONDS} <= named
    filtered = {r["Properties"]["MetricTransformations"][0]["MetricName"]
                for r in template["Resources"].values() if r.get("Type") == "AWS::Logs::MetricFilter"}
    assert named - {metrics.FIRST_RESPONSE_MET, metrics.FIRST_RESPONSE_DECIDED,
                    metrics.OLDEST_DUE_SECONDS} == filtered


def test_the_sweep_alarm_fires_when_the_sweep_goes_silent():
    sweep = merge_template()["Resources"]["SweepBehindAlarm"]["Properties"]
    assert sweep["Threshold"] == 180 and sweep["TreatMissingData"] == "breaching"


@pytest.mark.parametrize("partition", PARTITIONS)
def test_the_dashboard_is_json_and_shows_every_alarm(partition):
    dashboard = rendered(partition)["template"]["Resources"]["OperationsDashboard"]["Properties"]
    body = json.loads(dashboard["DashboardBody"])
    graphed = {w["properties"]["title"] for w in body["widgets"] if w["type"] == "metric"}
    assert graphed == {name.removesuffix("Alarm") for name in EXPECTED_ALARMS}
    assert {w["properties"]["region"] for w in body["widgets"] if w["type"] == "metric"} == \
        {PARTITIONS[partition][0]}


def test_egress_is_a_choice_of_parameters_and_no_secret_is_one():
    template = merge_template()
    parameters = template["Parameters"]
    # the relay reaches the functions; the VPC option puts every function in the given subnets
    assert template["Globals"]["Function"]["Environment"]["Variables"]["WECHAT_TOKEN_RELAY_URL"] == \
        {"Ref": "WechatTokenRelayUrl"}
    vpc = template["Globals"]["Function"]["VpcConfig"]["Fn::If"]
    assert vpc[0] == "InEgressVpc" and vpc[2] == {"Ref": "AWS::NoValue"}
    assert parameters["EgressSubnetIds"]["Type"] == "CommaDelimitedList"
    assert all(parameters[p]["Default"] == "" for p in
               ("WechatTokenRelayUrl", "EgressSubnetIds", "EgressSecurityGroupIds"))
    # and no secret travels as a parameter (they are SecureStrings in SSM)
    assert not any(p.get("NoEcho") for p in parameters.values())
    assert not [p for p in PARAMETERS if re.search("SECRET|TOKEN$|AES|KEY", p.env)]
