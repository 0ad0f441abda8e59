"""Declaring JSON routes: validation at the edge, the contract's error shape, one log line a request.

`json_route` registers a Chalice route and records its schemas for /openapi.json, so the description
is generated from the routes themselves.
"""
import functools
import json
import logging
import re
import time
import uuid
from dataclasses import dataclass, field
from urllib.parse import unquote

from chalice import Response

from chalicelib.errors import DomainError, NotFound
from chalicelib.logs import log
from chalicelib.web.untrusted import check_request_text, parse_json_body
from chalicelib.web.validate import parameters, validate

ROUTES = []  # RouteSpec of every JSON route, in registration order


@dataclass
class RouteSpec:
    path: str
    method: str
    summary: str
    body: dict = None
    response: dict = None
    status: int = 200
    query: dict = field(default_factory=dict)
    required: tuple = ()  # query parameters that must be given
    auth: str = None
    tags: tuple = ()
    params: dict = field(default_factory=dict)  # path parameters declared other than as text
    upload: tuple = ()  # content types of a file body (not JSON): the handler gets its bytes


@dataclass
class Call:
    """What a route handler receives: decoded path parameters, query, validated body, caller."""
    params: dict
    query: dict
    body: object
    headers: dict
    request_id: str
    raw: object = None
    caller: object = None


def error_body(code, message, details=None):
    error = {"code": code, "message": message}
    if details:
        error["details"] = details
    return {"error": error}


def json_response(body, status=200):
    """A JSON response in UTF-8 (Chinese stays readable rather than \\u-escaped)."""
    return Response(body=json.dumps(body, ensure_ascii=False, separators=(",", ":")),
                    status_code=status, headers={"Content-Type": "application/json; charset=utf-8"})


def error_response(exc):
    return json_response(error_body(exc.code, exc.message, exc.details), exc.status)


def _read_json(request):
    return parse_json_body(request.raw_body)


def _authenticate(request, roles, path):
    from chalicelib.auth import authenticate  # the edge component that knows sessions

    return authenticate(request, roles, (request.method, path))


def _local_stage():
    from chalicelib.wiring import services

    return services().settings.is_local


def json_route(bp, path, *, methods=("GET",), summary="", body=None, response=None, status=200,
               query=None, required=(), params=None, auth=None, tags=(), local_only=False,
               upload=()):
    """Register a JSON route. The handler takes a `Call` and returns a dict/list (or a Response).

    `auth` names who may call it: a role ("citizen", "lawyer", "staff"), a tuple of roles, or "any"
    signed-in caller; `call.caller` is then the authenticated caller, or the route answers 401/403.
    A staff caller also needs a staff role the table gives `(method, path)` (auth/permissions.py).
    `local_only` routes answer 404 on every stage but `local`, before looking at anything else.
    `query` and `params` declare the query and path parameters (JSON Schema, a path parameter is
    text unless declared; `required` names the query parameters that must be given): each is
    converted and checked at the edge by the declaration /openapi.json publishes; `call.query`
    holds only declared parameters.
    `upload` names the content types of a file body instead of JSON (`call.body` is its bytes):
    the binary ones must be in the app's `api.binary_types` (app.py), or API Gateway hands the
    function text instead of the file's bytes.
    Order of checks: stage, then caller, then parameters, then body — an anonymous caller learns
    nothing of the schema.
    """
    path_params = {name: (params or {}).get(name, {"type": "string"})
                   for name in re.findall(r"{(\w+)}", path)}

    def decorate(handler):
        for method in methods:
            ROUTES.append(RouteSpec(path, method.lower(), summary or (handler.__doc__ or "").strip(),
                                    body, response, status, query or {}, tuple(required), auth,
                                    tuple(tags), path_params, tuple(upload)))

        @functools.wraps(handler)
        def view(**params):
            request = bp.current_request
            started = time.perf_counter()
            request_id = (request.context or {}).get("requestId") or uuid.uuid4().hex
            outcome = 500
            try:
                if local_only and not _local_stage():
                    raise NotFound("Not Found", code="not_found")
                caller = _authenticate(request, auth, path) if auth else None
                given = {k: unquote(v) for k, v in params.items()}
                check_request_text(given, request.query_params)
                found = parameters(path_params, given, "path")
                found.update({k: v for k, v in given.items() if k not in found})  # "" stays ""
                query_values = parameters(query or {}, request.query_params or {}, "query",
                                          required)
                payload = None
                if upload:
                    payload = request.raw_body or b""
                elif body is not None:
                    payload = validate(body, _read_json(request))
                call = Call(found, query_values, payload, dict(request.headers or {}), request_id,
                            request, caller)
                result = handler(call)
                if isinstance(result, Response):
                    outcome = result.status_code
                    return result
                outcome = status
                return json_response(result, status)
            except DomainError as exc:
                outcome = exc.status
                return error_response(exc)
            except Exception:  # a bug: log it, answer with the contract's shape, leak nothing
                log("unhandled_error", logging.ERROR, exc_info=True, request_id=request_id, path=path)
                return json_response(error_body("internal_error", "服务暂时不可用，请稍后再试"), 500)
            finally:
                log("request", request_id=request_id, method=request.method, route=path,
                    status=outcome, ms=round((time.perf_counter() - started) * 1000, 1))

        bp.route(path, methods=list(methods),
                 content_types=list(upload) if upload else ["application/json"])(view)
        return view
    return decorate
