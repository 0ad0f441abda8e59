"""What a lawyer offers (点单, issue 12): service items from the catalogue of their home county's
bureau, each with a price range in whole yuan (within the bureau's cap, if it caps the item) or
面议, and what it includes. Shown publicly only while the catalogue still offers the item and the
price still fits its cap (a lawyer whose item no longer fits is told on their page)."""
from chalicelib.clock import iso
from chalicelib.db import directory as db
from chalicelib.db.effects import Refused
from chalicelib.directory import catalogue
from chalicelib.errors import Conflict, Invalid

MAX_PRICE, MAX_INCLUDES, MIN_INCLUDES = 1_000_000, 200, 4


def price_text(item):
    if item.get("negotiable"):
        return "面议"
    low, high = item.get("min_yuan"), item.get("max_yuan")
    return f"{low} 元" if low == high else f"{low}–{high} 元"


def fits(item, entry):
    """Whether a published item still fits its catalogue entry (offered, and within any cap)."""
    if entry is None or not entry.get("active"):
        return False
    cap = entry.get("cap_yuan")
    return item.get("negotiable") or cap is None or (item.get("max_yuan") or 0) <= cap


def shown(published, entries):
    """The public items: [{code, name, price, negotiable, min_yuan, max_yuan, includes, cap_yuan}]
    in catalogue order, leaving out those that no longer fit."""
    by_code = {e["code"]: e for e in entries}
    order = {e["code"]: n for n, e in enumerate(entries)}
    found = [{"code": i["code"], "name": by_code[i["code"]]["name"], "price": price_text(i),
              "negotiable": bool(i.get("negotiable")), "min_yuan": i.get("min_yuan"),
              "max_yuan": i.get("max_yuan"), "includes": i.get("includes", ""),
              "cap_yuan": by_code[i["code"]].get("cap_yuan")}
             for i in published if fits(i, by_code.get(i["code"]))]
    return sorted(found, key=lambda i: order[i["code"]])


def mine(lawyer, bureau, *, read=db.lawyer_services, read_catalogue=db.catalogue):
    """The lawyer's page: the catalogue they choose from and their items, each flagged when the
    public pages do not show it (stopped by the bureau, or above a cap set later)."""
    entries = catalogue.items_of(bureau, read_catalogue)
    by_code = {e["code"]: e for e in entries}
    stored = read(lawyer.lawyer_id)
    items = [{**i, "name": catalogue.name_of(entries, i["code"]) or i["code"],
              "price": price_text(i), "shown": fits(i, by_code.get(i["code"]))}
             for i in (stored.items if stored else [])]
    return {"catalogue": [e for e in entries if e.get("active")], "items": items,
            "rev": int(stored.rev or 0) if stored else 0}


def _price(item, entry, n):
    where = f"items[{n - 1}]"
    if item.get("negotiable"):
        return None, None
    low, high = item.get("min_yuan"), item.get("max_yuan")
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
        raise Invalid(f"“{entry['name']}”请填写最低价和最高价（整数，元），或选择面议",
                      code="invalid_price", details={"field": f"{where}.min_yuan"})
    if not 0 < low <= high <= MAX_PRICE:
        raise Invalid(f"“{entry['name']}”的价格须满足 1 ≤ 最低价 ≤ 最高价 ≤ {MAX_PRICE} 元",
                      code="invalid_price", details={"field": f"{where}.max_yuan"})
    cap = entry.get("cap_yuan")
    if cap is not None and high > cap:
        raise Invalid(f"“{entry['name']}”是本局补贴项目，最高价不能超过 {cap} 元",
                      code="over_cap", details={"field": f"{where}.max_yuan", "cap_yuan": cap})
    return low, high


def checked(given, entries):
    by_code = {e["code"]: e for e in entries if e.get("active")}
    found = []
    for n, item in enumerate(given, 1):
        entry = by_code.get(item.get("code"))
        if entry is None:
            raise Invalid(f"第 {n} 项不在本局的服务目录中", code="unknown_service",
                          details={"field": f"items[{n - 1}].code"})
        if any(f["code"] == entry["code"] for f in found):
            raise Invalid(f"“{entry['name']}”重复了", code="duplicate_service",
                          details={"field": f"items[{n - 1}].code"})
        includes = " ".join(str(item.get("includes") or "").split())
        if not MIN_INCLUDES <= len(includes) <= MAX_INCLUDES:
            raise Invalid(f"“{entry['name']}”请写明服务包含的内容（{MIN_INCLUDES} 到 {MAX_INCLUDES} 字）",
                          code="invalid_includes", details={"field": f"items[{n - 1}].includes"})
        low, high = _price(item, entry, n)
        found.append({"code": entry["code"], "negotiable": low is None, "min_yuan": low,
                      "max_yuan": high, "includes": includes})
    return found


def publish(lawyer, bureau, body, now, *, read=db.lawyer_services, read_catalogue=db.catalogue,
            commit):
    """Replace the lawyer's items (an empty list withdraws them all), at the revision read."""
    stored = read(lawyer.lawyer_id)
    rev = int(stored.rev or 0) if stored else 0
    if body.get("rev", rev) != rev:
        raise Conflict("服务项目已在别处修改，请刷新后再保存", code="services_changed")
    items = checked(body.get("items") or [], catalogue.items_of(bureau, read_catalogue))
    try:
        commit([db.services_put(lawyer.lawyer_id, bureau, items, iso(now), stored)])
    except Refused as exc:
        raise Conflict("服务项目已在别处修改，请刷新后再保存", code="services_changed") from exc
    return mine(lawyer, bureau, read=read, read_catalogue=read_catalogue)
