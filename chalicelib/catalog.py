"""Reference data people see before signing in: legal matter categories and the service catalog."""


def list_categories(find_categories):
    """Categories as the contract shows them: [{"code", "name"}], in display order."""
    return [{"code": c.code, "name": c.name} for c in find_categories()]


def _field(spec):
    shaped = {k: spec[k] for k in ("name", "label", "kind", "required") if k in spec}
    shaped.setdefault("required", False)
    for extra in ("options", "hint", "max_length"):
        if spec.get(extra) is not None:
            shaped[extra] = spec[extra]
    return shaped


def _material(spec):
    shaped = {"code": spec["code"], "name": spec["name"], "required": bool(spec.get("required"))}
    if spec.get("accepted"):
        shaped["accepted"] = spec["accepted"]
    return shaped


def _office(office):
    return {"code": office.office, "name": office.name, "address": office.address or ""}


def list_application_types(find_service_types, find_offices):
    """The service catalog: each type with its form fields and materials, and the offices of one
    bureau that receive its visits (`find_offices(types)` -> that bureau's Office items)."""
    types = find_service_types()
    offices = find_offices(lambda: types)
    return [{"type": t.service_type, "name": t.name, "description": t.description or "",
             "fields": [_field(f) for f in t.fields],
             "materials": [_material(m) for m in t.materials],
             "offices": [_office(o) for o in offices if t.service_type in (o.services or [])]}
            for t in types]
