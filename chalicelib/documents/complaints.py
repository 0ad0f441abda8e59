"""The 12 要素式 civil complaints (法〔2025〕82号) as fillable documents: their fields and layout are
built from the official structure in seeds/templates/ (the same data chalicelib/library/doc_templates
reads), so every element, hint and tick-box of the official form becomes a field of the form.

A choice of the official form (是□ 否□) becomes a `select`; what the form asks to write beside it
(明细, 保全法院 …) becomes a `textarea` named `<name>_detail` whose hint lists those items."""
import json

from chalicelib.paths import runtime_dir

SECTION_PREFIX = {"诉讼请求": "claim", "事实与理由": "fact"}
PAIRS = (("是", "否"), ("有", "无"), ("了解", "不了解"), ("无财产", "有财产"), ("无债务", "有债务"),
         ("无此问题", "有此问题"))
_STANDARD_TAIL = ("对纠纷解决方式的意愿", "落款", "说明")


def _f(name, label, kind="text", required=False, hint=None, options=None):
    field = {"name": name, "label": label, "kind": kind, "required": required}
    if options:
        field["options"] = list(options)
    if hint:
        field["hint"] = hint
    return field


def _party(prefix, who, natural_only):
    who_name = f"{who}姓名" if natural_only else f"{who}姓名或名称"
    return [
        _f(f"{prefix}_name", who_name, required=True),
        _f(f"{prefix}_gender", f"{who}性别", "select", options=("男", "女")),
        _f(f"{prefix}_birth", f"{who}出生日期", "date"),
        _f(f"{prefix}_ethnicity", f"{who}民族", hint="例如：汉族"),
        _f(f"{prefix}_phone", f"{who}联系电话", "phone"),
        _f(f"{prefix}_address", f"{who}住所地（户籍所在地）", hint="省、市、县（区）、街道及门牌号"),
        _f(f"{prefix}_id_number", f"{who}证件号码" if natural_only else f"{who}身份证号码或统一社会信用代码",
           hint=None if natural_only else "自然人填身份证号码，单位填统一社会信用代码"),
    ]


def _choice(options):
    """(the select's options, the options left to describe in words)."""
    for pair in PAIRS:
        if set(pair) <= set(options):
            return [o for o in options if o in pair], [o for o in options if o not in pair]
    clean = [o for o in options if "（" not in o and "）" not in o and not o.startswith("日")]
    return (clean, []) if len(clean) >= 2 else ([], options)


def _element_fields(name, element):
    label = (element.get("label") or element.get("hint") or "").strip()
    label = label.split(". ", 1)[-1] if label[:1].isdigit() else label
    own_hint = element.get("hint") if element.get("label") else None
    items = [i for i in element.get("fields") or [] if i not in ("内容",)]
    kind = element.get("kind")
    if kind == "choice":
        options, left = _choice(element.get("options") or [])
        items = items + left
        if options:
            detail = f"请写明：{'、'.join(items)}" if items else "如有需要说明的情况，请写在这里"
            return [_f(name, label, "select", hint=own_hint, options=options),
                    _f(f"{name}_detail", f"{label}（说明）", "textarea", hint=detail)]
    if kind in ("money", "date"):
        found = [_f(name, label, kind, hint=own_hint or ("单位：元" if kind == "money" else None))]
        if items:
            found.append(_f(f"{name}_detail", f"{label}（明细）", "textarea",
                            hint=f"请写明：{'、'.join(items)}"))
        return found
    hint = "；".join(h for h in (own_hint, f"请写明：{'、'.join(items)}" if items else None) if h)
    return [_f(name, label, "textarea", hint=hint or None)]


def _read(slug):
    return json.loads((runtime_dir("seeds") / "templates" / f"{slug}.json").read_text(encoding="utf-8"))


def _mediation():
    standard = next(s for s in _read("labor")["sections"] if s["heading"] == "对纠纷解决方式的意愿")
    return [_f(f"mediation_{n}", e["label"], "select", options=e["options"])
            for n, e in enumerate(standard["elements"], 1)]


def build(slug, case_type):
    """{slug, title, case_type, category, fields, layout} of one complaint."""
    data = _read(slug)
    natural_only = "离婚" in case_type
    fields = _party("plaintiff", "原告", natural_only) + [
        _f("agent_name", "委托诉讼代理人姓名", hint="没有委托代理人的不填"),
        _f("agent_unit", "委托诉讼代理人单位"), _f("agent_phone", "委托诉讼代理人联系电话", "phone"),
    ] + _party("defendant", "被告", natural_only)
    explained = next(s for s in _read("labor")["sections"] if s["heading"] == "说明")["hint"]
    layout = [{"heading": "说明", "text": explained.replace("{", "（").replace("}", "）").splitlines(),
               "small": True},
              {"heading": "当事人信息", "rows": [f["name"] for f in fields]}]
    for number, section in enumerate(data["sections"]):
        heading = section["heading"]
        if heading.startswith("当事人信息") or heading in _STANDARD_TAIL:
            continue
        prefix = SECTION_PREFIX.get(heading, f"other{number}")
        names = []
        if prefix in ("claim", "fact"):
            whole = "诉讼请求" if prefix == "claim" else "事实与理由"
            fields.append(_f(f"{prefix}_text", whole, "textarea", required=prefix == "claim",
                             hint=(section.get("hint") or "").strip("（）") or None))
            names.append(f"{prefix}_text")
        for index, element in enumerate(section.get("elements") or [], 1):
            own = _element_fields(f"{prefix}_{index}", element)
            fields += own
            names += [f["name"] for f in own]
        layout.append({"heading": heading, "rows": names})
    mediation = _mediation()
    fields += mediation + [_f("signer", "具状人", hint="原告本人签名；单位加盖公章"),
                           _f("signed_on", "日期", "date", required=True)]
    layout += [{"heading": "对纠纷解决方式的意愿", "rows": [f["name"] for f in mediation]},
               {"sign": ["具状人（签字、盖章）：{signer}", "日期：{signed_on}"]}]
    title, _, rest = data["title"].partition("（")
    return {"slug": slug, "title": data["title"], "heading": title, "subtitle": f"（{rest}" if rest else None,
            "case_type": case_type, "category": "民事起诉状", "fields": fields, "layout": layout,
            "note": "本文书依据民事起诉状示范文本（法〔2025〕82号）生成，提交法院前请核对，并以法院发放的文本为准。"}
