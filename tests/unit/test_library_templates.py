"""Complaint templates as clean text: the standard parts every template shares are filled in."""
from chalicelib.library import doc_templates


def test_every_template_reads_from_title_to_signature_line():
    # Given the twelve templates, most transcribed with their standard parts missing
    for template in doc_templates.all_templates():
        text = template["text"]
        # Then each opens with its title, explains itself, and ends with the signature and date
        assert text.startswith("民事起诉状\n（") and "\n说明\n" in text
        assert "一、当事人信息" in text and "对纠纷解决方式的意愿" in text
        assert text.rstrip().endswith("________________________________") and "\n日期\n" in text


def test_a_template_missing_its_first_party_rows_gets_the_standard_ones_and_keeps_its_own():
    # Given 建设工程施工合同, whose transcription starts at the third party's row
    text = doc_templates.template("construction")["text"]
    # Then the plaintiff and defendant rows come first, then its own third party row
    assert text.index("原告（自然人）") < text.index("被告（法人、非法人组织）") < text.index("第三人（法人、非法人组织）")


def test_a_natural_persons_matter_gets_no_legal_person_rows():
    # Given 离婚, whose own rows are 委托诉讼代理人 and 被告 (people, not companies)
    text = doc_templates.template("divorce")["text"]
    parties = text[text.index("一、当事人信息"):text.index("二、")]
    # Then only the missing 原告（自然人） row is added
    assert "原告（自然人）" in parties and "法人" not in parties
