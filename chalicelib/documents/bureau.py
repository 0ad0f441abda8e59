"""A bureau's own document templates (issue 13): staff of a bureau upload a DOCX with {{placeholders}}
and its field list; it joins that bureau's catalogue under the seed's categories, with counts per
category and a search; citizens fill it in like the platform's templates. Every key is built from
the caller's bureau (staff) or the page's bureau (citizens): another bureau's id is the same 404 as
an id nobody issued."""
import base64
import binascii
import re
import secrets

from chalicelib.clock import iso
from chalicelib.db import bureau_templates as db
from chalicelib.documents import placeholders, values
from chalicelib.errors import Conflict, Invalid, NotFound
from chalicelib.workdays import china_date

CATEGORIES = ("婚姻家庭", "劳动工伤", "民间借贷", "交通事故", "买卖合同", "房屋租赁", "校园侵权", "建设工程", "诉讼仲裁")
MAX_FILE = 180 * 1024  # base64 of it stays inside the 256 KB a JSON body may hold
MAX_TITLE, MAX_FIELDS, MAX_LABEL, MAX_HINT, MAX_OPTIONS = 60, 100, 40, 100, 20
ID = "[0-9]{8}-[0-9a-f]{12}"
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,39}")


def missing():
    return NotFound("没有这份文书模板", code="unknown_template")


def _field(given, index):
    """One declared field, checked; ValueError names what is wrong with it."""
    if not isinstance(given, dict):
        raise ValueError("应为对象")
    name, label, kind = given.get("name"), given.get("label"), given.get("kind", "text")
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise ValueError("名称应以字母开头，只含字母、数字和下划线，最多 40 个字符")
    if not isinstance(label, str) or not 0 < len(label.strip()) <= MAX_LABEL:
        raise ValueError(f"请填写 1 到 {MAX_LABEL} 个字的标签")
    if kind not in values.KINDS:
        raise ValueError("类型应为 " + "、".join(values.KINDS) + " 之一")
    field = {"name": name, "label": label.strip(), "kind": kind, "required": given.get("required") is True}
    options = given.get("options")
    if kind == "select":
        if (not isinstance(options, list) or not 0 < len(options) <= MAX_OPTIONS
                or not all(isinstance(o, str) and 0 < len(o.strip()) <= 20 for o in options)):
            raise ValueError(f"选择项应有 1 到 {MAX_OPTIONS} 个选项，每个最多 20 个字")
        field["options"] = [o.strip() for o in options]
    hint = given.get("hint")
    if isinstance(hint, str) and hint.strip():
        field["hint"] = hint.strip()[:MAX_HINT]
    return field


def _fields(given):
    if not isinstance(given, list) or not 0 < len(given) <= MAX_FIELDS:
        raise Invalid(f"请列出 1 到 {MAX_FIELDS} 个字段", code="invalid_fields")
    found, problems = [], []
    for index, item in enumerate(given):
        try:
            found.append(_field(item, index))
        except ValueError as wrong:
            problems.append({"field": f"fields[{index}]", "message": str(wrong)})
    names = [f["name"] for f in found]
    problems += [{"field": n, "message": "字段名称重复"} for n in sorted({n for n in names if names.count(n) > 1})]
    if problems:
        raise Invalid("字段清单有误", code="invalid_fields", details=problems)
    return found


def _docx(text):
    try:
        data = base64.b64decode(text or "", validate=True)
    except (binascii.Error, ValueError):
        raise Invalid("文件内容应为 base64 编码的 .docx", code="not_docx") from None
    if not data:
        raise Invalid("请上传 Word 文档（.docx）", code="not_docx")
    if len(data) > MAX_FILE:
        raise Invalid(f"模板文件不能超过 {MAX_FILE // 1024} KB", code="template_too_large")
    return data


def entry(t):
    t = t if isinstance(t, dict) else t.attribute_values
    return {"id": t["template_id"], "title": t["title"], "category": t["category"], "fields": t["fields"],
            "size": int(t.get("size") or 0), "created_at": t["created_at"]}


def upload(caller, body, now):
    """Check and store a template of the caller's bureau; the stored entry."""
    title = " ".join(str(body.get("title") or "").split())
    if not 0 < len(title) <= MAX_TITLE:
        raise Invalid(f"请填写 1 到 {MAX_TITLE} 个字的标题", code="invalid_title")
    if body.get("category") not in CATEGORIES:
        raise Invalid("请选择分类：" + "、".join(CATEGORIES), code="invalid_category")
    fields = _fields(body.get("fields"))
    data = _docx(body.get("docx"))
    placeholders.check(data, fields)
    template_id = f"{china_date(now):%Y%m%d}-{secrets.token_hex(6)}"
    meta = {"bureau": caller.bureau, "template_id": template_id, "title": title,
            "category": body["category"], "fields": fields, "size": len(data), "created_at": iso(now),
            "created_by": caller.staff_id}
    if not db.add(meta, data):
        raise Conflict("请重新上传", code="template_exists")
    return entry(meta)


def staff_list(caller):
    return {"templates": [entry(t) for t in sorted(db.of_bureau(caller.bureau), key=lambda t: t.created_at,
                                                   reverse=True)]}


def remove(caller, template_id):
    if not db.remove(caller.bureau, template_id):
        raise missing()
    return {"id": template_id, "removed": True}


def catalogue(bureau, category=None, query=None):
    """{"categories": [{"name", "count"}], "templates": [...]}: counts over all, the list filtered."""
    every = sorted(db.of_bureau(bureau), key=lambda t: (CATEGORIES.index(t.category)
                                                         if t.category in CATEGORIES else 99, t.title))
    words = (query or "").split()
    shown = [t for t in every if (not category or t.category == category)
             and all(w.lower() in t.title.lower() for w in words)]
    return {"categories": [{"name": c, "count": sum(t.category == c for t in every)} for c in CATEGORIES],
            "templates": [{"id": t.template_id, "title": t.title, "category": t.category} for t in shown]}


def spec(bureau, template_id):
    found = db.get(bureau, template_id)
    if found is None:
        raise missing()
    return {"slug": found.template_id, "title": found.title, "case_type": found.category,
            "category": found.category, "summary": None, "fields": found.fields}


def document(bureau, template_id, given, today):
    """(title, DOCX bytes) of the bureau's template filled with checked values."""
    found = spec(bureau, template_id)
    checked = values.check(found["fields"], given, today)
    return found["title"], placeholders.fill(db.content(bureau, template_id), found["fields"], checked)
