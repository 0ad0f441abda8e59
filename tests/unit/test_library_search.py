"""The library's search index on a handful of hand-written documents: tokens, labels, ranking, snippets."""
import pytest

from chalicelib.library import tokens
from chalicelib.library.corpus import Doc
from chalicelib.library.index import SearchIndex
from chalicelib.library.snippet import snippet
from chalicelib.library.understand import EMPTY

WAGES = Doc("article", "labor-law", "中华人民共和国劳动法", "工资应当以货币形式按月支付给劳动者本人。不得克扣或者无故拖欠劳动者的工资。",
            "第五十条", "第五章 工资", 50)
ARREARS = Doc("article", "labor-contract-law", "中华人民共和国劳动合同法",
              "用人单位拖欠或者未足额支付劳动报酬的，劳动者可以依法向当地人民法院申请支付令。", "第三十条", "第三章", 30)
DIVORCE = Doc("article", "civil-code", "中华人民共和国民法典",
              "夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。", "第一千零七十九条", "第五编 婚姻家庭", 1079)
PROPERTY = Doc("article", "civil-code", "中华人民共和国民法典",
               "离婚时，夫妻的共同财产由双方协议处理；协议不成的，由人民法院判决。", "第一千零八十七条", "第五编 婚姻家庭", 1087)
OVERTIME = Doc("case", "labor-01", "加班费的仲裁时效应当如何认定", "张某入职某建筑公司，公司未支付其加班费，张某申请仲裁。")
CIVIL_30 = Doc("article", "civil-code", "中华人民共和国民法典", "依法具有监护资格的人之间可以协议确定监护人。", "第三十条", "第一编 总则", 30)


@pytest.fixture(scope="module")
def index():
    # The ranking itself, without the colloquial vocabulary (tested in test_library_understand.py)
    return SearchIndex([WAGES, ARREARS, DIVORCE, PROPERTY, OVERTIME, CIVIL_30], vocabulary=EMPTY)


def test_chinese_text_becomes_overlapping_bigrams_and_latin_words_stay_whole():
    assert tokens.tokens("拖欠工资") == ["拖欠", "欠工", "工资"]
    assert tokens.tokens("ＡＰＰ 违法，房") == ["app", "违法", "房"]  # full-width folded, a lone char kept


@pytest.mark.parametrize("number, numeral", [(1, "一"), (10, "十"), (15, "十五"), (30, "三十"), (105, "一百零五"),
                                             (110, "一百一十"), (1079, "一千零七十九"), (1260, "一千二百六十")])
def test_article_numbers_read_as_the_statutes_write_them(number, numeral):
    assert tokens.chinese_numeral(number) == numeral


def test_an_article_label_in_any_spelling_is_recognised_and_removed_from_the_words():
    assert tokens.article_labels("民法典 第1079条") == (["第一千零七十九条"], "民法典  ")
    assert tokens.article_labels("刑法 第一百二十条之一")[0] == ["第一百二十条之一"]
    assert tokens.article_labels("拖欠工资")[0] == []


def test_a_document_holding_every_word_verbatim_ranks_first(index):
    # Given 劳动法 第五十条 holding 拖欠 and 工资, and 劳动合同法 第三十条 holding only 拖欠
    # When a citizen searches 拖欠工资
    hits = index.search("拖欠工资")
    # Then 第五十条 leads, 第三十条 follows, and nothing unrelated (离婚, 加班费) is listed
    assert [h.doc.label for h in hits] == ["第五十条", "第三十条"]


def test_documents_holding_every_word_come_before_those_holding_some(index):
    # Given 第一千零八十七条 holding 离婚 and 财产, 第一千零七十九条 holding only 离婚
    hits = index.search("离婚 财产")
    assert [h.doc.label for h in hits] == ["第一千零八十七条", "第一千零七十九条"]


def test_an_article_label_finds_that_article_and_the_law_named_beside_it_ranks_first(index):
    assert [h.doc.number for h in index.search("第一千零七十九条")] == [1079]
    hits = index.search("民法典 第三十条")
    assert [(h.doc.slug, h.doc.number) for h in hits] == [("civil-code", 30), ("labor-contract-law", 30)]


def test_a_case_is_found_by_its_title_and_filtered_by_kind(index):
    assert [h.doc.slug for h in index.search("加班费")] == ["labor-01"]
    assert index.search("加班费", kinds={"article"}) == []


def test_a_query_nothing_holds_finds_nothing(index):
    assert index.search("知识产权") == []


def test_a_snippet_marks_the_query_words_and_cuts_long_text_with_ellipses():
    # Given a long text whose match lies in the middle
    text = "甲" * 100 + "无故拖欠劳动者的工资" + "乙" * 100
    # When its snippet is cut for 拖欠 and 工资
    segments = snippet(text, ["拖欠", "工资"])
    # Then the window holds both, marked, with an ellipsis on each side
    assert segments[0]["text"] == "…" and segments[-1]["text"] == "…"
    assert [s["text"] for s in segments if s["hit"]] == ["拖欠", "工资"]
    assert len("".join(s["text"] for s in segments)) <= 72 + 2


def test_a_snippet_without_a_match_is_the_start_of_the_text():
    assert snippet("短短的条文。", ["离婚"]) == [{"text": "短短的条文。", "hit": False}]


def test_search_results_link_to_the_article_anchor_or_the_case_page(index):
    assert index.search("拖欠工资")[0].doc.url == "/h5/laws/labor-law#art-50"
    assert index.search("加班费")[0].doc.url == "/h5/cases/labor-01"
