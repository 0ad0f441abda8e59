"""CloudWatch metrics in embedded metric format (EMF): one JSON line on stdout per emission, which
CloudWatch Logs turns into metrics without any API call (no PutMetricData, no extra latency).

Every metric goes to the namespace METRICS_NAMESPACE (the stack sets `Zhangshangtong/<stack name>`,
so the alarms of `infra/alarms.py` find exactly their own stack's figures) without dimensions. Off
AWS (no namespace) nothing is written: the local stack's console stays readable.

The metrics (names shared with infra/alarms.py):
- `FirstResponseDecided` / `FirstResponseMet`: one consultation whose 10-minute first response is
  decided, and whether it was met (consultations/sla_metric.py says when each is counted);
- `OldestDueSeconds`: how late the oldest item the sweep found due was, each run (sweep.py).
"""
import json
import sys

FIRST_RESPONSE_DECIDED = "FirstResponseDecided"
FIRST_RESPONSE_MET = "FirstResponseMet"
OLDEST_DUE_SECONDS = "OldestDueSeconds"

UNITS = {FIRST_RESPONSE_DECIDED: "Count", FIRST_RESPONSE_MET: "Count",
         OLDEST_DUE_SECONDS: "Seconds"}


def namespace():
    from chalicelib.settings import get_settings

    return get_settings().metrics_namespace


def document(values, now, space, **properties):
    """The EMF object for `values` ({metric name: number}) at `now` (an aware datetime); extra
    `properties` ride along as searchable fields that are not metrics."""
    return {
        "_aws": {
            "Timestamp": int(now.timestamp() * 1000),
            "CloudWatchMetrics": [{
                "Namespace": space,
                "Dimensions": [[]],
                "Metrics": [{"Name": name, "Unit": UNITS.get(name, "None")} for name in values],
            }],
        },
        **properties,
        **values,
    }


def emit(values, now, out=None, **properties):
    """Write one EMF line for `values`; nothing when no namespace is configured."""
    space = namespace()
    if not space or not values:
        return None
    line = json.dumps(document(values, now, space, **properties), ensure_ascii=False)
    stream = out or sys.stdout
    stream.write(line + "\n")
    stream.flush()
    return line
