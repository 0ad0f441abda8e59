"""The law library, done when: in headless Chromium on a phone-sized screen, on the local stack, a
citizen who never signed in opens /h5/laws from the menu, searches 拖欠工资, opens a result and lands
on that article (even past the first page of its law), loads more articles, and reads a 以案释法
case and a complaint template, and finds a 诉讼指引 among the grouped results. A screenshot of each step is kept under test-artifacts/library/.

The stack is `python -m local.run` as `make run` starts it, on a free PORT, with its data in
.local/e2e-library and only the datasets these pages read (the first run loads them once).
"""
import re

import pytest

from tests.e2e.stack import PHONE, ROOT, STEP, missing_routes, running

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

DATA_DIR = ROOT / ".local" / "e2e-library"
ARTIFACTS = ROOT / "test-artifacts" / "library"
SEED_ARGS = "--only categories,catalog,laws,cases"
ROUTES_NEEDED = ("/api/laws", "/api/laws/{slug}", "/api/cases", "/api/cases/{slug}",
                 "/api/templates", "/api/templates/{slug}", "/api/library/search")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    with running(tmp_path_factory.mktemp("library-stack") / "stack.log", DATA_DIR,
                 seed_args=SEED_ARGS) as local:
        missing = missing_routes(local.base, ROUTES_NEEDED)
        if missing:
            pytest.skip("app.py must register chalicelib.routes.library: " + ", ".join(missing))
        yield local.base


@pytest.fixture
def phone(browser):
    """A phone that never signed in, failing the test on any script error or CSP refusal."""
    context = browser.new_context(**PHONE)
    context.set_default_timeout(STEP)
    errors = []
    context.on("weberror", lambda error: errors.append(str(error.error)))
    context.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield context.new_page(), errors
    context.close()
    assert errors == []


def shot(page, name):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=name != "03-article")


def test_a_citizen_searches_reads_an_article_a_case_and_a_template_without_signing_in(stack, phone):
    page, _ = phone
    # Given a citizen who opens the law library from the menu, without signing in
    page.goto(stack + "/h5/laws")
    assert page.locator("h1").inner_text() == "法律法规库"
    assert page.locator(".zst-lib-law__title", has_text="中华人民共和国民法典").count() == 1
    shot(page, "01-laws")

    # When they search 拖欠工资
    page.fill("#lib-q", "拖欠工资")
    page.click(".zst-lib-search__btn")
    page.wait_for_selector(".zst-lib-result")
    # Then labour articles are listed with the words marked
    results = page.locator(".zst-lib-result")
    assert results.count() >= 5 and page.locator(".zst-lib-result mark").count() >= 2
    wages = results.filter(has_text="中华人民共和国劳动法 第九十一条")
    assert wages.count() == 1
    shot(page, "02-search")

    # When they open 劳动法 第九十一条, which lies past the first page of 50 articles
    wages.locator("a").click()
    page.wait_for_url(re.compile(r"/h5/laws/labor-law#art-91$"))
    article = page.locator("#art-91")
    article.wait_for()
    # Then the page reads from that article on, marked, with a way back to the start
    assert "克扣或者无故拖欠劳动者工资的" in article.inner_text()
    page.wait_for_function("() => document.getElementById('art-91').classList.contains('zst-lib-article_target')")
    assert page.locator("#lib-restart").is_visible() and page.locator("#art-1").count() == 0
    shot(page, "03-article")

    # When they read from the start and load more, the law runs on to its last article (107)
    page.click("#lib-restart a")
    page.locator("#art-1").wait_for()
    page.click("#lib-more")
    page.locator("#art-100").wait_for()
    page.click("#lib-more")
    page.locator("#art-107").wait_for()
    assert page.locator("#lib-end").is_visible() and not page.locator("#lib-more").is_visible()
    assert page.locator(".zst-lib-chapter", has_text="第十二章").count() == 1

    # When they open the 以案释法 list and a labour case
    page.goto(stack + "/h5/cases")
    page.locator("a", has_text="加班费的仲裁时效应当如何认定").click()
    page.wait_for_url(re.compile(r"/h5/cases/labor-01$"))
    # Then the case reads in sections
    assert page.locator("h1").inner_text() == "加班费的仲裁时效应当如何认定"
    assert page.locator(".zst-lib-chapter", has_text="基本案情").count() == 1
    shot(page, "04-case")

    # When they open the divorce complaint template and copy it
    page.goto(stack + "/h5/templates")
    page.locator("a", has_text="离婚纠纷").click()
    page.wait_for_url(re.compile(r"/h5/templates/divorce$"))
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=stack)
    page.click("#lib-copy")
    page.wait_for_function("() => document.querySelector('#zst-toast .weui-toast__content').textContent === '已复制全文'")
    # Then the clipboard holds the template, and the download link offers the text file
    assert page.evaluate("navigator.clipboard.readText()").startswith("民事起诉状\n（离婚纠纷）")
    download = page.context.request.get(stack + page.get_attribute("#lib-download", "href"))
    assert download.ok and "attachment" in download.headers["content-disposition"]
    shot(page, "05-template")

    # When they search 劳动仲裁 (issue 13: guides and the platform's forms are searched too)
    page.goto(stack + "/h5/laws?q=" + "劳动仲裁")
    guides = page.locator("#group-guide")
    guides.wait_for()
    # Then the results are grouped by kind with counts, 诉讼指引 among them, and the guide opens
    assert page.locator("#kind-guide").inner_text().startswith("诉讼指引")
    assert page.locator("#group-article").count() == 1
    shot(page, "06-search-kinds")
    guides.locator("a", has_text="劳动合同纠纷诉讼指引").first.click()
    page.wait_for_url(re.compile(r"/h5/guides/labour$"))
    assert "劳动" in page.locator("h1").inner_text()
