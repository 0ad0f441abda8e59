"""Staff see the notifications that gave up and can send one again; the table's stream hands newly
inserted outbox records to delivery."""
import dataclasses
import json
from datetime import timedelta

import pytest
from chalice.test import Client

from chalicelib import after_commit, outbox
from chalicelib.auth import Caller
from chalicelib.clock import iso
from chalicelib.db import messaging
from chalicelib.db.messaging import Notification
from chalicelib.errors import Forbidden, Unauthorized
from chalicelib.routes import notifications, outbox_stream
from chalicelib.web import edge
from chalicelib.wiring import Services, use
from tests.outbox_fixtures import wechat  # noqa: F401 (fixture)

TEMPLATE = "/cgi-bin/message/template/send"


def fake_authenticate(request, roles, path=None):
    """`Bearer <role>:<id>`; admits the caller only if the route names its role."""
    header = (request.headers or {}).get("authorization", "")
    if not header.startswith("Bearer "):
        raise Unauthorized("请先登录", code="unauthorized")
    role, _, who = header[len("Bearer "):].partition(":")
    if role not in ((roles,) if isinstance(roles, str) else roles):
        raise Forbidden("没有权限进行此操作", code="forbidden")
    return Caller(role, who, staff_id=who if role == "staff" else None,
                  bureau="360722" if role == "staff" else None)  # the default bureau's staff


def the_app():
    """The real app. Chalice 1.34 pops a blueprint route's methods when registering it, so a
    blueprint registers correctly into one app only: these tests use app.py's and register the
    blueprints there only if app.py does not (yet)."""
    from app import app

    if "/api/staff/notifications/failed" not in app.routes:
        app.register_blueprint(notifications.bp)
    if "outbox_stream" not in app.handler_map:
        app.register_blueprint(outbox_stream.bp)
    return app


@pytest.fixture
def http(moto_table, wechat, clock, monkeypatch):
    monkeypatch.setattr(edge, "_authenticate", fake_authenticate)
    services = use(Services(settings=dataclasses.replace(moto_table.settings,
                                                         wechat_api_base=wechat.base), clock=clock))
    services.table()
    with Client(the_app()) as client:
        yield client
    assert after_commit.wait_idle(10)


def parked_note(clock, key, minutes_ago):
    note = outbox.notification(idempotency_key=key, audience="lawyer", to_openid="oL",
                               template_key="new_question", data={"first": "新咨询"}, now=clock.now(),
                               url="/h5/lawyer")
    note.save()
    at = clock.now() - timedelta(minutes=minutes_ago)
    claimed = messaging.claim(note.notification_id, clock.now(), clock.now() + timedelta(seconds=30))
    messaging.mark_failed(claimed, at, "errcode 40037: invalid template_id")
    return note.notification_id


def get(client, path, role="staff"):
    return client.http.get(path, headers={"Authorization": f"Bearer {role}:s1"})


def test_staff_list_parked_notifications_most_recent_first(http, clock):
    # Given two notifications that gave up, one an hour ago and one just now
    older = parked_note(clock, "p:older", 60)
    newer = parked_note(clock, "p:newer", 0)
    # When staff ask for the failed notifications
    response = get(http, "/api/staff/notifications/failed")
    # Then both are listed, newest first, with why they failed and without the message content
    assert response.status_code == 200
    body = json.loads(response.body)
    assert [n["notification_id"] for n in body] == [newer, older]
    assert body[0]["last_error"] == "errcode 40037: invalid template_id" and body[0]["attempts"] == 1
    assert "payload" not in body[0]
    assert json.loads(get(http, "/api/staff/notifications/failed?limit=1").body)[0][
        "notification_id"] == newer


def test_only_staff_may_see_or_resend_failed_notifications(http, clock):
    nid = parked_note(clock, "p:1", 0)
    assert get(http, "/api/staff/notifications/failed", role="citizen").status_code == 403
    assert http.http.get("/api/staff/notifications/failed").status_code == 401
    refused = http.http.post(f"/api/staff/notifications/{nid}/retry",
                             headers={"Authorization": "Bearer lawyer:l1"})
    assert refused.status_code == 403
    assert json.loads(refused.body)["error"]["code"] == "forbidden"


def test_a_bad_limit_is_refused_with_the_contract_error_shape(http):
    response = get(http, "/api/staff/notifications/failed?limit=0")
    assert response.status_code == 400
    assert json.loads(response.body)["error"]["code"] == "invalid_parameter"


def test_staff_resend_a_parked_notification_once(http, wechat, clock):
    # Given a parked notification
    nid = parked_note(clock, "p:resend", 5)
    # When staff send it again
    response = http.http.post(f"/api/staff/notifications/{nid}/retry",
                              headers={"Authorization": "Bearer staff:s1"})
    # Then it goes out, leaves the list, and a second request finds nothing to resend
    assert response.status_code == 200 and json.loads(response.body)["status"] == "pending"
    assert after_commit.wait_idle(5)
    assert Notification.get(f"OUTBOX#{nid}", "OUTBOX").status == "sent"
    assert len(wechat.delivered(TEMPLATE)) == 1
    assert json.loads(get(http, "/api/staff/notifications/failed").body) == []
    again = http.http.post(f"/api/staff/notifications/{nid}/retry",
                           headers={"Authorization": "Bearer staff:s1"})
    assert again.status_code == 404


def stream_record(event_name, image):
    return {"eventID": "1", "eventName": event_name, "eventSource": "aws:dynamodb",
            "awsRegion": "us-east-1", "eventSourceARN": outbox_stream.STREAM_ARN,
            "dynamodb": {"ApproximateCreationDateTime": 1772416800, "Keys": {
                "PK": image["PK"], "SK": image["SK"]}, "NewImage": image, "SequenceNumber": "1",
                "SizeBytes": 100, "StreamViewType": "NEW_IMAGE"}}


def test_the_table_stream_delivers_newly_inserted_outbox_records_once(http, wechat, clock):
    # Given a new notification, the same record modified, and an insert of another entity
    note = outbox.notification(idempotency_key="stream:1", audience="lawyer", to_openid="oL",
                               template_key="new_question", now=clock.now(),
                               url="/h5/lawyer")
    note.save()
    image = note.serialize()
    other = dict(image, type={"S": "Consultation"}, PK={"S": "CONS#1"})
    event = {"Records": [stream_record("INSERT", image), stream_record("MODIFY", image),
                         stream_record("INSERT", other)]}
    # When the stream function runs, and its batch is replayed
    first = http.lambda_.invoke("outbox_stream", event)
    http.lambda_.invoke("outbox_stream", event)
    # Then the notification went out once, and the replay found nothing to send
    assert first.payload == {note.notification_id: "sent"}
    assert len(wechat.delivered(TEMPLATE)) == 1
    stored = Notification.get(f"OUTBOX#{note.notification_id}", "OUTBOX")
    assert stored.status == "sent" and stored.sent_at == iso(clock.now())


def test_a_notice_whose_kind_has_no_template_on_its_account_is_parked_where_staff_see_it(http, clock):
    # Given the default bureau's account configured with templates, none for staff alerts
    from chalicelib.db.bureaus import Account

    Account(account="360722", appid="wx0123456789abcdef", bureau="360722",
            templates={"application_status": {"subscribe": "S"}}).save()
    note = outbox.notification(idempotency_key="alert:1", audience="staff", to_openid="oStaff",
                               template_key="consultation_unanswered", now=clock.now(),
                               url="/h5/staff/consultations/C1", bureau="360722",
                               data={"consultation": "C1", "category": "劳动争议", "note": "无人解答",
                                     "time": "2026年3月2日 10:00"})
    note.save()
    # When it is delivered
    from chalicelib import delivery_triggers
    from chalicelib.wiring import services

    assert delivery_triggers.deliver_now(note.notification_id, services()).status == "failed"
    # Then it was parked at once, and staff see it with the reason in words
    body = json.loads(get(http, "/api/staff/notifications/failed").body)
    assert [(n["notification_id"], n["last_error"], n["reason"]) for n in body] == [
        (note.notification_id, "template_unconfigured", "未配置模板")]
