"""A bureau's own DOCX template: its {{placeholders}} found even when Word split them across runs,
checked against the declared fields, and filled in — the building block of staff uploads."""
import io
from datetime import date

import docx
import pytest

from chalicelib.documents import placeholders, values
from chalicelib.errors import Invalid

FIELDS = [{"name": "debtor", "label": "欠款人", "kind": "text", "required": True},
          {"name": "amount", "label": "金额", "kind": "money", "required": True},
          {"name": "due_on", "label": "还款日期", "kind": "date", "required": False}]


def template(split=True):
    """A DOCX as Word writes one: `{{debtor}}` in three runs, a placeholder in a table and a footer."""
    document = docx.Document()
    paragraph = document.add_paragraph("今欠款人")
    for part in ("{{de", "bt", "or}}") if split else ("{{debtor}}",):
        paragraph.add_run(part).bold = True
    paragraph.add_run("人民币{{ amount }}。")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "还款日期", "{{due_on}}"
    document.sections[0].footer.paragraphs[0].text = "欠款人：{{debtor}}"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_placeholders_are_found_across_runs_tables_and_footers_in_order():
    assert placeholders.find(template()) == ["debtor", "amount", "due_on"]
    assert placeholders.check(template(), FIELDS) == ["debtor", "amount", "due_on"]


def test_a_template_and_a_field_list_that_differ_are_refused_naming_each_difference():
    with pytest.raises(Invalid) as refused:
        placeholders.check(template(), FIELDS[:2] + [{"name": "lender", "label": "出借人", "kind": "text"}])
    assert refused.value.code == "placeholders_mismatch"
    assert {d["field"] for d in refused.value.details} == {"due_on", "lender"}


@pytest.mark.parametrize("content", [b"%PDF-1.7 not a docx", b"PK\x03\x04broken zip", b"x" * (3 * 1024 * 1024)])
def test_what_is_not_a_word_document_is_refused(content):
    with pytest.raises(Invalid) as refused:
        placeholders.find(content)
    assert refused.value.code in ("not_docx", "template_too_large")


def test_a_filled_template_reads_back_with_each_value_and_its_formatting_kept():
    checked = values.check(FIELDS, {"debtor": "赵六", "amount": "1200"}, date(2026, 12, 2))
    filled = docx.Document(io.BytesIO(placeholders.fill(template(), FIELDS, checked)))
    first = filled.paragraphs[0]
    assert first.text == "今欠款人赵六人民币1,200.00 元（人民币壹仟贰佰元整）。"
    assert [(r.text, r.bold) for r in first.runs] == [  # the text before it as it was, then the placeholder's run
        ("今欠款人", None), ("赵六人民币1,200.00 元（人民币壹仟贰佰元整）。", True)]
    assert filled.tables[0].cell(0, 1).text == "________"  # not given: a blank to write by hand
    assert filled.sections[0].footer.paragraphs[0].text == "欠款人：赵六"
    assert "{{" not in "".join(p.text for p in filled.paragraphs)
