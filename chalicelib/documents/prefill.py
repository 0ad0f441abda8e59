"""What a citizen's own consultation or application already says, as the starting values of a
template's form. Only the citizen's own (scoping.citizens_own): anyone else's id — another
citizen's, another bureau's, a made-up one — is the same 404, so nothing of it leaks.

Each template's `prefill` maps what is known (name, id_number, phone, address, other_party, facts)
to its own fields; an application of the template's own service also fills every field both share."""
from chalicelib import scoping
from chalicelib.db import applications as app_db, consultations as consultation_db, joins
from chalicelib.documents.values import limit
from chalicelib.errors import NotFound

_FROM_APPLICATION = {
    "name": ("applicant_name",), "id_number": ("applicant_id_number",), "phone": ("applicant_phone",),
    "address": ("applicant_address",), "other_party": ("other_party_name", "respondent_name", "respondent"),
    "facts": ("matter_description", "dispute_facts", "facts_and_reasons", "description")}


def _place(county, region_names=joins.region_names):
    """江西省赣州市信丰县 from a county code (province, city and county names in one batch)."""
    if not county or len(county) != 6 or not county.isdigit():
        return None
    codes = [county[:2] + "0000", county[:4] + "00", county]
    names = region_names(codes)
    return "".join(dict.fromkeys(names[c] for c in codes if c in names)) or None


def _first(fields, names):
    return next((str(fields[n]) for n in names if fields.get(n) not in (None, "")), None)


def from_application(app, option_labels=None):
    """(what is known, the application's own fields with select codes read as their labels)."""
    fields = dict(app.fields or {})
    known = {key: _first(fields, names) for key, names in _FROM_APPLICATION.items()}
    own = {name: (option_labels or {}).get(name, {}).get(value, value) for name, value in fields.items()}
    return known, own


def from_consultation(c, citizen_applications, region_names=joins.region_names):
    """The question as the facts, the county as the address; the name from the citizen's latest
    application that gives one (a consultation does not ask for it)."""
    known = {"facts": c.question, "address": _place(c.county, region_names)}
    for app in citizen_applications(c.openid, limit=10):
        if (app.fields or {}).get("applicant_name") and scoping.bureau_of(app) == scoping.bureau_of(c):
            known["name"] = str(app.fields["applicant_name"])
            break
    return known


def values_for(spec, known, own=None, service=None):
    """{field: starting value} of `spec`: only fields it has, cut to what each may hold, selects only
    when the value is one of the options."""
    by_name = {f["name"]: f for f in spec["fields"]}
    found = {}
    if own and service and spec.get("service") == service:
        found.update({n: v for n, v in own.items() if n in by_name})
    for key, name in (spec.get("prefill") or {}).items():
        if known.get(key) and name in by_name and name not in found:
            found[name] = known[key]
    cleaned = {}
    for name, value in found.items():
        field, text = by_name[name], str(value).strip()
        if field["kind"] == "select" and text not in field.get("options", []):
            continue
        cleaned[name] = text[:limit(field)]
    return cleaned


def prefill(spec, caller, *, consultation=None, application=None, option_labels=None,
            find_consultation=consultation_db.consultation, find_application=app_db.application,
            citizen_applications=app_db.citizen_applications, region_names=joins.region_names):
    """{"values": {...}, "source": {"kind", "id"}} for the caller's own consultation or application."""
    if consultation:
        c = scoping.citizen_owned(find_consultation(consultation), caller,
                                  NotFound("没有找到该咨询", code="consultation_not_found"))
        known = from_consultation(c, citizen_applications, region_names)
        return {"values": values_for(spec, known), "source": {"kind": "consultation", "id": c.id}}
    if application:
        app = scoping.citizen_owned(find_application(application), caller,
                                    NotFound("没有找到该申请", code="application_not_found"))
        known, own = from_application(app, (option_labels or {}).get(app.service_type))
        return {"values": values_for(spec, known, own, app.service_type),
                "source": {"kind": "application", "id": app.application_id}}
    return {"values": {}, "source": None}
