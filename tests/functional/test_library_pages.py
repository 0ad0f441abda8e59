"""The library's H5 pages: open to anyone (no sign-in), in Chinese, 404 as a polite page."""
import re

import pytest

from tests.functional.test_library_routes import library  # noqa: F401  (fixture)


def _text(response):
    return response.body.decode() if isinstance(response.body, bytes) else response.body


@pytest.mark.parametrize("path, expected", [
    ("/h5/laws", "中华人民共和国法律援助法"), ("/h5/laws/legal-aid-law", "共 71 条"),
    ("/h5/cases", "加班费的仲裁时效应当如何认定"), ("/h5/cases/labor-01", "基本案情"),
    ("/h5/templates", "离婚纠纷"), ("/h5/templates/divorce", "复制全文")])
def test_every_library_page_opens_without_signing_in(library, path, expected):  # noqa: F811
    # Given no session cookie
    # When the page is opened
    response = library.http.get(path)
    # Then it is the page, not the sign-in form
    assert response.status_code == 200 and expected in _text(response)
    assert "请先登录" not in _text(response)


def test_a_law_page_shows_chapters_and_the_first_page_with_load_more(library):  # noqa: F811
    page = _text(library.http.get("/h5/laws/legal-aid-law"))
    assert 'id="art-1"' in page and 'id="art-50"' in page and 'id="art-51"' not in page
    assert 'data-next="50"' in page and "第一章" in page and "加载更多条文" in page


def test_searching_from_the_laws_page_lists_marked_results_with_links(library):  # noqa: F811
    page = _text(library.http.get("/h5/laws?q=拖欠工资"))
    assert "“拖欠工资”的查找结果" in page and "<mark>" in page and "/h5/laws/labor-law#art-50" in page


def test_a_refused_search_on_the_page_says_why(library):  # noqa: F811
    page = _text(library.http.get("/h5/laws?q=" + "工" * 41))
    assert "不超过 40 个字" in page


def test_an_unknown_law_page_is_a_polite_404(library):  # noqa: F811
    response = library.http.get("/h5/laws/no-such-law")
    assert response.status_code == 404 and "没有找到这部法律法规" in _text(response)


def test_a_template_downloads_as_a_named_utf8_text_file(library):  # noqa: F811
    response = library.http.get("/h5/templates/labor/download")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert "attachment" in response.headers["Content-Disposition"] and "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert _text(response).startswith("民事起诉状\r\n（劳动争议纠纷）")


def test_the_templates_page_has_a_search_that_lists_only_templates_to_tap(library):  # noqa: F811
    # Given the templates page, with its own search box that searches templates
    page = _text(library.http.get("/h5/templates"))
    assert 'action="/h5/templates"' in page and 'name="q"' in page
    # When a citizen looks for 借款
    found = _text(library.http.get("/h5/templates?q=借款"))
    # Then the matching templates are listed as links, the words found marked, and nothing else
    assert "“借款”的文书模板" in found and "<mark>" in found
    assert 'href="/h5/templates/private_lending"' in found and 'href="/h5/templates/loan"' in found
    assert "/h5/laws/" not in found.split('id="lib-results"')[1] and "/h5/cases/" not in found
    # And a search that finds nothing, or is refused, says so in words
    assert "没有找到相关的文书模板" in _text(library.http.get("/h5/templates?q=航天器"))
    assert "不超过 40 个字" in _text(library.http.get("/h5/templates?q=" + "借" * 41))


def test_a_case_page_credits_its_publishers_in_plain_words(library):  # noqa: F811
    page = _text(library.http.get("/h5/cases/labor-01"))
    assert 'id="case-source">来源：人民法院、人力资源社会保障部等发布的典型案例</p>' in page
    assert "LawRefBook" not in page and "快照" not in page


def test_a_laws_revision_date_reads_as_a_date_in_words(library):  # noqa: F811
    # Given the laws list and one law's page, the law's last revision date known
    for path in ("/h5/laws", "/h5/laws/legal-aid-law"):
        page = _text(library.http.get(path))
        # Then the date is said as a person says it, with its year, never as 2021-08-20
        assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", page), path
        assert not re.search(r"\d{4}-\d{2}-\d{2}", page), (path, re.findall(r".{20}\d{4}-\d{2}-\d{2}.{10}", page))
