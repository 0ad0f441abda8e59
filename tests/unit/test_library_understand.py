"""How a citizen's question is read before the search: the vocabulary's concepts, the question words
dropped, ages, and the matter categories its words suggest (chalicelib/library/understand.py)."""
from chalicelib.library import tokens
from chalicelib.library.understand import EMPTY, Concept, Vocabulary, understand

VOCABULARY = Vocabulary.of({
    "stop": ["怎么办", "吗", "被", "了", "我"],
    "terms": {"家暴": {"say": ["家庭暴力"], "laws": ["anti-domestic-violence-law"]},
              "借钱不还": {"say": ["返还借款"], "laws": ["civil-code:借款合同"]},
              "公司": {"say": ["用人单位"], "weight": 0.4},
              "偷": {"say": ["盗窃"], "laws": ["criminal-law"]}},
    "domains": {"labor": ["labor-contract-law"]}},
    keywords={"labor": ["辞退"]})


def words(query, vocabulary=VOCABULARY):
    return [concept.words for concept in understand(query, vocabulary).concepts]


def test_a_colloquial_word_brings_the_statutes_word_and_the_law_that_rules_it():
    # Given the vocabulary knows 家暴 as the statutes' 家庭暴力
    understood = understand("老公家暴怎么办", VOCABULARY)
    # Then the query searches both, and points to 反家庭暴力法; 怎么办 only made it a question
    assert ("家暴", "家庭暴力") in [c.words for c in understood.concepts]
    assert understood.law_votes() == {"anti-domestic-violence-law": 1}
    assert all("怎么办" not in c.words for c in understood.concepts)


def test_a_phrase_spanning_several_words_is_read_as_one_concept():
    assert words("借钱不还怎么办") == [("借钱不还", "返还借款")]


def test_a_single_character_counts_only_when_the_vocabulary_knows_it():
    # 偷 is known; 被 and 了 are question words
    assert words("被偷了") == [("偷", "盗窃")]


def test_a_party_weighs_less_than_what_happened():
    concepts = understand("公司辞退", VOCABULARY).concepts
    assert concepts[0] == Concept(("公司", "用人单位"), (), 0.4)


def test_an_age_speaks_as_the_laws_do():
    # A fifteen-year-old is a minor below sixteen; a seventy-year-old is elderly
    assert "未满十六周岁" in words("十五岁能打工")[0]
    assert ("老年人",) in words("七十岁老人", EMPTY)


def test_a_matter_category_keyword_votes_for_its_laws():
    assert understand("被公司辞退", VOCABULARY).law_votes() == {"labor-contract-law": 1}


def test_article_labels_are_still_read_and_not_searched_as_words():
    understood = understand("民法典 第1079条", VOCABULARY)
    assert understood.labels == ["第一千零七十九条"]
    assert [c.words for c in understood.concepts] == [("民法典",)]


def test_a_query_of_nothing_but_question_words_searches_what_was_typed():
    assert words("怎么办") == [("怎么办",)]


def test_small_chinese_numbers_are_read():
    assert [tokens.chinese_number(n) for n in ("十五", "六十五", "两百", "十", "五x")] == [15, 65, 200, 10, None]
