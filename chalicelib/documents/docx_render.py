"""A filled template as a DOCX laid out like the official forms: A4 with the margins of GB/T 9704,
the title centred in 宋体, the body in 仿宋, the parties and elements as a two-column table
(label | content, tick-boxes for choices), paragraphs indented two characters, signature and date
at the right. python-docx writes it; nothing of the citizen's text is read as markup."""
import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from chalicelib.documents.catalog import fill
from chalicelib.documents.values import shown

TITLE_FONT, BODY_FONT = "宋体", "仿宋"
TITLE_SIZE, BODY_SIZE, TABLE_SIZE, NOTE_SIZE = Pt(22), Pt(14), Pt(12), Pt(10.5)
TICKED, UNTICKED = "☑", "☐"


def _font(run_or_style, name, size, bold=None):
    font = run_or_style.font
    font.name, font.size = name, size
    if bold is not None:
        font.bold = bold
    r_pr = run_or_style.element.get_or_add_rPr()
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), name)


def _page(document):
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    document.styles["Normal"].paragraph_format.line_spacing = 1.35


def _para(document_or_cell, text, *, size=BODY_SIZE, bold=False, align=None, indent=False,
          font=BODY_FONT):
    paragraph = document_or_cell.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = size * 2
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if number:
            run.add_break()
        run.add_text(line)
        _font(run, font, size, bold)
    return paragraph


def _choice(field, value):
    return "  ".join(f"{TICKED if o == value else UNTICKED}{o}" for o in field["options"])


def _cell(cell, text, bold=False):
    cell.text = ""
    paragraph = cell.paragraphs[0]
    for number, line in enumerate(text.split("\n")):
        run = paragraph.add_run()
        if number:
            run.add_break()
        run.add_text(line)
        _font(run, BODY_FONT, TABLE_SIZE, bold)


def _table(document, heading, rows, by_name, values):
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if heading:
        merged = table.add_row().cells
        merged[0].merge(merged[1])
        _cell(merged[0], heading, bold=True)
    for name in rows:
        field = by_name[name]
        value = values.get(name)
        left, right = table.add_row().cells
        _cell(left, field["label"])
        if field["kind"] == "select":
            _cell(right, _choice(field, value))
        else:
            _cell(right, shown(field, value) if value else "")
    for row in table.rows:
        row.cells[0].width, row.cells[-1].width = Cm(5), Cm(10.6)
    document.add_paragraph()


def render(spec, values):
    """The DOCX bytes of `spec` filled with checked `values` ({name: normalised text})."""
    by_name = {f["name"]: f for f in spec["fields"]}
    said = {name: shown(by_name[name], value) for name, value in values.items()}
    document = Document()
    _page(document)
    document.core_properties.title = spec["title"]
    _para(document, spec.get("heading") or spec["title"], size=TITLE_SIZE, bold=True,
          align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT)
    if spec.get("subtitle"):
        _para(document, spec["subtitle"], size=BODY_SIZE, align=WD_ALIGN_PARAGRAPH.CENTER,
              font=TITLE_FONT)
    for block in spec["layout"]:
        if "rows" in block:
            _table(document, block.get("heading"), block["rows"], by_name, values)
            continue
        size = NOTE_SIZE if block.get("small") else BODY_SIZE  # the form's 说明, in small print
        if block.get("heading"):
            _para(document, block["heading"], bold=True, size=size)
        for text in block.get("text", []):
            _para(document, fill(text, said, by_name), indent=len(text) > 12, size=size)
        for line in block.get("sign", []):
            _para(document, fill(line, said, by_name), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if spec.get("note"):
        _para(document, spec["note"], size=NOTE_SIZE)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
