"""Every document template a citizen can fill in: the 12 official complaints (complaints.py) and the
platform's own forms and everyday documents (seeds/documents/, data: fields and layout)."""
import functools
import json
import re

from chalicelib.errors import NotFound
from chalicelib.paths import runtime_dir

COMPLAINT_PREFILL = {"name": "plaintiff_name", "id_number": "plaintiff_id_number", "phone": "plaintiff_phone",
                     "address": "plaintiff_address", "other_party": "defendant_name", "facts": "fact_text"}
_PLACEHOLDER = re.compile(r"{(\w+)}")
BLANK = "________"


def _seed(*parts):
    return json.loads(runtime_dir("seeds").joinpath(*parts).read_text(encoding="utf-8"))


@functools.lru_cache(maxsize=1)
def documents():
    """{slug: spec} in the catalogue's order: the platform's forms first, then the complaints."""
    from chalicelib.documents import complaints

    found = {}
    for slug in _seed("documents", "index.json")["documents"]:
        spec = _seed("documents", f"{slug}.json")
        found[slug] = {**spec, "case_type": spec["category"]}
    for entry in _seed("templates", "index.json")["templates"]:
        spec = complaints.build(entry["case"], entry["case_type"])
        found[spec["slug"]] = {**spec, "prefill": COMPLAINT_PREFILL}
    return found


def document(slug):
    found = documents().get(slug)
    if found is None:
        raise NotFound("没有这份文书模板，请从模板列表中选择。", code="unknown_template")
    return found


def platform_list():
    """The platform's own templates as the library lists them (the complaints are listed there)."""
    return [{"slug": s["slug"], "title": s["title"], "case_type": s["case_type"]}
            for s in documents().values() if s.get("category") != "民事起诉状"]


def placeholders(text):
    return _PLACEHOLDER.findall(text)


def fill(text, values, fields):
    """`text` with each {field} replaced by how its value reads (values: name → shown text)."""
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1)) or BLANK, text)


def blank_text(spec):
    """The template as plain text with blanks, for copying or printing (the platform's forms)."""
    by_name = {f["name"]: f for f in spec["fields"]}
    lines = [spec["title"], ""]
    for block in spec["layout"]:
        if block.get("heading"):
            lines.append(block["heading"])
        for name in block.get("rows", []):
            field = by_name[name]
            options = "  ".join(f"□{o}" for o in field.get("options", []))
            lines.append(f"{field['label']}：{options or BLANK}")
        lines += [fill(t, {}, by_name) for t in block.get("text", [])]
        lines += [fill(t, {}, by_name) for t in block.get("sign", [])]
        lines.append("")
    return "\n".join(lines).strip() + "\n"
