"""The answers no route gives: a path that does not exist, a method or a media type a route does not
take. Chalice and API Gateway each have their own bodies for these (`{"Code": …, "Message": …}`,
`{"message": "Missing Authentication Token"}` with 403 for an unknown path); every one of them
answers in the contract's shape here, wherever the app runs:

- Chalice's own errors (405, 415, its 400 and 500) pass through `contract_errors`, an HTTP middleware,
  under `chalice local`, `chalice.test.Client` and Lambda alike;
- an unknown path reaches one of the catch-all routes (`/{p1}` … `/{p1}/…/{pN}`) and is 404 — the
  local gateway tries every route, so under `chalice local` and the test client they catch every
  path up to MAX_DEPTH segments;
- API Gateway answers some requests itself and never backtracks (with `/api/consultations` defined,
  `/api/nothing` never reaches a catch-all): GATEWAY_RESPONSES give those answers the same shape
  (infra/template.py puts them in the API's definition).
"""
import json

from chalice import Response

from chalicelib.errors import NotFound

MAX_DEPTH = 10
METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
JSON = "application/json; charset=utf-8"

NOT_FOUND = NotFound("没有这个地址", code="not_found")

# Chalice's error codes -> (code, message) in the contract's words; the status stays Chalice's.
CHALICE_ERRORS = {
    "MethodNotAllowedError": ("method_not_allowed", "该地址不支持这种请求方法"),
    "UnsupportedMediaType": ("unsupported_media_type", "请求内容类型不受支持（JSON 接口请用 application/json；导入名册请上传 CSV 或 XLSX 文件）"),
    "BadRequestError": ("bad_request", "请求有误"),
    "BadRequest": ("bad_request", "请求有误"),
    "NotFoundError": ("not_found", "没有这个地址"),
    "InternalServerError": ("internal_error", "服务暂时不可用，请稍后再试"),
}

# API Gateway response types -> (status, code, message). Unknown paths and unknown methods are
# MISSING_AUTHENTICATION_TOKEN (INCOMPLETE_SIGNATURE when the request carries an Authorization
# header, as ours do: the gateway takes it for a failed AWS signature).
GATEWAY_RESPONSES = {
    "MISSING_AUTHENTICATION_TOKEN": (404, "not_found", "没有这个地址"),
    "INCOMPLETE_SIGNATURE": (404, "not_found", "没有这个地址"),
    "UNSUPPORTED_MEDIA_TYPE": (415, "unsupported_media_type", "请求内容类型不受支持（JSON 接口请用 application/json；导入名册请上传 CSV 或 XLSX 文件）"),
    "REQUEST_TOO_LARGE": (413, "too_large", "请求内容过大"),
    "THROTTLED": (429, "too_many_requests", "请求过于频繁，请稍后再试"),
    "QUOTA_EXCEEDED": (429, "too_many_requests", "请求过于频繁，请稍后再试"),
    "INTEGRATION_TIMEOUT": (504, "timeout", "服务响应超时，请稍后再试"),
    "DEFAULT_4XX": (None, "bad_request", "请求有误"),
    "DEFAULT_5XX": (None, "internal_error", "服务暂时不可用，请稍后再试"),
}


def body(code, message):
    return {"error": {"code": code, "message": message}}


def _chalice_error(response):
    """(code, message) if `response` is one of Chalice's own error bodies, else None."""
    found = response.body
    if isinstance(found, (bytes, str)):
        try:
            found = json.loads(found)
        except ValueError:
            return None
    if not (isinstance(found, dict) and set(found) == {"Code", "Message"}):
        return None
    return CHALICE_ERRORS.get(found["Code"], ("bad_request" if response.status_code < 500
                                              else "internal_error", "请求有误"))


def contract_errors(event, get_response):
    """HTTP middleware: Chalice's error bodies become the contract's, with the same status."""
    response = get_response(event)
    found = _chalice_error(response) if response.status_code >= 400 else None
    if found is None:
        return response
    headers = {k: v for k, v in (response.headers or {}).items() if k.lower() != "content-type"}
    headers["Content-Type"] = JSON
    return Response(body=json.dumps(body(*found), ensure_ascii=False, separators=(",", ":")),
                    status_code=response.status_code, headers=headers)


def _unknown(**_):
    return Response(body=json.dumps(body(NOT_FOUND.code, NOT_FOUND.message), ensure_ascii=False),
                    status_code=NOT_FOUND.status, headers={"Content-Type": JSON})


def _local_server_hands_every_method_to_the_app():
    """`chalice local`'s HTTP server answers a method it has no `do_<METHOD>` for (TRACE, QUERY …)
    itself, with a 501 HTML page. Hand every method to the app, which answers 405 in the contract's
    shape (API Gateway has no route for them either). The Lambda bundle has no chalice.local."""
    try:
        from chalice.local import ChaliceRequestHandler
    except ImportError:
        return

    def any_method(handler, name):
        if name.startswith("do_"):
            return handler._generic_handle
        raise AttributeError(name)
    ChaliceRequestHandler.__getattr__ = any_method


def install(bp):
    """Add the middleware and the catch-all routes to `bp` (registered on the app like any other)."""
    bp.middleware("http")(contract_errors)
    _local_server_hands_every_method_to_the_app()
    for depth in range(1, MAX_DEPTH + 1):
        # Route names are unique per app; the local gateway tries literal routes before these.
        bp.route("/" + "/".join(f"{{zst_p{i}}}" for i in range(1, depth + 1)), methods=METHODS,
                 content_types=["*/*"], name=f"unknown_path_{depth}")(_unknown)


def gateway_responses():
    """SAM `GatewayResponses` of the API (in its definition, so every deployment carries them):
    API Gateway's own answers in the contract's shape."""
    found = {}
    for kind, (status, code, message) in GATEWAY_RESPONSES.items():
        response = {
            "ResponseParameters": {"Headers": {"Content-Type": f"'{JSON}'"}},
            "ResponseTemplates": {"application/json": json.dumps(body(code, message),
                                                                 ensure_ascii=False)},
        }
        if status is not None:
            response["StatusCode"] = str(status)
        found[kind] = response
    return found
