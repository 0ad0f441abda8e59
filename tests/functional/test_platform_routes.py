"""Cross-cutting HTTP: health, the generated OpenAPI, the error shape, local-only routes, the sweep."""
import json

import pytest

from chalicelib.db.models import Category, ServiceType
from chalicelib.errors import Invalid
from chalicelib.web.edge import ROUTES
from chalicelib.wiring import Services, use


def _json(response):
    return json.loads(response.body)


def test_health_answers_ok(client):
    response = client.http.get("/health")
    assert response.status_code == 200 and _json(response) == {"ok": True}


def test_openapi_describes_every_declared_json_route(client):
    # Given the routes registered through json_route
    declared = {(spec.path, spec.method) for spec in ROUTES}
    # When the description is fetched
    document = _json(client.http.get("/openapi.json"))
    # Then it is OpenAPI 3 and holds exactly those operations, with the error schema
    assert document["openapi"].startswith("3.")
    described = {(path, method) for path, ops in document["paths"].items() for method in ops}
    assert described == declared
    assert {("/api/categories", "get"), ("/dev/tick", "post")} <= described
    assert "Error" in document["components"]["schemas"]


def test_categories_come_from_the_table_in_display_order(client):
    # Given two categories stored out of order
    Category(code="other", name="其他", order=15).save()
    Category(code="labor", name="劳动争议", order=1).save()
    # When anyone lists them
    response = client.http.get("/api/categories")
    # Then they come in display order, in the contract's shape, readable UTF-8
    assert response.status_code == 200
    assert _json(response) == [{"code": "labor", "name": "劳动争议"}, {"code": "other", "name": "其他"}]
    assert "劳动争议".encode() in response.body


def test_application_types_show_fields_and_materials(client):
    ServiceType(service_type="legal_aid", name="法律援助", order=1,
                fields=[{"name": "applicant_name", "label": "申请人姓名", "kind": "text",
                         "required": True}],
                materials=[{"code": "id_card", "name": "身份证", "required": True,
                            "accepted": ["image/jpeg"]}]).save()
    body = _json(client.http.get("/api/application-types"))
    assert body[0]["type"] == "legal_aid"
    assert body[0]["fields"][0] == {"name": "applicant_name", "label": "申请人姓名", "kind": "text",
                                    "required": True}
    assert body[0]["materials"][0]["required"] is True


def test_malformed_json_gets_the_contract_error_shape_and_no_500(client):
    for raw in (b"{bad", b"\xff\xfe", b"[]", b'{"time": 5}'):
        response = client.http.post("/dev/tick", body=raw,
                                    headers={"content-type": "application/json"})
        assert response.status_code == 400, raw
        error = _json(response)["error"]
        assert error["code"] in ("invalid_json", "validation_failed") and error["message"]


def test_an_oversized_body_is_refused_before_parsing(client):
    response = client.http.post("/dev/tick", body=b'{"time":"' + b"x" * 300_000 + b'"}',
                                headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert _json(response)["error"]["code"] == "body_too_large"


def test_dev_routes_exist_only_on_the_local_stage(client, env):
    # Given the local stage, a tick runs the sweep
    ok = client.http.post("/dev/tick", body=json.dumps({"time": "2026-03-02T02:00:00Z"}),
                          headers={"content-type": "application/json"})
    assert ok.status_code == 200 and "sweep_due" in _json(ok)
    # When the stage is prod
    env(STAGE="prod")
    use(Services())
    gone = client.http.post("/dev/tick", body=json.dumps({"time": "2026-03-02T02:00:00Z"}),
                            headers={"content-type": "application/json"})
    # Then the route answers 404 as if it did not exist
    assert gone.status_code == 404


def test_sweep_due_takes_now_from_the_scheduled_event(client):
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={}, resources=[], region="us-east-1")
    event["time"] = "2026-02-17T01:00:00Z"
    result = client.lambda_.invoke("sweep_due", event)
    assert json.loads(json.dumps(result.payload))["now"].startswith("2026-02-17T01:00:00")


@pytest.mark.parametrize("when", ["9999-12-31T23:59:00Z", "1970-01-01T00:00:00Z", "2101-01-01T00:00:00Z"])
def test_a_tick_at_a_time_no_bureau_lives_in_is_refused_in_the_contract_shape(client, when):
    # When the local tick is asked to run at a time far outside any working life
    response = client.http.post("/dev/tick", body=json.dumps({"time": when}),
                                headers={"content-type": "application/json"})
    # Then it is a 400 in the contract's shape, in Chinese, and no sweep ran
    assert response.status_code == 400
    error = _json(response)["error"]
    assert error["code"] == "invalid_time" and "2000" in error["message"] and "2100" in error["message"]


def test_the_scheduled_sweep_refuses_an_event_time_outside_the_sane_years(client):
    # Given an EventBridge event whose time is year 9999 (a misconfigured rule or a hand-made invoke)
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event",
                                            detail={}, resources=[], region="us-east-1")
    event["time"] = "9999-12-31T23:59:00Z"
    # When sweep_due runs, Then it fails before reading or writing anything: no report of errors
    with pytest.raises(Invalid):
        client.lambda_.invoke("sweep_due", event)
