"""Laws that say which version they are, citations as links, cases by topic and search by kind
(issue 13), done when: in headless Chromium on a phone-sized screen (375 px), on the local stack,
a citizen reads 治安管理处罚法 listed by its 2025 revision (current since 2026-01-01), opens the 2012
text marked 历史版本, searches and sees the results grouped by kind with counts and a page of one
kind, opens a case grouped under its topic whose cited articles are links, and reads a lawyer's
answer — written with the lawyers' picker — whose 《劳动合同法》第三十八条 and 以案释法 case are links,
the first landing on that article. Screenshots under
test-artifacts/law-versions/.

The stack is `python -m local.run` with a small lawyer pool (stack.SEED_ARGS), in a fresh folder.
"""
import re
import secrets

import pytest

from tests.e2e.stack import ROOT, missing_routes, running
from tests.e2e.test_h5_apply_browser import Person as BasePerson
from tests.e2e.test_h5_dashboard_browser import dispatched_lawyer

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(900)]

ARTIFACTS = ROOT / "test-artifacts" / "law-versions"
POLICE = "public-security-administration-punishments-law"
QUESTION = ("公司已经三个月没发工资，一共欠我一万二千元，我想辞职，辞职后还能要回工资和赔偿吗？"
            "需要先做什么准备？")
OPENING = "您好。公司未及时足额支付劳动报酬，您可以依据"
MIDDLE = "解除劳动合同，并依照本法第四十六条要求经济补偿。类似的案例可参见"
ARTICLE = "《中华人民共和国劳动合同法》第三十八条"
CASE = "以案释法案例“加班费的仲裁时效应当如何认定”"
ANSWER = OPENING + ARTICLE + MIDDLE + CASE + "。"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    folder = tmp_path_factory.mktemp("law-versions-stack")
    with running(folder / "stack.log", folder / "data") as local:
        missing = missing_routes(local.base, ("/api/laws", "/api/laws/{slug}", "/api/library/search",
                                              "/api/staff/laws/{slug}/versions"))
        if missing:
            pytest.skip("the running app lacks " + ", ".join(missing))
        yield local.base


class Person(BasePerson):
    def shot(self, name, full=True):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full)


def test_versions_citations_topics_and_grouped_search_on_a_phone(stack, browser):
    run = secrets.token_hex(3)
    citizen = Person(browser, stack, "citizen", f"o-e2e-laws-{run}")
    page = citizen.page

    # Given the law list: 治安管理处罚法 by its 2025 revision, current; 网络安全法 marked as amended
    citizen.open("/h5/laws")
    police = page.locator(".zst-lib-law", has_text="中华人民共和国治安管理处罚法")
    assert "2025年6月27日 修订" in police.inner_text() and "现行有效" in police.inner_text()
    assert "144 条" in police.inner_text()
    cyber = page.locator(".zst-lib-law", has_text="中华人民共和国网络安全法")
    assert "已修正" in cyber.inner_text() and "修正前文本" in cyber.inner_text()
    police.scroll_into_view_if_needed()
    citizen.shot("01-laws-with-revision-dates", full=False)

    # When they open it: the 2025 text, and its versions
    police.click()
    page.wait_for_selector(".zst-lib-versions")
    assert "现行有效" in page.inner_text(".zst-header")
    assert page.inner_text("#art-2").count("治安管理工作坚持中国共产党的领导") == 1
    # And the 2012 text, marked 历史版本, with a way to the current one
    page.click(".zst-lib-versions a")
    page.wait_for_url(re.compile(r"version=2012-10-26$"))
    assert "这是历史版本" in page.inner_text("#lib-version-note")
    assert page.inner_text("#art-2").startswith("第二条")
    assert "扰乱公共秩序" in page.inner_text("#art-2")
    citizen.shot("02-law-historic-version", full=False)
    # And loading more of the old text stays in the old text
    page.click("#lib-more")
    page.wait_for_selector("#art-51")
    assert "历史版本" in page.inner_text(".zst-header")

    # When they search 加班费: results by kind, with counts, cases and templates on the page too
    citizen.open("/h5/laws?q=加班费")
    kinds = page.locator(".zst-lib-kinds").inner_text()
    assert re.search(r"法条 \d+", kinds) and re.search(r"案例 \d+", kinds)
    assert page.locator("#group-article .zst-lib-result").count() == 5
    assert page.locator("#group-case .zst-lib-result").count() >= 1
    citizen.shot("03-search-grouped")
    # And one kind pages on past the first 20
    page.click("#kind-article")
    page.wait_for_selector("#lib-next")
    page.click("#lib-next")
    page.wait_for_selector("#lib-prev")
    assert "第 21–" in page.inner_text(".zst-lib-group__title")
    citizen.shot("04-search-page-2", full=False)

    # When they open the cases: grouped by the column's topics
    citizen.open("/h5/cases")
    headings = page.locator(".zst-lib__category").all_inner_texts()
    assert [h.split("（")[0] for h in headings][:7] == ["劳动权益", "消费者权益", "交通事故", "医疗纠纷",
                                                        "非法集资", "婚姻继承", "电信网络诈骗"]
    citizen.shot("05-cases-by-topic", full=False)
    # And a case links the articles it cites
    citizen.open("/h5/cases/labor-01")
    cite = page.locator(".zst-lib-case a.zst-cite").first
    assert "第二十七条" in cite.inner_text()
    page.locator("#case-cites").scroll_into_view_if_needed()
    citizen.shot("06-case-cites")

    # Given a question the citizen asked, dispatched to a 信丰 lawyer
    asked = citizen.context.request.post(f"{stack}/api/consultations",
                                         data={"category": "labor", "question": QUESTION})
    assert asked.status == 201, asked.text()
    consultation_id = asked.json()["id"]
    staff = Person(browser, stack, "staff", f"e2e-staff-laws-{run}")
    lawyer = Person(browser, stack, "lawyer", dispatched_lawyer(staff, stack, consultation_id))
    desk = lawyer.open(f"/h5/lawyer?consultation={consultation_id}")
    desk.wait_for_selector("#answer-section:not(.zst-hidden)")
    # When the lawyer writes the answer, inserting an article and a case from the picker
    desk.fill("#answer-body", OPENING)
    desk.click("#answer-picker summary")
    desk.fill("#picker-q", "劳动合同法 第三十八条")
    desk.click("#picker-go")
    desk.locator(".zst-picker__pick", has_text="中华人民共和国劳动合同法 第三十八条").first.click()
    desk.locator("#answer-body").press("End")
    desk.locator("#answer-body").type(MIDDLE)
    desk.fill("#picker-q", "加班费 仲裁时效")
    desk.click("#picker-go")
    desk.locator(".zst-picker__pick", has_text="加班费的仲裁时效应当如何认定").first.click()
    desk.locator("#answer-body").press("End")
    desk.locator("#answer-body").type("。")
    assert desk.input_value("#answer-body") == ANSWER
    desk.locator("#answer-picker").scroll_into_view_if_needed()
    lawyer.shot("07-lawyer-picker", full=False)
    # Then the answer passes the screening (the references are words, not web addresses)
    desk.click("#answer-submit")
    desk.wait_for_selector("#my-answer-section:not(.zst-hidden)")
    # And the lawyer sees it as the citizen will, the references as links
    assert desk.inner_text("#my-answer-body") == ANSWER
    assert desk.locator("#my-answer-body a.zst-cite").count() == 3
    # When the citizen reads it: both articles are links, the text is as written
    citizen.open(f"/h5/consultations/{consultation_id}")
    body = page.locator(".zst-answer__body")
    body.locator("a.zst-cite").first.wait_for()
    assert body.inner_text() == ANSWER
    links = body.locator("a.zst-cite")
    assert links.all_inner_texts() == [ARTICLE, "本法第四十六条", CASE]
    body.scroll_into_view_if_needed()
    citizen.shot("08-answer-with-citation-links")
    # And the link lands on the article, marked
    links.first.click()
    page.wait_for_url(re.compile(r"/h5/laws/labor-contract-law#art-38$"))
    page.wait_for_function("() => { const a = document.getElementById('art-38');"
                           " return a && a.classList.contains('zst-lib-article_target'); }")
    assert "用人单位有下列情形之一的，劳动者可以解除劳动合同" in page.inner_text("#art-38")
    citizen.shot("09-cited-article", full=False)
    for person in (citizen, staff, lawyer):
        assert person.errors == []
        person.context.close()


def _mediation_text(title="中华人民共和国人民调解法"):
    """人民调解法 as a later text would come: a revision line and a changed first article."""
    from seeds import DATA_DIR

    head, _, body = (DATA_DIR / "laws" / "人民调解法.md").read_text(encoding="utf-8").partition("<!-- INFO END -->")
    head = head.replace("中华人民共和国人民调解法", title) + "2026年10月1日 测试用修正\n\n"
    return head + "<!-- INFO END -->" + body.replace("为了完善人民调解制度", "为了完善人民调解制度（新文本）", 1)


def test_a_platform_admin_imports_a_later_text_at_a_desk_and_the_library_announces_it(stack, browser):
    staff = Person(browser, stack, "staff", f"e2e-staff-import-{secrets.token_hex(3)}")
    page = staff.page
    page.set_viewport_size({"width": 1280, "height": 900})
    # Given the laws page: every law with its text in force and its status
    staff.open("/h5/staff/laws")
    police = page.locator("#staff-laws-table tr", has_text="中华人民共和国治安管理处罚法")
    assert "2025年6月27日 修订" in police.inner_text() and "现行有效" in police.inner_text()
    # When the admin checks a text whose title is another law's, the page says what is wrong
    page.select_option("#law-slug", "people-mediation-law")
    page.fill("#law-effective", "2027-01-01")
    page.fill("#law-text", _mediation_text("中华人民共和国调解法"))
    page.click("#law-check")
    page.wait_for_selector("#law-error:not(.zst-hidden)")
    assert "标题" in page.inner_text("#law-error")
    staff.shot("10-staff-import-refused", full=False)
    # When the right text is checked, the report says what would be imported, and nothing is yet
    page.fill("#law-text", _mediation_text())
    page.click("#law-check")
    page.wait_for_selector("#law-apply:not(.zst-hidden)")
    assert "35 条" in page.inner_text("#law-report-text") and "尚未施行" in page.inner_text("#law-report-text")
    staff.shot("11-staff-import-checked", full=False)
    # Then on confirming it is imported, and the library announces it until its day
    page.click("#law-apply")
    page.wait_for_selector("#law-report-title >> text=已导入")
    staff.shot("12-staff-imported", full=False)
    staff.open("/h5/staff/laws")
    row = page.locator("#staff-laws-table tr", has_text="中华人民共和国人民调解法")
    assert "新版本 2027年1月1日起施行" in row.inner_text()
    assert staff.errors == []
    staff.context.close()
