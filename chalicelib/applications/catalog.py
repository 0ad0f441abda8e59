"""An application type's form, as the catalog declares it: checking what a citizen typed, finding
what is still missing, and masking ID numbers in what is shown back.

A field spec is `{name, label, kind, required, options?, max_length?, min?, max?, not_after?,
not_before?}` (kinds: text, textarea, phone, id_number, date, number, select); a material spec is
`{code, name, required, accepted?}`. Drafts keep whatever was typed — a half-typed form must survive
closing the page — so checking reports problems instead of refusing; `submit` refuses while any
remain. Only a value far longer than any field allows (MAX_DRAFT_VALUE) is refused outright.
"""
from chalicelib.errors import Invalid

from . import formats

KINDS = ("text", "textarea", "phone", "id_number", "date", "number", "select")
# What the bucket accepts at all; a material may narrow it with `accepted`.
UPLOAD_TYPES = ("image/jpeg", "image/png", "image/heic", "application/pdf")
DEFAULT_MAX_LENGTH = {"text": 100, "textarea": 2000}
# What a draft stores of one value at most, whatever its field. Drafts keep a wrong value to report
# it, but without a bound a client adding one long value after another grows the draft past the
# 400 KB DynamoDB holds in an item (a 500): 12 fields x 5,000 characters x 4 bytes stays far below.
# Above every field's own limit, so a value the form's inputs could type is never refused.
MAX_DRAFT_VALUE = 5000


def _check(spec, value, today):
    """The stored form of `value` under `spec`; ValueError (message for the citizen) if it is wrong."""
    kind = spec.get("kind", "text")
    if kind == "id_number":
        return formats.parse_id_number(value, today)
    if kind == "phone":
        return formats.parse_mobile(value)
    if kind == "date":
        return formats.parse_date(value, today, not_after=spec.get("not_after"),
                                  not_before=spec.get("not_before"))
    if kind == "number":
        return _number(spec, value)
    text = str(value).strip()
    if kind == "select":
        if text not in option_values(spec):
            raise ValueError("请从选项中选择")
        return text
    limit = longest(spec)
    if len(text) > limit:
        raise ValueError(f"最多 {limit} 个字")
    return text


def longest(spec):
    """The most characters a submitted value of `spec` may have (100 unless the kind or spec says)."""
    return spec.get("max_length") or DEFAULT_MAX_LENGTH.get(spec.get("kind", "text"), 100)


def _too_long(name, spec):
    limit = longest(spec)
    return Invalid(f"{spec.get('label', name)}最多 {limit} 个字", code="value_too_long",
                   details=[{"field": name, "message": f"最多 {limit} 个字"}])


def _number(spec, value):
    try:
        number = float(str(value).strip())
    except ValueError:
        raise ValueError("请填写数字") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise ValueError("请填写数字")
    if spec.get("min") is not None and number < spec["min"]:
        raise ValueError(f"不能小于 {spec['min']}")
    if spec.get("max") is not None and number > spec["max"]:
        raise ValueError(f"不能大于 {spec['max']}")
    return int(number) if number.is_integer() else number


def option_values(spec):
    """A select's allowed values; the catalog writes options as {value, label} or plain strings."""
    return [o["value"] if isinstance(o, dict) else o for o in spec.get("options", [])]


def _empty(value):
    return value is None or (isinstance(value, str) and not value.strip())


def merge_fields(specs, stored, incoming, today, *, replace=False):
    """The draft's fields after the citizen's edit, and the problems they still have.

    `incoming` holds only fields of this type (anything else is a client bug: Invalid). An empty
    value clears a field. An ID number sent back exactly as we masked it keeps the stored number,
    so a page that re-posts the whole form cannot overwrite it with asterisks.
    """
    by_name = {s["name"]: s for s in specs}
    unknown = sorted(set(incoming) - set(by_name))
    if unknown:
        raise Invalid("表单中有不认识的字段：" + "、".join(unknown), code="unknown_fields",
                      details=[{"field": name, "message": "不允许的字段"} for name in unknown])
    merged = {} if replace else dict(stored)
    for name, value in incoming.items():
        if isinstance(value, bool) or not (value is None or isinstance(value, (str, int, float))):
            raise Invalid(f"{by_name.get(name, {}).get('label', name)}应为文字或数字", code="validation_failed",
                          details=[{"field": name, "message": "应为文字或数字"}])
        if isinstance(value, str) and len(value.strip()) > MAX_DRAFT_VALUE:
            raise _too_long(name, by_name[name])
        if _empty(value):
            merged.pop(name, None)
        elif (by_name[name].get("kind") == "id_number" and name in stored
              and value == formats.mask_id_number(stored[name])):
            merged[name] = stored[name]
        else:
            try:
                merged[name] = _check(by_name[name], value, today)
            except ValueError:
                merged[name] = value.strip() if isinstance(value, str) else value
    return merged, field_problems(specs, merged, today)


def field_problems(specs, values, today):
    """Every stored value that does not pass its field's check."""
    problems = []
    for spec in specs:
        if spec["name"] in values:
            try:
                _check(spec, values[spec["name"]], today)
            except ValueError as error:
                problems.append({"kind": "field", "field": spec["name"],
                                 "label": spec.get("label", spec["name"]), "message": str(error)})
    return problems


def missing(specs, material_specs, values, attached_codes, today):
    """Everything that keeps an application from being submitted, in form order: required fields
    left empty, fields that fail their check, required materials not yet attached."""
    found = []
    for spec in specs:
        if spec.get("required") and _empty(values.get(spec["name"])):
            found.append({"kind": "field", "field": spec["name"],
                          "label": spec.get("label", spec["name"]), "message": "必填"})
    found.extend(field_problems(specs, values, today))
    order = {s["name"]: i for i, s in enumerate(specs)}
    found.sort(key=lambda p: order.get(p["field"], 0))
    for spec in material_specs:
        if spec.get("required") and spec["code"] not in attached_codes:
            found.append({"kind": "material", "field": f"materials.{spec['code']}",
                          "material": spec["code"], "label": spec["name"],
                          "message": f"请上传{spec['name']}"})
    return found


def accepted_types(material_spec):
    """The content types a material may be uploaded as: its own list within UPLOAD_TYPES."""
    declared = material_spec.get("accepted") or UPLOAD_TYPES
    return [t for t in declared if t in UPLOAD_TYPES]


def masked(specs, values):
    """The fields as shown to anyone but the staff application page: ID numbers masked, whether
    declared as such or typed into another field."""
    kinds = {s["name"]: s.get("kind") for s in specs}
    return {name: formats.mask_id_number(value)
            if kinds.get(name) == "id_number" or formats.looks_like_id_number(value) else value
            for name, value in values.items()}
