"""Every template filled with sample values and read back out of its DOCX with python-docx: each
element where the official form puts it (its row of the table, its place in the text, the signature
and date at the right), the title centred in 宋体 and the body in 仿宋, the citizen's text as text."""
import io
import zipfile
from datetime import date

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn

from chalicelib.documents import catalog, docx_render, values

TODAY = date(2026, 12, 2)
ID_NUMBERS = ["11010519491231002X", "360722199001011238"]


def sample(field, index):
    """A distinct, valid value for each field, so finding it proves that field was written."""
    kind = field["kind"]
    if kind == "money":
        return f"{1000 + index}.5"
    if kind == "date":
        return f"20{26 - index % 20:02d}-{index % 12 + 1:02d}-{index % 28 + 1:02d}"
    if kind == "phone":
        return f"138{index:08d}"
    if kind == "id_number":
        return ID_NUMBERS[index % 2]
    if kind == "number":
        return str(index + 1)
    if kind == "select":
        return field["options"][index % len(field["options"])]
    return f"{field['label'][:20]}内容{index}"


def filled(spec):
    given = {f["name"]: sample(f, i) for i, f in enumerate(spec["fields"])}
    checked = values.check(spec["fields"], given, TODAY)
    return checked, docx.Document(io.BytesIO(docx_render.render(spec, checked)))


def east_asian_font(run_or_style):
    fonts = run_or_style.element.rPr.rFonts
    return fonts.get(qn("w:eastAsia"))


@pytest.mark.parametrize("slug", list(catalog.documents()))
def test_every_filled_element_reads_back_out_of_the_docx(slug):
    # Given a template filled in completely
    spec = catalog.document(slug)
    by_name = {f["name"]: f for f in spec["fields"]}
    checked, document = filled(spec)
    # Then each table is a block of rows, in order: label on the left, the value on the right
    tables = iter(document.tables)
    for block in (b for b in spec["layout"] if "rows" in b):
        rows = list(next(tables).rows)
        if block.get("heading"):
            assert rows.pop(0).cells[0].text == block["heading"]
        assert len(rows) == len(block["rows"]), slug
        for row, name in zip(rows, block["rows"]):
            field, value = by_name[name], checked[name]
            assert row.cells[0].text == field["label"]
            if field["kind"] == "select":  # every option shown, the chosen one ticked
                assert f"☑{value}" in row.cells[1].text and row.cells[1].text.count("☑") == 1
                assert all(o in row.cells[1].text for o in field["options"])
            else:
                assert row.cells[1].text == values.shown(field, value)
    # And each element of the text and the signature reads as the citizen gave it
    text = "\n".join(p.text for p in document.paragraphs)
    for block in spec["layout"]:
        for line in block.get("text", []) + block.get("sign", []):
            for name in catalog.placeholders(line):
                assert values.shown(by_name[name], checked[name]) in text, (slug, name)


@pytest.mark.parametrize("slug", ["legal_aid_application", "iou_loan", "private_lending"])
def test_the_layout_is_that_of_an_official_form(slug):
    spec = catalog.document(slug)
    checked, document = filled(spec)
    title = document.paragraphs[0]
    # Then the title is centred, bold, in 宋体 二号; the body in 仿宋
    assert title.text == spec.get("heading", spec["title"])
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert all(r.bold and east_asian_font(r) == "宋体" and r.font.size.pt == 22 for r in title.runs)
    assert east_asian_font(document.styles["Normal"]) == "仿宋"
    # On A4 with the margins of GB/T 9704
    section = document.sections[0]
    assert (round(section.page_width.cm, 1), round(section.page_height.cm, 1)) == (21.0, 29.7)
    assert round(section.top_margin.cm, 1) == 3.7 and round(section.left_margin.cm, 1) == 2.8
    # And the signature and its date close the document at the right
    sign = next(b["sign"] for b in spec["layout"] if "sign" in b)
    signed = [p for p in document.paragraphs if p.alignment == WD_ALIGN_PARAGRAPH.RIGHT]
    assert [p.text for p in signed] == [catalog.fill(line, {n: values.shown(
        next(f for f in spec["fields"] if f["name"] == n), checked[n]) for n in checked}, None) for line in sign]
    assert signed[-1].text.startswith("日期：") and signed[-1].text.endswith("日")


def test_an_iou_writes_the_amount_in_figures_and_capitals_and_blanks_what_was_left_out():
    spec = catalog.document("iou_loan")
    checked = values.check(spec["fields"], {
        "lender_name": "王五", "amount": "50000", "paid_by": "银行转账", "due_on": "2027-06-30",
        "borrower_name": "赵六", "borrower_id_number": "360722199001011238", "signed_on": "2026-12-02"}, TODAY)
    document = docx.Document(io.BytesIO(docx_render.render(spec, checked)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "今借到出借人王五（公民身份号码：________）人民币50,000.00 元（人民币伍万元整），已通过银行转账方式收到。" in text
    assert "于2027年6月30日前一次性归还" in text and "借款人（签字并按手印）：赵六" in text


def test_the_citizens_text_is_written_as_text_never_as_markup_or_a_field():
    # Given values that look like a spreadsheet formula, Word XML and a field code
    spec = catalog.document("iou_debt")
    hostile = {"creditor_name": '=HYPERLINK("http://evil.example","点我")', "cause": "</w:t><w:t>货款",
               "amount": "1", "due_on": "2027-01-01", "debtor_name": "{ INCLUDETEXT \"c:\\\\x\" }",
               "debtor_id_number": "360722199001011238", "signed_on": "2026-12-02",
               "repay_plan": "第一期\n第二期\r\n第三期" + "长" * 2900}
    raw = docx_render.render(spec, values.check(spec["fields"], hostile, TODAY))
    document = docx.Document(io.BytesIO(raw))
    text = "\n".join(p.text for p in document.paragraphs)
    # Then each reads back verbatim, and the package holds no field and no injected element
    assert '今欠=HYPERLINK("http://evil.example","点我")</w:t><w:t>货款' in text
    assert '{ INCLUDETEXT "c:\\\\x" }' in text and "第一期\n第二期" in text
    xml = zipfile.ZipFile(io.BytesIO(raw)).read("word/document.xml").decode()
    assert "fldSimple" not in xml and "instrText" not in xml and "&lt;/w:t&gt;&lt;w:t&gt;" in xml
