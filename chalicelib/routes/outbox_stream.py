"""The prompt path to delivery on AWS: the table's stream (NEW_IMAGE) hands every newly inserted
outbox record to delivery within about a second of the commit. `sweep_due` remains the safety net,
so a failure here is logged and never raised: raising would replay the whole batch and hold up the
shard behind it.

Infra: the table needs `StreamSpecification: {StreamViewType: NEW_IMAGE}` and TABLE_STREAM_ARN must
name its stream when the app is packaged (Chalice writes the ARN into the event source mapping).
"""
import logging
import os

from chalice import Blueprint

from chalicelib import delivery_triggers, reach_triggers, starter
from chalicelib.logs import log
from chalicelib.wiring import services

bp = Blueprint(__name__)

# Only read at packaging time; the placeholder keeps `chalice local` and the tests importable.
STREAM_ARN = os.environ.get(
    "TABLE_STREAM_ARN",
    "arn:aws:dynamodb:us-east-1:000000000000:table/zhangshangtong-local/stream/local")


def inserted(records, entity, id_attribute):
    """Ids of `entity` items inserted in this batch (updates and other entities are ignored)."""
    ids = []
    for record in records:
        image = record.new_image or {}
        if record.event_name == "INSERT" and image.get("type", {}).get("S") == entity:
            ids.append(image.get(id_attribute, {}).get("S"))
    return [i for i in ids if i]


def inserted_notifications(records):
    return inserted(records, "Notification", "notification_id")


@bp.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=10, name="outbox_stream")
def outbox_stream(event):
    # Chat questions are committed by the webhook unstarted: dispatch their tier 1 now.
    for consultation_id in inserted(event, "Consultation", "id"):
        starter.start_now(consultation_id, services())
    # A lawyer serving other counties: their reach slots follow the profile just written.
    for lawyer_id in reach_triggers.lawyers_in(event):
        try:
            reach_triggers.refresh_now(lawyer_id, services())
        except Exception:
            log("lawyer_reach_failed", logging.ERROR, exc_info=True, lawyer=lawyer_id)
    delivered = {}
    for notification_id in inserted_notifications(event):
        try:
            outcome = delivery_triggers.deliver_now(notification_id, services())
            delivered[notification_id] = outcome.status
        except Exception:
            log("outbox_stream_failed", logging.ERROR, exc_info=True, notification=notification_id)
            delivered[notification_id] = "error"
    return delivered
