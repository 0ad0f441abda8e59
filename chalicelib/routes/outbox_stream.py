"""The prompt path after a commit on AWS: the table's stream (NEW_IMAGE) hands every batch to the
after-commit map (chalicelib/after_commit.py), within about a second of the commit: a new outbox
record is delivered, a chat question committed unstarted gets its tier-1 dispatch, a lawyer profile
written with `serves` gets its reach slots rewritten. `sweep_due`
remains the safety net, so a failure here is logged and never raised: raising would replay the
whole batch and hold up the shard behind it.

Infra: the table needs `StreamSpecification: {StreamViewType: NEW_IMAGE}` and TABLE_STREAM_ARN must
name its stream when the app is packaged (Chalice writes the ARN into the event source mapping).
"""
import os

from chalice import Blueprint

from chalicelib import after_commit
from chalicelib.wiring import services

bp = Blueprint(__name__)

# Only read at packaging time; the placeholder keeps `chalice local` and the tests importable.
STREAM_ARN = os.environ.get(
    "TABLE_STREAM_ARN",
    "arn:aws:dynamodb:us-east-1:000000000000:table/zhangshangtong-local/stream/local")


@bp.on_dynamodb_record(stream_arn=STREAM_ARN, batch_size=10, name="outbox_stream")
def outbox_stream(event):
    return after_commit.from_records(event, services())
