"""Validation of JSON bodies against a small JSON Schema subset, with messages a person can act on.

The same schema dicts feed /openapi.json, so what is documented is what is enforced. Supported:
type (object, string, integer, number, boolean, array), properties, required, additionalProperties,
enum, minLength, maxLength, minimum, maximum, pattern, format (date), items, minItems, maxItems.

Query and path parameters arrive as text: `parameters` converts each declared one to its declared
type first, so a route's declaration is the one check of its parameters too.
"""
import re
from datetime import date

from chalicelib.errors import Invalid

_TYPES = {
    "object": dict, "string": str, "array": list, "boolean": bool,
    "integer": int, "number": (int, float),
}
_TYPE_NAMES = {"object": "对象", "string": "字符串", "array": "数组", "boolean": "布尔值",
               "integer": "整数", "number": "数字"}


def _is_type(value, kind):
    if kind in ("integer", "number") and isinstance(value, bool):
        return False
    return isinstance(value, _TYPES[kind])


def errors(schema, value, path="body"):
    """All problems with `value`, as (path, message) pairs; empty when it conforms."""
    kind = schema.get("type")
    if kind and not _is_type(value, kind):
        return [(path, f"应为{_TYPE_NAMES[kind]}")]
    found = []
    if "enum" in schema and value not in schema["enum"]:
        found.append((path, "取值必须是 " + "、".join(map(str, schema["enum"])) + " 之一"))
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            found.append((path, f"至少 {schema['minLength']} 个字符"))
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            found.append((path, f"最多 {schema['maxLength']} 个字符"))
        if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            found.append((path, "格式不正确"))
        elif schema.get("format") == "date" and not _is_date(value):
            found.append((path, "应为 YYYY-MM-DD 格式的日期"))
    if _is_type(value, "number"):
        if "minimum" in schema and value < schema["minimum"]:
            found.append((path, f"不能小于 {schema['minimum']}"))
        if "maximum" in schema and value > schema["maximum"]:
            found.append((path, f"不能大于 {schema['maximum']}"))
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            found.append((path, f"至少 {schema['minItems']} 项"))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            found.append((path, f"最多 {schema['maxItems']} 项"))
        for i, item in enumerate(value):
            found.extend(errors(schema.get("items", {}), item, f"{path}[{i}]"))
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                found.append((f"{path}.{name}", "必填"))
        for name, item in value.items():
            if name in properties:
                found.extend(errors(properties[name], item, f"{path}.{name}"))
            elif schema.get("additionalProperties") is False:
                found.append((f"{path}.{name}", "不允许的字段"))
    return found


def _is_date(text):
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _from_text(schema, text):
    """(value, problem): `text` as the declared type of a query or path parameter."""
    kind = schema.get("type", "string")
    if kind == "integer":
        if re.fullmatch(r"-?[0-9]{1,15}", text):
            return int(text), None
        return None, "应为整数"
    if kind == "number":
        if re.fullmatch(r"-?[0-9]{1,15}(\.[0-9]{1,15})?", text):
            return float(text), None
        return None, "应为数字"
    if kind == "boolean":
        if text in ("true", "false"):
            return text == "true", None
        return None, "应为 true 或 false"
    return text, None


def parameters(declared, given, where, required=()):
    """The declared parameters of `given` (text by name) converted and checked; raises Invalid
    naming every problem. An empty value counts as absent (declared `allowEmptyValue`), and only
    the `required` ones must be there; names not declared are left out, so a route reads only what
    its declaration checked."""
    values, problems = {}, []
    for name, schema in declared.items():
        text = given.get(name)
        if text is None or text == "":
            if name in required:
                problems.append((f"{where}.{name}", "必填"))
            continue
        value, problem = _from_text(schema, text)
        if problem:
            problems.append((f"{where}.{name}", problem))
            continue
        problems.extend(errors(schema, value, f"{where}.{name}"))
        values[name] = value
    if problems:
        message = "；".join(f"{at}：{what}" for at, what in problems)
        raise Invalid(f"请求参数有误：{message}", code="invalid_parameter",
                      details=[{"field": at, "message": what} for at, what in problems])
    return values


def validate(schema, value):
    """Return `value` if it conforms to `schema`, else raise Invalid listing every problem."""
    problems = errors(schema, value)
    if problems:
        message = "；".join(f"{where}：{what}" for where, what in problems)
        raise Invalid(f"请求内容有误：{message}", code="validation_failed",
                      details=[{"field": where, "message": what} for where, what in problems])
    return value
