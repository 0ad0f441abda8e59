"""A bureau's own DOCX template with {{placeholders}} (issue 13, "the bureau's own 617"): finding its
placeholders, checking them against the field list staff declare, and filling it in.

Word splits typed text into runs wherever formatting, spell-checking or an edit history falls, so
`{{debtor}}` is often three runs; a paragraph that holds a placeholder is therefore read whole from
the first run that opens one, and written back into that run (its formatting is the one kept; runs
before it stay as they are). Paragraphs in tables,
headers and footers are read like the body's."""
import io
import re
import zipfile

from docx import Document

from chalicelib.documents.values import shown
from chalicelib.errors import Invalid

PLACEHOLDER = re.compile(r"{{\s*([A-Za-z][A-Za-z0-9_]{0,39})\s*}}")
MAX_BYTES = 2 * 1024 * 1024
MAX_PLACEHOLDERS = 200


def _paragraphs(document):
    def in_tables(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    yield from cell.paragraphs
                    yield from in_tables(cell.tables)
    yield from document.paragraphs
    yield from in_tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer):
            yield from part.paragraphs
            yield from in_tables(part.tables)


def _open(content):
    if len(content) > MAX_BYTES:
        raise Invalid("模板文件不能超过 2 MB", code="template_too_large")
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise Invalid("请上传 Word 文档（.docx）", code="not_docx")
    try:
        return Document(io.BytesIO(content))
    except Exception:  # python-docx raises several kinds for a broken or non-Word package
        raise Invalid("无法读取这份 Word 文档，请用 Word 另存为 .docx 后重试", code="not_docx") from None


def find(content):
    """The placeholder names of a DOCX, in the order they first appear."""
    names = []
    for paragraph in _paragraphs(_open(content)):
        names += PLACEHOLDER.findall(paragraph.text)
    return list(dict.fromkeys(names))


def check(content, fields):
    """Refuse a template whose placeholders and declared fields differ, naming each difference."""
    found = find(content)
    declared = [f["name"] for f in fields]
    problems = [{"field": n, "message": "模板中有此占位符，但字段清单里没有"} for n in found if n not in declared]
    problems += [{"field": n, "message": "字段清单里有此字段，但模板中没有 {{" + n + "}}"}
                 for n in declared if n not in found]
    if len(found) > MAX_PLACEHOLDERS:
        raise Invalid(f"占位符不能超过 {MAX_PLACEHOLDERS} 个", code="too_many_placeholders")
    if problems:
        raise Invalid("模板的占位符与字段清单不一致", code="placeholders_mismatch", details=problems)
    return found


def fill(content, fields, values):
    """The DOCX with each {{name}} replaced by how its checked value reads (blank when not given)."""
    by_name = {f["name"]: f for f in fields}
    document = _open(content)

    def said(match):
        name = match.group(1)
        value = values.get(name)
        return shown(by_name[name], value) if value and name in by_name else "________"

    for paragraph in _paragraphs(document):
        if "{{" not in paragraph.text or not paragraph.runs:
            continue
        runs = paragraph.runs
        start = next((i for i, run in enumerate(runs) if "{" in run.text), 0)
        first, *rest = runs[start:]
        first.text = PLACEHOLDER.sub(said, "".join(run.text for run in runs[start:]))
        for run in rest:
            run._element.getparent().remove(run._element)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
