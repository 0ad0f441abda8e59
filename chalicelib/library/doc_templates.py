"""The 要素式 civil complaint templates (民事起诉状示范文本, 法〔2025〕82号) under seeds/templates/, as clean
text built from their structure. The transcriptions of most templates missed standard parts (说明,
the first party rows, the mediation questions, the signature); those read the same in every
template of the set, so they are taken from the fully read 劳动争议 text (labor) or, for the party
rows, from 民间借贷 (private_lending), which holds all seven."""
import functools
import json
import re

from chalicelib.errors import NotFound
from chalicelib.paths import runtime_dir

STANDARD = "labor"
PARTIES = "private_lending"
_STANDARD_SECTIONS = ("说明", "对纠纷解决方式的意愿", "落款")
_SPACES = re.compile(r"[ \u3000]{3,}")
BLANK = "    ________________________________"


def _read(name, folder=None):
    path = (folder or runtime_dir("seeds") / "templates") / f"{name}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _party_rows(own):
    """The template's party rows, preceded by the standard rows its transcription missed."""
    standard = next(s for s in _read(PARTIES)["sections"] if s["heading"] == "当事人信息")["elements"]
    labels = [e["label"] for e in standard]
    first = own[0]["label"] if own else None
    missed = standard[:labels.index(first)] if first in labels else []
    if not any("法人" in (e["label"] or "") for e in own):  # a natural persons' matter (离婚)
        missed = [e for e in missed if "法人" not in e["label"]]
    return missed + own


def _sections(data):
    """The template's sections in order, with the standard ones (and missed party rows) filled in."""
    standard = {s["heading"]: s for s in _read(STANDARD)["sections"]}
    sections = [standard["说明"]]
    for section in data["sections"]:
        heading = section["heading"]
        if heading in _STANDARD_SECTIONS:
            continue
        if heading.startswith("当事人信息"):
            section = {**section, "heading": "当事人信息", "elements": _party_rows(section["elements"])}
        sections.append(section)
    return sections + [standard["对纠纷解决方式的意愿"], standard["落款"]]


def _element_lines(element):
    lines = [element["label"] or ""]
    hint, content = element.get("hint"), [c for c in element.get("content") or [] if c]
    if hint:
        lines.append(hint)
    rows = [c for c in content if c != hint]
    lines += ["    " + _SPACES.sub("  ", c) for c in rows]
    if element.get("kind") in ("text", "date") or not rows:
        lines.append(BLANK)
    return lines


def render_text(data):
    """The whole template as plain text a citizen can copy, print or fill in by hand."""
    title, _, case_type = data["title"].partition("（")
    lines = [title, f"（{case_type}" if case_type else ""]
    for number, section in enumerate(_sections(data)):
        lines += ["", section["heading"] if section["heading"] in ("说明", "落款")
                  else f"{'一二三四五六七八九十'[number - 1]}、{section['heading']}"]
        if section.get("hint"):
            lines += section["hint"].splitlines()
        for element in section.get("elements") or []:
            lines += _element_lines(element)
    return "\n".join(line.rstrip() for line in lines).strip() + "\n"


@functools.lru_cache(maxsize=1)
def all_templates():
    """[{slug, title, case_type, text}] in the order of seeds/templates/index.json."""
    index = json.loads((runtime_dir("seeds") / "templates" / "index.json").read_text(encoding="utf-8"))
    found = []
    for entry in index["templates"]:
        data = _read(entry["case"])
        found.append({"slug": entry["case"], "title": data["title"], "case_type": entry["case_type"],
                      "text": render_text(data)})
    return found


def template(slug):
    found = next((t for t in all_templates() if t["slug"] == slug), None)
    if found is None:
        raise NotFound("没有这份文书模板，请从模板列表中选择。", code="unknown_template")
    return found
