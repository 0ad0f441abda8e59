"""How staff see whose deletion request it is (`/h5/staff/privacy`): the citizen's name and mobile as
the citizen gave them on an application or a commission, masked as the review queue masks them
(王*明 · 138****1234) — never the openid, which tells a person nothing. Decided when the request is
made, from at most a few of the citizen's own records (AP-50, AP-147); kept with the request as the
record of whose request was handled (docs/privacy.md §1 row 14)."""
import re

from chalicelib.applications.formats import mask_name
from chalicelib.db.applications import citizen_applications
from chalicelib.db.commissions import citizen_commissions

UNNAMED = "群众（未留姓名和电话）"
MOBILE = re.compile(r"1\d{10}")


def mask_mobile(value):
    digits = re.sub(r"\D", "", str(value or ""))[-11:]
    return f"{digits[:3]}****{digits[-4:]}" if MOBILE.fullmatch(digits) else ""


def _given(openid):
    """(name, mobile) pairs the citizen typed, newest first: applications, then commissions' contact."""
    for app in citizen_applications(openid, limit=10):
        fields = getattr(app, "fields", None) or {}
        yield fields.get("applicant_name"), fields.get("applicant_phone")
    for c in citizen_commissions(openid, limit=10):
        yield (c.contact or {}).get("name"), (c.contact or {}).get("phone")


def citizen_label(openid):
    name = mobile = ""
    for given_name, given_mobile in _given(openid):
        name = name or mask_name(given_name or "")
        mobile = mobile or mask_mobile(given_mobile)
        if name and mobile:
            break
    if not (name or mobile):
        return UNNAMED
    return " · ".join(part for part in (name or "群众", mobile) if part)
