"""Citations of articles become links (chalicelib/library/citations.py): the parser reads the ways
lawyers and courts write an article, the resolver finds it in the law library's texts."""
import pytest

from chalicelib.consultations.screening import screen_answer
from chalicelib.library import citations

LABOR_CONTRACT = "/h5/laws/labor-contract-law#art-"


def _links(text, **kw):
    return [(p["text"], p["href"]) for p in citations.segments(text, **kw) if "href" in p]


@pytest.mark.parametrize("number, words", [
    (1, "一"), (10, "十"), (15, "十五"), (20, "二十"), (101, "一百零一"), (110, "一百一十"),
    (133, "一百三十三"), (1000, "一千"), (1001, "一千零一"), (1079, "一千零七十九"), (1260, "一千二百六十"),
    (2010, "二千零一十")])
def test_numbers_read_and_write_as_article_labels_do(number, words):
    assert citations.chinese(number) == words
    assert citations.number_of(words) == number


@pytest.mark.parametrize("text, href", [
    ("《劳动合同法》第三十条", LABOR_CONTRACT + "30"),
    ("《中华人民共和国劳动合同法》第三十条", LABOR_CONTRACT + "30"),
    ("《劳动合同法》第30条", LABOR_CONTRACT + "30"),
    ("《劳动合同法》第３０条", LABOR_CONTRACT + "30"),
    ("《劳动合同法》 第 三十 条", LABOR_CONTRACT + "30"),
    ("劳动合同法第三十八条第一款第二项", LABOR_CONTRACT + "38"),
    ("《民法典》第一千零七十九条", "/h5/laws/civil-code#art-1079"),
    ("《民法典》第1079条", "/h5/laws/civil-code#art-1079"),
    ("民法典第一千二百六十条", "/h5/laws/civil-code#art-1260"),
    ("《劳动法》第四十四条", "/h5/laws/labor-law#art-44"),
    ("《工伤保险条例》第十四条", "/h5/laws/work-injury-insurance-regulations#art-14"),
])
def test_a_cited_article_becomes_a_link_to_it(text, href):
    assert _links("根据" + text + "的规定，") == [(text, href)]


def test_an_article_with_zhi_yi_links_to_its_own_place_in_reading_order():
    # Given 刑法, whose 第X条之一 articles are read between the numbered ones
    [(said, href)] = _links("醉驾触犯《刑法》第一百三十三条之一。")
    [(plain, plain_href)] = _links("《刑法》第一百三十三条")
    # Then 之一 is the article after 第一百三十三条, not the same one
    assert said == "《刑法》第一百三十三条之一"
    assert int(href.rsplit("-", 1)[1]) == int(plain_href.rsplit("-", 1)[1]) + 1


def test_a_list_after_a_citation_links_every_article_to_the_same_law():
    links = _links("依照《劳动合同法》第三十条、第三十八条和第四十六条，以及《劳动法》第五十条。")
    assert links == [("《劳动合同法》第三十条", LABOR_CONTRACT + "30"), ("第三十八条", LABOR_CONTRACT + "38"),
                     ("第四十六条", LABOR_CONTRACT + "46"), ("《劳动法》第五十条", "/h5/laws/labor-law#art-50")]


def test_ben_fa_means_the_law_named_last_or_the_law_being_read():
    assert _links("《劳动合同法》规定……本法第四十三条另有规定") == [("本法第四十三条", LABOR_CONTRACT + "43")]
    assert _links("依照本法第十条和第十二条", here="legal-aid-law") == [
        ("本法第十条", "/h5/laws/legal-aid-law#art-10"), ("第十二条", "/h5/laws/legal-aid-law#art-12")]
    # And a bare article is a link only on a law's own page
    assert _links("第十二条规定") == []
    assert _links("第十二条规定", here="legal-aid-law") == [("第十二条", "/h5/laws/legal-aid-law#art-12")]


@pytest.mark.parametrize("text", [
    "《公司法》第二十条",  # a law the library does not hold
    "《劳动合同法》第一百条",  # an article the law does not have (it has 98)
    "本法第四条",  # 本法 with no law named before it
    "《公司法》第二十条、第二十一条",  # a list after an unknown law
    "第三十条", "劳动合同", "《劳动合同法》", "第零条", "《劳动合同法》第99999条",
])
def test_what_names_no_article_of_the_library_stays_plain_text(text):
    pieces = citations.segments(text)
    assert pieces == [{"text": text}]


def test_the_whole_text_is_kept_in_order_around_the_links():
    text = "你好。依据《劳动合同法》第八十二条，公司应支付二倍工资。"
    pieces = citations.segments(text)
    assert "".join(p["text"] for p in pieces) == text
    assert pieces[1]["title"] == "中华人民共和国劳动合同法 第八十二条"


def test_the_police_law_links_into_the_text_in_force_on_the_day():
    # 治安管理处罚法: 144 articles from 2026-01-01, 119 before
    assert _links("《治安管理处罚法》第一百四十条", day="2026-01-01")
    assert not _links("《治安管理处罚法》第一百四十条", day="2025-12-31")


def test_an_answer_citing_articles_passes_the_screening_and_lists_what_it_cites():
    # Given a lawyer's answer that names articles (the links are made when it is shown, not stored)
    body = "您好，根据《劳动合同法》第三十条、第三十八条，用人单位未及时足额支付劳动报酬的，您可以解除劳动合同并要求经济补偿。"
    # Then the screening (no web addresses, no contact details) lets it through unchanged
    assert screen_answer(body) == body
    # And what it cites is two articles of 劳动合同法
    assert [c["href"] for c in citations.cited(body)] == [LABOR_CONTRACT + "30", LABOR_CONTRACT + "38"]
    # And no link the platform makes would be refused if a lawyer pasted it
    for href in (c["href"] for c in citations.cited(body)):
        assert screen_answer(body + href) == body + href


def test_a_case_or_template_the_picker_inserted_links_to_it_and_an_unknown_title_stays_text():
    text = "可参见以案释法案例“加班费的仲裁时效应当如何认定”，起诉时可使用文书模板“民事起诉状（劳动争议纠纷）”。"
    links = _links(text)
    assert links == [("以案释法案例“加班费的仲裁时效应当如何认定”", "/h5/cases/labor-01"),
                     ("文书模板“民事起诉状（劳动争议纠纷）”", "/h5/templates/labor")]
    assert "".join(p["text"] for p in citations.segments(text)) == text
    assert _links("以案释法案例“没有这个案例”") == []
