"""Every error in the contract's shape `{"error": {"code", "message"[, "details"]}}` — also the ones no
route of ours gives: an unknown path (404, not API Gateway's 403 "Missing Authentication Token"),
a method a route does not take (405), a body that is not JSON (415). `details` is one type: a list
of objects, as /openapi.json declares it."""
import json
from datetime import date
from types import SimpleNamespace

import pytest

from chalicelib.applications import slots
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.web.edge import error_body
from chalicelib.web.openapi import ERROR_SCHEMA
from chalicelib.web.validate import errors as schema_errors


def _error(response):
    assert response.headers.get("Content-Type", "").startswith("application/json"), response.headers
    body = json.loads(response.body)
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    assert schema_errors(ERROR_SCHEMA, body) == []
    return body["error"]


@pytest.mark.parametrize("path", ["/nope", "/api/nope", "/api/consultations/x/y/z/w/v/u",
                                  "/h5/nope/deeper", "/a/b/c/d/e/f/g/h/i/j"])
@pytest.mark.parametrize("headers", [{}, {"authorization": "Bearer someone"}])
def test_an_unknown_path_is_404_in_the_contracts_shape(client, path, headers):
    # When anyone asks for a path no route serves, signed in or not
    response = client.http.get(path, headers=headers)
    # Then it is 404 with the contract's body, not API Gateway's 403 "Missing Authentication Token"
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_method_a_route_does_not_take_is_405_in_the_contracts_shape(client):
    response = client.http.delete("/health")
    assert response.status_code == 405
    assert _error(response)["code"] == "method_not_allowed"
    assert response.headers.get("Allow") == "GET"


def test_a_body_that_is_not_json_is_415_in_the_contracts_shape(client):
    response = client.http.post("/api/consultations", body=b"question=hello",
                                headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 415
    error = _error(response)
    assert error["code"] == "unsupported_media_type" and "application/json" in error["message"]


def test_known_routes_are_not_caught_by_the_unknown_path_answer(client):
    assert client.http.get("/health").status_code == 200
    assert client.http.get("/api/consultations/ZX20260302-AAAAAA").status_code == 401


@pytest.mark.parametrize("details, expected", [
    ({"upload_id": "u1"}, [{"upload_id": "u1", "field": "", "message": "说明"}]),
    (["09:7x"], [{"value": "09:7x", "field": "", "message": "说明"}]),
    ([{"field": "body.name", "message": "必填"}], [{"field": "body.name", "message": "必填"}]),
])
def test_error_details_are_always_a_list_of_objects(details, expected):
    for kind in (Invalid, NotFound, Conflict):
        error = kind("说明", code="some_code", details=details)
        body = error_body(error.code, error.message, error.details)
        assert body["error"]["details"] == expected
        assert schema_errors(ERROR_SCHEMA, body) == []


class _Workdays:
    def is_workday(self, day):
        return True


def test_a_badly_formed_slot_time_names_the_field_and_the_value():
    # Given staff opening slots with a time that is not HH:MM
    ctx = SimpleNamespace(today=date(2026, 3, 2), calendar=_Workdays(), office_codes=lambda: {"xinfeng"})
    # When the slots are opened, Then the refusal lists the bad value as an object
    with pytest.raises(Invalid) as refused:
        slots.open_slots(ctx, "s1", "xinfeng", "2026-03-04", ["9点"], None)
    assert refused.value.details == [{"field": "times", "value": "9点", "message": "格式应为 HH:MM"}]


@pytest.mark.parametrize("method", ["TRACE", "QUERY"])
def test_the_local_server_hands_any_method_to_the_app_which_answers_405(moto_table, method):
    # Given the app served as `chalice local` serves it (its HTTP server, on a free port)
    import http.client
    import threading

    from chalice.config import Config
    from chalice.local import create_local_server

    from app import app

    original = app.__class__  # create_local_server swaps it for its local subclass
    server = create_local_server(app, Config(chalice_stage="local"), "127.0.0.1", 0)
    port = server.server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        # When a method no route takes arrives (the HTTP server itself has no handler for it)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request(method, "/api/categories")
        response = connection.getresponse()
        body = json.loads(response.read())
    finally:
        server.shutdown()
        app.__class__ = original
    # Then the app answers it, in the contract's shape, not the server's 501 HTML page
    assert response.status == 405
    assert body["error"]["code"] == "method_not_allowed"
