"""A bureau's catalogue of service items (点单, issue 12): what its lawyers may publish, each item
with an optional price cap for the items the bureau subsidises. Every bureau starts with DEFAULTS;
its admins rename, cap, stop and add items (`PUT /api/staff/services`). Items are never deleted —
a lawyer's published item keeps pointing at its code — only stopped (`active: false`), which takes
them off the public pages."""
import secrets

from chalicelib.clock import iso, parse_instant
from chalicelib.db import directory as db
from chalicelib.db.effects import Refused
from chalicelib.errors import Conflict, Invalid
from chalicelib.workdays import china_date

# (code, name): the commission form's services are these names (commissions/env.SERVICES).
DEFAULTS = (("document", "文书代写"), ("labor_arbitration", "劳动仲裁代理"),
            ("civil_litigation", "民事诉讼代理"), ("mediation", "调解代理"), ("counsel", "法律顾问"))
CODE = "[a-z][a-z0-9_]{1,31}"
MAX_ITEMS, MAX_NAME, MAX_CAP = 30, 20, 1_000_000


def default_items():
    return [{"code": code, "name": name, "cap_yuan": None, "active": True} for code, name in DEFAULTS]


def items_of(bureau, read=db.catalogue):
    """The bureau's catalogue items, stored or default."""
    stored = read(bureau)
    return list(stored.items) if stored is not None else default_items()


def active_items(bureau, read=db.catalogue):
    return [i for i in items_of(bureau, read) if i.get("active")]


def staff_view(bureau, read=db.catalogue):
    stored = read(bureau)
    return {"items": list(stored.items) if stored else default_items(),
            "rev": int(stored.rev or 0) if stored else 0,
            "updated_at": stored.updated_at if stored else None,
            "updated_on": china_date(parse_instant(stored.updated_at)).isoformat()
            if stored and stored.updated_at else None}


def _cap(value, n):
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= MAX_CAP:
        raise Invalid(f"第 {n} 项的限价须为 1 到 {MAX_CAP} 之间的整数（元），不限价请留空",
                      code="invalid_cap", details={"field": f"items[{n - 1}].cap_yuan"})
    return value


def checked(given, before):
    """The new item list from what staff sent: every existing code kept (stopped, not deleted),
    names unique and 1..MAX_NAME characters, caps whole yuan; a new item (no code) gets one."""
    if not isinstance(given, list) or not 1 <= len(given) <= MAX_ITEMS:
        raise Invalid(f"服务项目须为 1 到 {MAX_ITEMS} 项", code="invalid_items")
    known = {i["code"] for i in before}
    found, names = [], set()
    for n, item in enumerate(given, 1):
        name = " ".join(str(item.get("name") or "").split())
        if not name or len(name) > MAX_NAME:
            raise Invalid(f"第 {n} 项的名称须为 1 到 {MAX_NAME} 个字", code="invalid_name",
                          details={"field": f"items[{n - 1}].name"})
        if name in names:
            raise Invalid(f"服务项目“{name}”重复了", code="duplicate_name",
                          details={"field": f"items[{n - 1}].name"})
        names.add(name)
        code = item.get("code") or f"x{secrets.token_hex(4)}"
        if item.get("code") and code not in known:
            raise Invalid(f"第 {n} 项不是本局目录中的项目", code="unknown_service",
                          details={"field": f"items[{n - 1}].code"})
        found.append({"code": code, "name": name, "cap_yuan": _cap(item.get("cap_yuan"), n),
                      "active": item.get("active", True) is not False})
    missing = known - {i["code"] for i in found}
    if missing:
        raise Invalid("服务项目不能删除，不再提供的请停用", code="service_removed")
    if len({i["code"] for i in found}) != len(found):
        raise Invalid("同一项目出现了两次", code="duplicate_code")
    return found


def save(caller, body, now, *, read=db.catalogue, commit):
    """Replace the caller's bureau's catalogue (written at the revision the page read: 409 if
    another admin saved it meanwhile)."""
    stored = read(caller.bureau)
    rev = int(stored.rev or 0) if stored else 0
    if body.get("rev", rev) != rev:
        raise Conflict("目录已被他人修改，请刷新后再保存", code="catalogue_changed")
    before = list(stored.items) if stored else default_items()
    put = db.catalogue_put(caller.bureau, checked(body.get("items"), before), iso(now),
                           caller.staff_id or caller.id, stored)
    try:
        commit([put])
    except Refused as exc:  # saved by someone else between our read and write
        raise Conflict("目录已被他人修改，请刷新后再保存", code="catalogue_changed") from exc
    return staff_view(caller.bureau, read)


def name_of(items, code):
    return next((i["name"] for i in items if i["code"] == code), None)
