"""The law library over HTTP: laws by category, a law's articles paged (AP-05), cases by topic
(AP-06), templates, search (no table read at all), the refusals, the pages and /openapi.json."""
import json

import pytest

from chalicelib.db.models import Case, Law, LawArticle
from seeds.datasets import case_items, law_items

LAWS = ("people-mediation-law", "legal-aid-law")  # 35 and 71 articles: two pages at limit 50
CASES = ("labor-01", "labor-02", "civil-code-01")


def _json(response):
    return json.loads(response.body)


@pytest.fixture
def library(client):
    """The client, with two laws and three cases stored as the seed loader stores them."""
    with Law.batch_write() as batch:  # one request for 25 items: the fixture stays fast
        for item in law_items():
            if item.slug in LAWS:
                batch.save(item)
        for item in case_items():
            if item.slug in CASES:
                batch.save(item)
    return client


def test_laws_are_listed_by_category_in_the_statute_books_order(library):
    # Given 人民调解法 (诉讼与非诉讼程序法) and 法律援助法 (行政法) in the table
    # When anyone lists the laws, without signing in
    response = library.http.get("/api/laws")
    # Then they come grouped, 行政法 before 诉讼与非诉讼程序法, with counts and revision dates
    assert response.status_code == 200
    groups = _json(response)["categories"]
    assert [g["name"] for g in groups] == ["行政法", "诉讼与非诉讼程序法"]
    aid = groups[0]["laws"][0]
    assert aid["slug"] == "legal-aid-law" and aid["title"] == "中华人民共和国法律援助法"
    assert aid["article_count"] == 71 and aid["revised_on"]


def test_a_law_reads_in_pages_of_articles_in_order_until_next_is_null(library):
    # Given 法律援助法's 71 articles
    # When the first page of 50 and then the page after article 50 are read
    first = _json(library.http.get("/api/laws/legal-aid-law?limit=50"))
    second = _json(library.http.get(f"/api/laws/legal-aid-law?after={first['next']}&limit=50"))
    # Then every article comes once, in order, with its chapter, and the last page says so
    numbers = [a["number"] for a in first["articles"] + second["articles"]]
    assert numbers == list(range(1, 72))
    assert first["next"] == 50 and second["next"] is None
    assert first["articles"][0]["label"] == "第一条" and first["articles"][0]["chapter"].startswith("第一章")
    assert first["law"]["title"] == "中华人民共和国法律援助法" and first["law"]["history"]


@pytest.mark.parametrize("query, code", [("?limit=0", "invalid_parameter"), ("?limit=abc", "invalid_parameter"),
                                         ("?after=-1", "invalid_parameter")])
def test_a_bad_page_request_is_refused_with_the_error_shape(library, query, code):
    response = library.http.get("/api/laws/legal-aid-law" + query)
    assert response.status_code == 400 and _json(response)["error"]["code"] == code


@pytest.mark.parametrize("path, code", [("/api/laws/no-such-law", "unknown_law"),
                                        ("/api/cases/no-such-case", "unknown_case"),
                                        ("/api/templates/no-such-template", "unknown_template")])
def test_an_unknown_slug_is_404_with_the_error_shape(library, path, code):
    response = library.http.get(path)
    assert response.status_code == 404
    assert _json(response)["error"]["code"] == code and _json(response)["error"]["message"]


def test_cases_are_listed_by_the_columns_topics_and_filtered_by_one(library):
    # Given two 劳动人事 cases and one 民法典 case (打印遗嘱: an inheritance case)
    # When anyone lists all cases, then only 劳动权益, then the publisher's collection 劳动人事
    every = _json(library.http.get("/api/cases"))["topics"]
    labour = _json(library.http.get("/api/cases?topic=劳动权益"))["topics"]
    collection = _json(library.http.get("/api/cases?topic=劳动人事"))["topics"]
    # Then the seven topics come in the column's order, empty ones too, holding titles only
    assert [t["name"] for t in every] == ["劳动权益", "消费者权益", "交通事故", "医疗纠纷", "非法集资",
                                           "婚姻继承", "电信网络诈骗"]
    assert [c["slug"] for c in every[5]["cases"]] == ["civil-code-01"]
    assert [t["name"] for t in labour] == ["劳动权益"]
    assert [c["slug"] for c in labour[0]["cases"]] == ["labor-01", "labor-02"]
    assert set(labour[0]["cases"][0]) == {"slug", "title"}
    assert [c["slug"] for c in collection[0]["cases"]] == ["labor-01", "labor-02"]
    assert _json(library.http.get("/api/cases?topic=没有这个"))["topics"] == []


def test_a_case_reads_as_sections_of_paragraphs(library):
    case = _json(library.http.get("/api/cases/labor-01"))
    headings = [s["heading"] for s in case["sections"]]
    assert case["title"] == "加班费的仲裁时效应当如何认定" and "基本案情" in headings and "裁判结果" in headings
    assert all("<!--" not in p for s in case["sections"] for p in s["paragraphs"])


def test_a_case_links_the_articles_it_cites(library):
    # Given labor-01, whose analysis cites 劳动争议调解仲裁法 第二十七条
    case = _json(library.http.get("/api/cases/labor-01"))
    # Then each paragraph comes as text and links, whole, and the cited articles are listed once each
    for section in case["sections"]:
        assert ["".join(p["text"] for p in pieces) for pieces in section["linked"]] == section["paragraphs"]
    titles = [c["title"] for c in case["cites"]]
    assert "中华人民共和国劳动争议调解仲裁法 第二十七条" in titles and len(titles) == len(set(titles))
    assert all(c["href"].startswith("/h5/laws/") for c in case["cites"])
    page = library.http.get("/h5/cases/labor-01").body.decode()
    assert 'class="zst-cite" href="/h5/laws/labor-dispute-mediation-arbitration-law#art-27"' in page
    assert "本案引用的法条" in page


def test_templates_list_twelve_complaints_and_the_platforms_forms_and_one_reads_as_clean_text(client):
    listed = _json(client.http.get("/api/templates"))
    labour = _json(client.http.get("/api/templates/labor"))
    # 12 complaints (法〔2025〕82号) + the platform's own 11 forms and everyday documents (issue 13)
    assert len(listed) == 23 and {"slug": "divorce", "title": "民事起诉状（离婚纠纷）",
                                  "case_type": "离婚纠纷"} in listed
    assert labour["text"].startswith("民事起诉状\n（劳动争议纠纷）") and "[表格]" not in labour["text"]


def test_search_finds_articles_and_cases_without_reading_the_table(client, monkeypatch):
    # Given a table that would fail any read
    def refuse(*args, **kwargs):
        raise AssertionError("search read the table")
    monkeypatch.setattr(LawArticle, "query", refuse)
    monkeypatch.setattr(Law, "query", refuse)
    monkeypatch.setattr(Case, "get", refuse)
    # When a citizen searches for unpaid wages
    response = client.http.get("/api/library/search?q=拖欠工资")
    # Then the best results are labour articles with the words marked, each with a link
    assert response.status_code == 200
    results = _json(response)["results"]
    assert results and results[0]["kind"] == "article"
    assert any(r["title"] == "中华人民共和国劳动法" and r["label"] == "第五十条" for r in results[:5])
    assert results[0]["url"].startswith("/h5/laws/") and "#art-" in results[0]["url"]
    assert any(s["hit"] for s in results[0]["snippet"])


def test_search_by_article_label_reaches_that_article(client):
    results = _json(client.http.get("/api/library/search?q=民法典 第1079条"))["results"]
    assert results[0]["url"] == "/h5/laws/civil-code#art-1079" and results[0]["label"] == "第一千零七十九条"


@pytest.mark.parametrize("query", ["", "?q=", "?q=%20%20", "?q=。。", "?q=" + "劳" * 41,
                                   "?q=工资&kind=video"])
def test_an_empty_or_too_long_query_is_refused_with_400(client, query):
    # (checked at the edge by the parameters' declaration in /openapi.json)
    response = client.http.get("/api/library/search" + query)
    assert response.status_code == 400 and _json(response)["error"]["code"] == "invalid_parameter"


def test_openapi_describes_the_library_routes(client):
    paths = _json(client.http.get("/openapi.json"))["paths"]
    for path in ("/api/laws", "/api/laws/{slug}", "/api/cases", "/api/cases/{slug}", "/api/templates",
                 "/api/templates/{slug}", "/api/library/search"):
        assert "get" in paths[path] and paths[path]["get"]["tags"] == ["library"]
    assert {p["name"] for p in paths["/api/library/search"]["get"]["parameters"]} == {"q", "kind", "limit", "offset", "bureau"}


def test_an_overlong_slug_or_topic_is_answered_without_reaching_a_key_condition(library, monkeypatch):
    # Given the table would refuse a key over 1 KB (moto does not, so any read here fails the test)
    from chalicelib.db.models import Case, Law

    def refused(*args, **kwargs):
        raise AssertionError("an overlong name reached the table")

    monkeypatch.setattr(Law, "get", refused)
    monkeypatch.setattr(Case, "get", refused)
    # When anyone asks for a 3,000-character slug or topic
    # Then it names nothing: 404 for a law or a case, no case for a topic
    assert library.http.get("/api/laws/" + "a" * 3000).status_code == 404
    assert library.http.get("/api/cases/" + "b" * 3000).status_code == 404
    response = library.http.get("/api/cases?topic=" + "劳" * 3000)
    assert response.status_code in (200, 400)
    assert response.status_code == 400 or not any(t["cases"] for t in _json(response)["topics"])
