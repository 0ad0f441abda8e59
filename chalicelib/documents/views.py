"""The documents as the routes show them: a template with its fields, the filled DOCX, the prefill,
and the form's fields grouped as the document groups them."""
import functools
import json

from chalicelib.documents import catalog, docx_render, prefill as prefilling, values
from chalicelib.paths import runtime_dir
from chalicelib.workdays import china_date

_PUBLIC = ("name", "label", "kind", "required", "options", "hint")


def _text(spec):
    if spec.get("category") == "民事起诉状":
        from chalicelib.library import doc_templates

        return doc_templates.template(spec["slug"])["text"]
    return catalog.blank_text(spec)


def detail(slug):
    """The template as `GET /api/templates/{slug}` answers it: the full text, as before, and fields."""
    spec = catalog.document(slug)
    return {"slug": spec["slug"], "title": spec["title"], "case_type": spec["case_type"],
            "category": spec["category"], "summary": spec.get("summary"), "text": _text(spec),
            "fields": [{**{k: f[k] for k in _PUBLIC if k in f}, "max_length": values.limit(f)}
                       for f in spec["fields"]]}


def document(slug, given, clock):
    """(title, DOCX bytes) of the template filled with `given`; Unprocessable names each problem."""
    spec = catalog.document(slug)
    checked = values.check(spec["fields"], given, china_date(clock.now()))
    return spec["title"], docx_render.render(spec, checked)


@functools.lru_cache(maxsize=1)
def option_labels():
    """{service type: {field: {option code: label}}} of the application forms (seeds/catalog.json)."""
    data = json.loads((runtime_dir("seeds") / "catalog.json").read_text(encoding="utf-8"))
    return {t["type"]: {f["name"]: {o["value"]: o["label"] for o in f.get("options", [])
                                     if isinstance(o, dict)} for f in t["fields"]}
            for t in data["types"]}


def prefill(slug, caller, consultation=None, application=None):
    return prefilling.prefill(catalog.document(slug), caller, consultation=consultation,
                              application=application, option_labels=option_labels())


def form_groups(slug):
    """[{"heading", "fields"}] in the document's order: the steps of the guided form."""
    spec = catalog.document(slug)
    by_name = {f["name"]: f for f in spec["fields"]}
    groups, placed = [], set()
    for block in spec["layout"]:
        named = list(block.get("rows", []))
        for text in block.get("text", []) + block.get("sign", []):
            named += catalog.placeholders(text)
        fresh = [by_name[n] for n in dict.fromkeys(named) if n in by_name and n not in placed]
        placed.update(f["name"] for f in fresh)
        heading = block.get("heading") or ("签名和日期" if "sign" in block else None)
        if fresh and (heading or not groups):
            groups.append({"heading": heading or "基本信息", "fields": fresh})
        elif fresh:
            groups[-1]["fields"] += fresh
    rest = [f for f in spec["fields"] if f["name"] not in placed]
    if rest:
        groups.append({"heading": "其他", "fields": rest})
    return groups
