"""OpenAPI 3 description generated from the declared JSON routes (never a hand-kept copy)."""
import re

from chalicelib.errors import DETAIL_EXTRAS
from chalicelib.web.edge import ROUTES

ERROR_SCHEMA = {
    "type": "object", "required": ["error"],
    "properties": {"error": {"type": "object", "required": ["code", "message"], "properties": {
        "code": {"type": "string"}, "message": {"type": "string"},
        # One type wherever an error carries details (chalicelib/errors.details_list): one object
        # per field, item or file concerned, naming it and saying what is wrong, and nothing else.
        "details": {"type": "array", "items": {
            "type": "object", "required": ["field", "message"], "additionalProperties": False,
            "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                           **{extra: {} for extra in DETAIL_EXTRAS}}}}}}},
}


def published(schema):
    """`schema` as OpenAPI readers take it. The edge matches a `pattern` against the whole value
    (re.fullmatch); JSON Schema's pattern matches anywhere, so the published one is anchored."""
    if isinstance(schema, list):
        return [published(s) for s in schema]
    if not isinstance(schema, dict):
        return schema
    found = {k: published(v) for k, v in schema.items()}
    if isinstance(schema.get("pattern"), str):
        found["pattern"] = f"^(?:{schema['pattern']})$"
    return found


def _operation(spec):
    operation = {
        "summary": spec.summary or f"{spec.method.upper()} {spec.path}",
        "operationId": re.sub(r"[^A-Za-z0-9]+", "_", f"{spec.method}_{spec.path}").strip("_"),
        "responses": {
            str(spec.status): {"description": "OK", "content": {
                "application/json": {"schema": published(spec.response or {"type": "object"})}}},
            "4XX": {"description": "错误", "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
        },
    }
    declared = spec.params or {}
    parameters = [{"name": name, "in": "path", "required": True,
                   "schema": published(declared.get(name, {"type": "string"}))}
                  for name in re.findall(r"{(\w+)}", spec.path)]
    # The edge takes an empty query value for an absent one (chalicelib/web/validate.parameters).
    parameters += [{"name": name, "in": "query", "required": name in spec.required,
                    "allowEmptyValue": name not in spec.required, "schema": published(schema)}
                   for name, schema in spec.query.items()]
    if parameters:
        operation["parameters"] = parameters
    if spec.upload:
        operation["requestBody"] = {"required": True, "content": {
            kind: {"schema": {"type": "string", "format": "binary"}} for kind in spec.upload}}
    elif spec.body is not None:
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": published(spec.body)}}}
    if spec.auth:
        operation["security"] = [{"bearer": []}]
        operation["x-roles"] = [spec.auth] if isinstance(spec.auth, str) else list(spec.auth)
    if spec.tags:
        operation["tags"] = list(spec.tags)
    return operation


def document(title="掌上通 API", version="1.0.0"):
    paths = {}
    for spec in ROUTES:
        paths.setdefault(spec.path, {})[spec.method] = _operation(spec)
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": version,
                 "description": "掌上通 — 县司法局公共法律服务平台的 JSON 接口"},
        "paths": paths,
        "components": {
            "schemas": {"Error": ERROR_SCHEMA},
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        },
    }
