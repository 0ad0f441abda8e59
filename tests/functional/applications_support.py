"""Fixtures and helpers for the applications tests: a Chalice app with only the applications
blueprints (and the scheduled functions), a fake sign-in, the real service catalog in a moto table,
and a recorder standing in for the after-commit path (tests/held.py). Imported by the test modules that use them."""
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from chalice import Chalice
from chalice.test import Client

from chalicelib.applications.formats import id_check_code
from chalicelib.db.applications import Application
from chalicelib.db.models import StaffAccount
from chalicelib.errors import Forbidden, Unauthorized
from chalicelib.routes import applications, jobs, staff_applications
from chalicelib.web import edge
from tests.held import record_after_commit

CATALOG = Path(__file__).resolve().parents[2] / "seeds" / "catalog.json"
BUCKET = "zst-test-uploads"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 60
PDF = b"%PDF-1.7\n" + b"0" * 60


@dataclass(frozen=True)
class FakeCaller:
    role: str
    id: str
    openid: str = None
    staff_id: str = None
    bureau: str = "360722"  # the default bureau, as a session without one resolves to

    def acts_as(self, role):
        return role == self.role or (role == "citizen" and bool(self.openid))


def fake_authenticate(request, roles, path=None):
    """`Authorization: Bearer citizen:<openid>` or `Bearer staff:<id>`; the same 401/403 as auth."""
    header = (request.headers or {}).get("authorization", "")
    if not header.startswith("Bearer ") or ":" not in header:
        raise Unauthorized("请先登录", code="unauthorized")
    role, _, who = header[len("Bearer "):].partition(":")
    caller = (FakeCaller("citizen", who, openid=who) if role == "citizen"
              else FakeCaller(role, who, staff_id=who if role == "staff" else None))
    wanted = (roles,) if isinstance(roles, str) else tuple(roles)
    if roles != "any" and not any(caller.acts_as(r) for r in wanted):
        raise Forbidden("没有权限进行此操作", code="forbidden")
    return caller


def load_catalog():
    """The service catalog as the seed loader stores it."""
    from seeds.datasets import service_type_items

    for item in service_type_items():
        item.save()


def id_number(body17="36072219900307123"):
    """A well-formed 公民身份号码 for a test body: the GB 11643 check code appended."""
    return body17 + id_check_code(body17)


def filled(service_type, today=date(2026, 3, 2)):
    """Every field of a catalog type filled with a value that passes its check."""
    spec = next(t for t in json.loads(CATALOG.read_text(encoding="utf-8"))["types"]
                if t["type"] == service_type)
    values = {}
    for field in spec["fields"]:
        kind = field["kind"]
        values[field["name"]] = {
            "id_number": id_number(), "phone": "13800138000", "number": "2",
            "date": today.isoformat(), "textarea": "拖欠工资三个月，共计一万二千元。",
            "select": (field.get("options") or [{"value": ""}])[0]["value"]
            if isinstance((field.get("options") or [None])[0], dict)
            else (field.get("options") or [""])[0],
        }.get(kind, "张三")
    values.pop("limitation_ends_on", None)
    return values


class Api:
    """The test client with the caller chosen per request."""

    def __init__(self, client):
        self.client = client

    def call(self, method, path, who, body=None):
        headers = {"content-type": "application/json"}
        if who:
            headers["authorization"] = f"Bearer {who}"
        response = getattr(self.client.http, method)(
            path, headers=headers, **({"body": json.dumps(body)} if body is not None else {}))
        return response.status_code, json.loads(response.body or b"null")

    def get(self, path, who):
        return self.call("get", path, who)

    def post(self, path, who, body=None):
        return self.call("post", path, who, body if body is not None else {})


@pytest.fixture
def kicks(monkeypatch):
    return record_after_commit(monkeypatch)


_test_app = None


def test_app():
    """The app serving the applications routes. Chalice pops a blueprint's route options when it
    registers them, so a blueprint can join only one app per process: use app.py's once it
    registers these blueprints, else one test app built once."""
    global _test_app
    import app as main

    if "/api/applications" in main.app.routes:
        return main.app
    if _test_app is None:
        _test_app = Chalice(app_name="applications-test")
        for blueprint in (applications.bp, staff_applications.bp, jobs.bp):
            _test_app.register_blueprint(blueprint)
    return _test_app


@pytest.fixture
def api(moto_table, monkeypatch, kicks):
    monkeypatch.setattr(edge, "_authenticate", fake_authenticate)
    moto_table.s3().create_bucket(Bucket=BUCKET)
    load_catalog()
    StaffAccount(staff_id="s1", name="值班员", openid="o-staff-1", on_duty=True).save()
    with Client(test_app()) as client:
        yield Api(client)
    # Whatever a test did, every notice it queued is one a person can read and act on.
    from chalicelib.db.messaging import Notification
    from tests.notice_checks import assert_people_can_read

    assert_people_can_read(Notification.scan())


def upload(api, s3, app_id, who, material, body=JPEG, content_type="image/jpeg"):
    """Grant, put the bytes where the grant says (as the browser would), confirm."""
    status, grant = api.post(f"/api/applications/{app_id}/uploads", who, {
        "material": material, "filename": "photo.jpg", "content_type": content_type,
        "size": len(body)})
    assert status == 201, grant
    s3.put_object(Bucket=BUCKET, Key=grant["fields"]["key"], Body=body, ContentType=content_type)
    return api.post(f"/api/applications/{app_id}/uploads/{grant['upload_id']}/confirm", who)


def stored(app_id):
    return Application.get(f"APP#{app_id}", "META", consistent_read=True)


ME, OTHER, STAFF = "citizen:o-me", "citizen:o-other", "staff:s1"
REQUIRED = {"legal_aid": ("id_card", "hardship_declaration", "case_materials"),
            "reconsideration": ("id_card", "act_document"),
            "notarization": ("id_card", "matter_proof"), "mediation": ("id_card",)}


def submitted(api, s3, service_type="legal_aid", who=ME, leave_out=()):
    """A complete application of `service_type`, with its required materials, submitted."""
    fields = {k: v for k, v in filled(service_type).items() if k not in leave_out}
    status, draft = api.post("/api/applications", who, {
        "type": service_type, "fields": fields, "consent": True})
    assert status == 201, draft
    for code in REQUIRED[service_type]:
        assert upload(api, s3, draft["id"], who, code)[0] == 200
    status, body = api.post(f"/api/applications/{draft['id']}/submit", who)
    assert status == 200, body
    return draft["id"]


def decide(api, app_id, **body):
    return api.post(f"/api/staff/applications/{app_id}/decision", STAFF, body)
