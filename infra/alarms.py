"""What tells the operator that the platform fails its citizens: CloudWatch alarms to one SNS topic
(subscribers are template parameters), the metric filters that turn log lines into metrics, and a
dashboard showing the same figures. docs/runbook.md has a section per alarm, by the same name.

The app's own metrics live in the namespace `Zhangshangtong/<stack name>` (METRICS_NAMESPACE, set
for every function by template.function_globals): EMF lines (chalicelib/metrics.py) and the metric
filters below. AWS's own metrics are named by the stack's resources, so one template serves every
stack and both partitions.
"""
import json

from chalicelib import metrics

TOPIC = "AlarmTopic"
FUNCTIONS = ("APIHandler", "SweepDue", "OutboxStream")  # the functions Chalice generates
NAMESPACE = {"Fn::Sub": "Zhangshangtong/${AWS::StackName}"}
API_NAME = {"Ref": "AWS::StackName"}  # template.py names the REST API after the stack
API_STAGE = "api"

NOTIFICATIONS_PARKED, TOKEN_REFRESH_FAILURES, SWEEP_UNHANDLED = (
    "NotificationsParked", "TokenRefreshFailures", "SweepUnhandled")
# Log lines (chalicelib/logs.py, JSON) counted as metrics: name → (pattern, value).
FILTERS = {
    # parked: the last attempt failed, or the notice cannot be sent at all (no account / template)
    NOTIFICATIONS_PARKED: ('{ ($.event = "outbox_attempt_failed" && $.outcome = "failed") || '
                           '$.event = "outbox_account_unconfigured" || '
                           '$.event = "outbox_template_unconfigured" }', "1"),
    TOKEN_REFRESH_FAILURES: ('{ $.event = "wechat_token_refresh_failed" }', "1"),
    SWEEP_UNHANDLED: ('{ $.event = "sweep_run" }', "$.unhandled"),
}
SUBSCRIBERS = {"AlarmEmail": "email", "AlarmEmail2": "email", "AlarmHttpsEndpoint": "https"}


def _app_metric(name, stat="Sum", period=300):
    return {"Metric": {"Namespace": NAMESPACE, "MetricName": name}, "Period": period, "Stat": stat}


def _aws_metric(namespace, name, dimensions, stat="Sum", period=300):
    return {"Metric": {"Namespace": namespace, "MetricName": name, "Dimensions": [
        {"Name": k, "Value": v} for k, v in dimensions.items()]}, "Period": period, "Stat": stat}


def _query(query_id, stat, label=None):
    return {"Id": query_id, "MetricStat": stat, "ReturnData": False,
            **({"Label": label} if label else {})}


def _alarm(description, metrics_, threshold, comparison, *, periods=1, missing="notBreaching"):
    return {"Type": "AWS::CloudWatch::Alarm", "Properties": {
        "AlarmDescription": description + " — docs/runbook.md",
        "Metrics": metrics_, "Threshold": threshold, "ComparisonOperator": comparison,
        "EvaluationPeriods": periods, "DatapointsToAlarm": periods, "TreatMissingData": missing,
        "AlarmActions": [{"Ref": TOPIC}], "OKActions": [{"Ref": TOPIC}]}}


def _expression(expression, label, *queries):
    return [*queries, {"Id": "result", "Expression": expression, "Label": label, "ReturnData": True}]


def _sum_of_functions(metric_name):
    queries = [_query(f"f{i}", _aws_metric("AWS/Lambda", metric_name, {"FunctionName": {"Ref": f}}))
               for i, f in enumerate(FUNCTIONS)]
    return _expression("+".join(q["Id"] for q in queries), metric_name, *queries)


def alarms():
    """Logical id → alarm. Each name is a section of docs/runbook.md."""
    table = {"TableName": {"Ref": "AppTable"}}
    api = {"ApiName": API_NAME, "Stage": API_STAGE}
    return {
        "FirstResponseRateAlarm": _alarm(
            "Fewer questions than the target got a first answer within 10 minutes in the last hour",
            _expression("100 * met / decided", "10-minute first-response rate (%)",
                        _query("met", _app_metric(metrics.FIRST_RESPONSE_MET, period=3600)),
                        _query("decided", _app_metric(metrics.FIRST_RESPONSE_DECIDED, period=3600))),
            {"Ref": "FirstResponseTargetPercent"}, "LessThanThreshold"),
        "SweepBehindAlarm": _alarm(
            "The oldest due item waited more than 3 minutes, or the sweep did not run",
            [{"Id": "oldest", "ReturnData": True,
              "MetricStat": _app_metric(metrics.OLDEST_DUE_SECONDS, "Maximum", 60)}],
            180, "GreaterThanThreshold", periods=2, missing="breaching"),
        "SweepUnhandledAlarm": _alarm(
            "A due item has no sweep handler (a deployment fault)",
            [{"Id": "unhandled", "ReturnData": True,
              "MetricStat": _app_metric(SWEEP_UNHANDLED, "Maximum", 300)}],
            0, "GreaterThanThreshold"),
        "NotificationsParkedAlarm": _alarm(
            "Notifications were parked: they will not reach their citizen or lawyer by themselves",
            [{"Id": "parked", "ReturnData": True, "MetricStat": _app_metric(NOTIFICATIONS_PARKED)}],
            0, "GreaterThanThreshold"),
        "TokenRefreshFailuresAlarm": _alarm(
            "The WeChat access token could not be refreshed: nothing can be sent",
            [{"Id": "failures", "ReturnData": True,
              "MetricStat": _app_metric(TOKEN_REFRESH_FAILURES)}],
            0, "GreaterThanThreshold"),
        "Api5xxRateAlarm": _alarm(
            "More than 5% of API requests failed with 5xx over 5 minutes (at least 10 requests)",
            _expression("IF(requests >= 10, 100 * errors / requests, 0)", "5xx rate (%)",
                        _query("errors", _aws_metric("AWS/ApiGateway", "5XXError", api)),
                        _query("requests", _aws_metric("AWS/ApiGateway", "Count", api))),
            5, "GreaterThanThreshold"),
        "LambdaErrorsAlarm": _alarm("A function invocation failed", _sum_of_functions("Errors"),
                                    0, "GreaterThanThreshold"),
        "LambdaThrottlesAlarm": _alarm("Lambda refused to run a function (throttled)",
                                       _sum_of_functions("Throttles"), 0, "GreaterThanThreshold"),
        "DynamoDbThrottlesAlarm": _alarm(
            "DynamoDB throttled reads or writes on the table",
            _expression("reads + writes", "throttle events",
                        _query("reads", _aws_metric("AWS/DynamoDB", "ReadThrottleEvents", table)),
                        _query("writes", _aws_metric("AWS/DynamoDB", "WriteThrottleEvents", table))),
            0, "GreaterThanThreshold"),
    }


def metric_filters():
    return {f"{name}Filter": {"Type": "AWS::Logs::MetricFilter", "Properties": {
        "LogGroupName": {"Ref": "AppLogGroup"}, "FilterPattern": pattern,
        "MetricTransformations": [{"MetricNamespace": NAMESPACE, "MetricName": name,
                                   "MetricValue": value, "DefaultValue": 0}]}}
        for name, (pattern, value) in FILTERS.items()}


def topic():
    """The topic and one subscription per subscriber parameter that is set."""
    resources = {TOPIC: {"Type": "AWS::SNS::Topic", "Properties": {
        "DisplayName": "掌上通 alarms"}}}
    for parameter, protocol in SUBSCRIBERS.items():
        resources[f"{parameter}Subscription"] = {
            "Type": "AWS::SNS::Subscription", "Condition": f"Has{parameter}",
            "Properties": {"TopicArn": {"Ref": TOPIC}, "Protocol": protocol,
                           "Endpoint": {"Ref": parameter}}}
    return resources


def conditions():
    return {f"Has{p}": {"Fn::Not": [{"Fn::Equals": [{"Ref": p}, ""]}]} for p in SUBSCRIBERS}


def dashboard():
    """One page: the same figures as the alarms, each alarm's line beside its threshold."""
    found = alarms()
    widgets = [{"type": "alarm", "width": 24, "height": 3, "x": 0, "y": 0, "properties": {
        "title": "掌上通 alarms", "alarms": [f"${{{name}.Arn}}" for name in found]}}]
    for index, name in enumerate(found):
        widgets.append({"type": "metric", "width": 8, "height": 6,
                        "x": (index % 3) * 8, "y": 3 + (index // 3) * 6,
                        "properties": {"title": name.removesuffix("Alarm"), "region": "${AWS::Region}",
                                       "view": "timeSeries", "stat": "Sum",
                                       "annotations": {"alarms": [f"${{{name}.Arn}}"]}}})
    body = json.dumps({"widgets": widgets}, ensure_ascii=False)
    return {"Type": "AWS::CloudWatch::Dashboard", "Properties": {
        "DashboardName": {"Fn::Sub": "${AWS::StackName}-operations"},
        "DashboardBody": {"Fn::Sub": body}}}


def resources():
    return {**topic(), **metric_filters(), **alarms(), "OperationsDashboard": dashboard()}


def outputs():
    return {"AlarmTopicArn": {"Value": {"Ref": TOPIC}},
            "DashboardName": {"Value": {"Ref": "OperationsDashboard"}}}
