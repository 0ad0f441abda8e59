"""Routes anyone may call: the categories and the service catalog."""
from chalice import Blueprint

from chalicelib import catalog
from chalicelib.applications import offices
from chalicelib.db import queries
from chalicelib.web.edge import json_route
from chalicelib.wiring import services

bp = Blueprint(__name__)

CATEGORY_LIST = {"type": "array", "items": {"type": "object", "required": ["code", "name"],
                 "properties": {"code": {"type": "string"}, "name": {"type": "string"}}}}
FIELD = {"type": "object", "required": ["name", "label", "kind", "required"], "properties": {
    "name": {"type": "string"}, "label": {"type": "string"},
    "kind": {"type": "string", "enum": ["text", "textarea", "phone", "id_number", "date", "number",
                                        "select"]},
    "required": {"type": "boolean"},
    "options": {"type": "array", "items": {"type": "object", "required": ["value", "label"],
                                           "properties": {"value": {"type": "string"},
                                                          "label": {"type": "string"}}}}}}
MATERIAL = {"type": "object", "required": ["code", "name", "required"], "properties": {
    "code": {"type": "string"}, "name": {"type": "string"}, "required": {"type": "boolean"},
    "accepted": {"type": "array", "items": {"type": "string"}}}}
APPLICATION_TYPES = {"type": "array", "items": {
    "type": "object", "required": ["type", "name", "fields", "materials"], "properties": {
        "type": {"type": "string"}, "name": {"type": "string"},
        "fields": {"type": "array", "items": FIELD},
        "materials": {"type": "array", "items": MATERIAL},
        "offices": {"type": "array", "items": {
            "type": "object", "required": ["code", "name", "address"], "properties": {
                "code": {"type": "string"}, "name": {"type": "string"},
                "address": {"type": "string"}}}}}}}


@json_route(bp, "/api/categories", summary="法律事项分类", response=CATEGORY_LIST, tags=("public",))
def categories(call):
    services().table()
    return catalog.list_categories(queries.categories)


@json_route(bp, "/api/application-types", summary="办事服务目录（表单字段与所需材料；办理地点为所选司法局的）",
            query={"bureau": {"type": "string", "pattern": "^[0-9]{6}$"}},
            response=APPLICATION_TYPES, tags=("public",))
def application_types(call):
    container = services()
    container.table()
    bureau = call.query.get("bureau") or container.settings.default_bureau
    return catalog.list_application_types(
        queries.service_types, lambda types: offices.offices_of(bureau, types))
