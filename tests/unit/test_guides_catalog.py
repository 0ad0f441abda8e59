"""诉讼指引's citations are the law library's own text: every deadline and article a guide cites is
an article of seeds/laws whose number and label match and whose text contains the guide's quote, so
a renumbered or misquoted article fails here (issue 13 "deadlines with their statutes")."""
import pytest

from chalicelib.guides import catalog
from chalicelib.library import corpus
from chalicelib.library.doc_templates import all_templates

ARTICLES = {(d.slug, d.number): d for d in corpus.documents() if d.kind == "article"}
CITED = [(g["slug"], ref) for g in catalog.guides() for ref in g["deadlines"] + g["articles"]]


def test_the_seven_case_types_of_the_issue_have_a_guide():
    assert {g["slug"] for g in catalog.guides()} == {
        "administrative", "civil", "criminal", "marriage", "support", "labour", "traffic"}


@pytest.mark.parametrize("guide, ref", CITED, ids=[f"{g}-{r['name']}{r['label']}" for g, r in CITED])
def test_each_cited_article_says_what_the_guide_quotes(guide, ref):
    article = ARTICLES.get((ref["law"], ref["number"]))
    assert article is not None, f"{ref['law']} #{ref['number']} is not in the library"
    assert article.label == ref["label"] and ref["name"] in article.title
    assert ref["quote"] in article.text.replace("\n", "")


def test_the_key_deadlines_are_cited_to_the_right_articles():
    labour = catalog.detail("labour", [])
    assert ("劳动争议调解仲裁法", "第二十七条", "/h5/laws/labor-dispute-mediation-arbitration-law#art-27") in [
        (d["name"], d["label"], d["href"]) for d in labour["deadlines"]]
    assert ("民法典", "第一百八十八条") in [(d["name"], d["label"]) for d in catalog.detail("civil", [])["deadlines"]]


def test_templates_and_fee_kinds_exist():
    slugs = {t["slug"] for t in all_templates()}
    from chalicelib import fees

    for guide in catalog.guides():
        assert {t["slug"] for t in guide["templates"]} <= slugs, guide["slug"]
        assert guide["fee"]["kind"] is None or guide["fee"]["kind"] in fees.KINDS


def test_a_guide_shows_only_the_venues_of_the_kinds_it_names_in_its_order():
    venues = [{"kind": "police", "name": "公安局"}, {"kind": "court", "name": "法院"},
              {"kind": "arbitration", "name": "仲裁委"}]
    assert [v["name"] for v in catalog.detail("labour", venues)["venues"]] == ["仲裁委", "法院"]
