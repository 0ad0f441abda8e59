"""What /openapi.json declares of a route's query and path parameters is what the edge enforces: one
declaration, converted and checked before the route runs, refused with 400 in the contract's shape
naming the parameter. Every declared constraint of every route is tried here with a value it
forbids."""
import json
import re

import pytest

from chalicelib.auth import Caller, sign_in
from chalicelib.wiring import services

IDENTITIES = {"staff": Caller("staff", "s1", staff_id="s1"),
              "citizen": Caller("citizen", "oCitizen", openid="oCitizen"),
              "lawyer": Caller("lawyer", "oL1", openid="oL1", lawyer_id="L1"),
              "any": Caller("citizen", "oCitizen", openid="oCitizen")}


def _headers(operation):
    roles = operation.get("x-roles")
    if not roles:
        return {}
    container = services()
    body, _ = sign_in(IDENTITIES[roles[0]], settings=container.settings, clock=container.clock)
    return {"authorization": f"Bearer {body['token']}"}


def forbidden_value(schema):
    """A value the schema refuses, or None when text cannot break it (an unconstrained string)."""
    if schema.get("type") == "integer":
        return "abc"
    if "enum" in schema:
        return "no-such-value"
    if schema.get("format") == "date":
        return "2026-02-30"
    if "pattern" in schema:
        return "!!"
    if "maxLength" in schema:
        return "x" * (schema["maxLength"] + 1)
    return None


def allowed_value(schema):
    """A value the schema takes (for the other path parameters of a route)."""
    if "example" in schema:  # a pattern the generic values below would not match
        return schema["example"]
    if "enum" in schema:  # one of the values the route names (a video's cover or subtitles)
        return str(schema["enum"][0])
    if schema.get("type") == "integer":
        return "1"
    return "2026-03-02" if schema.get("format") == "date" else "x1"


def _cases():
    from app import app  # noqa: F401 (registers every route)
    from chalicelib.web.openapi import document

    for path, operations in document()["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                bad = forbidden_value(parameter["schema"])
                if bad is not None:
                    yield pytest.param(path, method, operation, parameter, bad,
                                       id=f"{method} {path} {parameter['in']}.{parameter['name']}")


@pytest.mark.parametrize("path, method, operation, parameter, bad", list(_cases()))
def test_every_declared_parameter_constraint_is_enforced_at_the_edge(client, path, method,
                                                                     operation, parameter, bad):
    # Given a caller allowed on the route, and a value its declaration forbids
    where, name = parameter["in"], parameter["name"]
    others = {p["name"]: allowed_value(p["schema"]) for p in operation["parameters"]}
    url = re.sub(r"{(\w+)}", lambda m: bad if m.group(1) == name and where == "path"
                 else others[m.group(1)], path)
    query = {p["name"]: others[p["name"]] for p in operation["parameters"]
             if p["in"] == "query" and p["required"]}
    if where == "query":
        query[name] = bad
    if query:
        url += "?" + "&".join(f"{k}={v}" for k, v in query.items())
    body, content_type = None, "application/json"
    if "requestBody" in operation:  # JSON, or a file of the first type an upload route takes
        content_type = next(iter(operation["requestBody"]["content"]))
        body = json.dumps({}) if content_type == "application/json" else b"x"
    # When the route is called with it
    response = getattr(client.http, method)(
        url, headers={"content-type": content_type, **_headers(operation)},
        **({"body": body} if body else {}))
    # Then it is refused at the edge, in the contract's shape, naming the parameter
    assert response.status_code == 400, response.body
    error = json.loads(response.body)["error"]
    assert error["code"] == "invalid_parameter", error
    assert [d["field"] for d in error["details"]] == [f"{where}.{name}"]


def test_the_duty_roster_of_a_day_that_is_not_a_date_is_refused_not_echoed(client):
    headers = _headers({"x-roles": ["staff"]})
    response = client.http.get("/api/staff/duty?date=abc", headers=headers)
    assert response.status_code == 400 and b"abc" not in response.body.split(b'"message"')[0]
    # And an empty value is the same as none: today's roster
    today = client.http.get("/api/staff/duty?date=", headers=headers)
    assert today.status_code == 200, today.body


def test_declared_query_values_reach_the_route_converted_to_their_types(client):
    headers = _headers({"x-roles": ["staff"]})
    response = client.http.get("/api/staff/calendar?year=2026", headers=headers)
    assert response.status_code == 200, response.body
    assert client.http.get("/api/staff/calendar?year=1999", headers=headers).status_code == 400


def test_text_bodies_declare_the_lengths_their_routes_check():
    # Given the published description of the routes that take a question, an answer or a follow-up
    from app import app  # noqa: F401 (registers every route)
    from chalicelib.consultations import ANSWER_MAX_CHARS, FOLLOWUP_MAX_CHARS, QUESTION_MAX
    from chalicelib.web.openapi import document

    paths = document()["paths"]

    def declared(path, field):
        schema = paths[path]["post"]["requestBody"]["content"]["application/json"]["schema"]
        return schema["properties"][field]["maxLength"]
    # Then each declares the longest text the route takes, no more (a longer one is refused there)
    assert declared("/api/consultations", "question") == QUESTION_MAX
    assert declared("/api/consultations/{consultation_id}/answers", "body") == ANSWER_MAX_CHARS
    assert declared("/api/consultations/{consultation_id}/answers/{answer_id}/followups",
                    "body") == FOLLOWUP_MAX_CHARS
