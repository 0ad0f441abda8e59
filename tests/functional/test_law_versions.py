"""Laws that say which version they are (issue 13): the list and a law's page show the text in force
on the clock's day, earlier texts stay readable (?version=) and are marked 历史版本, and platform
admins import a later text that becomes current on its effective date, without a redeploy."""
import json
from datetime import datetime, timezone

import pytest

from chalicelib.db.models import Law
from seeds import DATA_DIR
from seeds.datasets import law_items
from tests.functional.isolation_support import A, clerk_tokens, table_snapshot

POLICE = "public-security-administration-punishments-law"
MEDIATION = "people-mediation-law"
LAWS = (POLICE, MEDIATION)


def _json(response):
    return json.loads(response.body)


@pytest.fixture
def laws(client, moto_table):
    """治安管理处罚法 (the 2012 text and the 2025 revision) and 人民调解法, as the seeds store them."""
    with Law.batch_write() as batch:
        for item in law_items():
            if item.slug in LAWS:
                batch.save(item)
    client.tokens = clerk_tokens(moto_table)
    return client


def _on(clock, day):
    clock.instant = datetime.fromisoformat(day + "T02:00:00").replace(tzinfo=timezone.utc)


def _listed(client, slug):
    groups = _json(client.http.get("/api/laws"))["categories"]
    return next(law for g in groups for law in g["laws"] if law["slug"] == slug)


def test_the_police_law_is_listed_by_its_2025_revision_once_that_is_in_force(laws, clock):
    # Given the 2012 text and the full revision in force from 2026-01-01
    # When the list is read on 2025-12-31 and on 2026-01-01
    _on(clock, "2025-12-31")
    before = _listed(laws, POLICE)
    _on(clock, "2026-01-01")
    after = _listed(laws, POLICE)
    # Then the day before it is the 2012 text, with the revision announced; from the day on, the 2025 one
    assert (before["revised_on"], before["status"], before["article_count"]) == ("2012-10-26", "现行有效", 119)
    assert before["note"] == "新版本 2026年1月1日起施行", after
    assert (after["revised_on"], after["status"], after["article_count"]) == ("2025-06-27", "现行有效", 144)
    assert after["note"] is None
    # And the page says the same
    page = laws.http.get("/h5/laws").body.decode()
    assert "2025年6月27日 修订" in page and "2012年10月26日" not in page


def test_a_law_reads_as_its_current_text_and_the_old_one_stays_readable_marked_historic(laws, clock):
    # Given the clock in 2026 (the fixture's 2026-03-02)
    current = _json(laws.http.get(f"/api/laws/{POLICE}?limit=5"))
    old = _json(laws.http.get(f"/api/laws/{POLICE}?limit=5&version=2012-10-26"))
    # Then the current text is the 2025 one, the old one is marked 历史版本, and both list each other
    assert current["law"]["status"] == "现行有效" and current["law"]["version"] == "2026-01-01"
    assert current["articles"][1]["text"].startswith("治安管理工作坚持中国共产党的领导")
    assert old["law"]["status"] == "历史版本" and old["law"]["current"] is False
    assert old["articles"][1]["text"].startswith("扰乱公共秩序")
    assert [v["status"] for v in current["versions"]] == ["历史版本", "现行有效"]
    # And the old text pages on its own articles, never into the new one's
    rest = _json(laws.http.get(f"/api/laws/{POLICE}?after=100&limit=50&version=2012-10-26"))
    assert [a["number"] for a in rest["articles"]] == list(range(101, 120)) and rest["next"] is None
    html = laws.http.get(f"/h5/laws/{POLICE}?version=2012-10-26").body.decode()
    assert "这是历史版本" in html and "阅读现行版本" in html and 'data-version="2012-10-26"' in html


@pytest.mark.parametrize("version, status", [("2013-01-01", 404), ("2013-99-01", 404), ("<x>", 400)])
def test_an_unknown_or_malformed_version_is_refused(laws, version, status):
    response = laws.http.get(f"/api/laws/{POLICE}?version={version}")
    assert response.status_code == status and _json(response)["error"]["message"]


def _text(title="中华人民共和国人民调解法", *, first="为了完善人民调解制度（新版本）", count=35):
    original = (DATA_DIR / "laws" / "人民调解法.md").read_text(encoding="utf-8")
    head, _, body = original.partition("<!-- INFO END -->")
    head = head.replace("中华人民共和国人民调解法", title) + "2026年10月1日 测试修正\n\n"
    body = body.replace("为了完善人民调解制度", first, 1)
    if count < 35:
        body = body.split(f"第{'三十四'}条")[0]
    return head + "<!-- INFO END -->" + body


def _import(client, bureau, body, query=""):
    return client.http.post(f"/api/staff/laws/{MEDIATION}/versions{query}", body=json.dumps(body), headers={
        "authorization": f"Bearer {client.tokens[bureau]}", "content-type": "application/json"})


def test_a_platform_admin_imports_a_version_that_becomes_current_on_its_effective_date(laws, clock):
    body = {"text": _text(), "effective_on": "2027-01-01"}
    # Given a dry run first: it reports and writes nothing
    before = table_snapshot(sessions=False)
    dry = _import(laws, A, body, "?dry_run=1")
    assert dry.status_code == 201 and _json(dry)["dry_run"] is True
    assert _json(dry)["article_count"] == 35 and _json(dry)["revised_on"] == "2026-10-01"
    assert table_snapshot(sessions=False) == before
    # When the admin imports it for real
    done = _import(laws, A, body)
    assert done.status_code == 201 and _json(done)["status"] == "尚未施行"
    # Then until 2027-01-01 the old text is current and the new one announced and readable
    assert _listed(laws, MEDIATION)["note"] == "新版本 2027年1月1日起施行"
    upcoming = _json(laws.http.get(f"/api/laws/{MEDIATION}?version=2027-01-01&limit=1"))
    assert upcoming["law"]["status"] == "尚未施行" and "新版本" in upcoming["articles"][0]["text"]
    # And importing that day again is a conflict, whatever the text
    again = _import(laws, A, {**body, "text": _text(first="又一个文本")})
    assert again.status_code == 409 and _json(again)["error"]["code"] == "version_exists"
    # And on that day, with no redeploy, it is the text the library reads
    _on(clock, "2027-01-01")
    now = _json(laws.http.get(f"/api/laws/{MEDIATION}?limit=1"))
    assert now["law"]["version"] == "2027-01-01" and "新版本" in now["articles"][0]["text"]
    assert _listed(laws, MEDIATION)["revised_on"] == "2026-10-01"


@pytest.mark.parametrize("body, status, code", [
    ({"text": _text(title="中华人民共和国调解法"), "effective_on": "2027-01-01"}, 422, "law_text_invalid"),
    ({"text": _text(count=33), "effective_on": "2027-01-01"}, 201, None),
    ({"text": "第一条 没有标题和 INFO END", "effective_on": "2027-01-01"}, 422, "law_text_invalid"),
    ({"text": _text(), "effective_on": "2027-02-30"}, 400, "invalid_parameter"),
    ({"text": _text(), "effective_on": "2001-01-01"}, 422, "version_too_early"),
    ({"text": _text()}, 400, None),
    ({"text": _text(), "effective_on": "2027-01-01", "extra": 1}, 400, None),
])
def test_a_text_that_is_not_the_law_or_a_bad_date_is_refused_and_nothing_is_written(laws, body, status, code):
    before = table_snapshot(sessions=False)
    response = _import(laws, A, body, "?dry_run=1")
    assert response.status_code == status, response.body
    if code:
        assert _json(response)["error"]["code"] == code
    assert table_snapshot(sessions=False) == before


def test_a_gap_in_the_articles_is_named(laws):
    text = _text().replace("第五条", "第六条", 1)
    response = _import(laws, A, {"text": text, "effective_on": "2027-01-01"}, "?dry_run=1")
    assert response.status_code == 422 and "条文编号不连续" in _json(response)["error"]["message"]


def test_search_groups_results_by_kind_with_counts_and_pages_through_one_kind(client):
    # Given the whole library's index (seed files; no table read)
    # When a citizen searches a common word
    first = _json(client.http.get("/api/library/search?q=" + "加班费" + "&kind=article&limit=5"))
    # Then each kind is counted, the page holds 5 articles and says where the next begins
    counts = first["counts"]
    assert counts["article"] > 5 and counts["case"] > 0 and first["total"] == sum(counts.values())
    assert len(first["results"]) == 5 and first["next"] == 5
    assert {r["kind"] for r in first["results"]} == {"article"}
    second = _json(client.http.get("/api/library/search?q=加班费&kind=article&limit=5&offset=5"))
    assert not {r["url"] for r in first["results"]} & {r["url"] for r in second["results"]}
    # And the page shows the kinds with their counts, cases and templates included
    page = client.http.get("/h5/laws?q=加班费").body.decode()
    assert f"法条 {counts['article']}" in page and f"案例 {counts['case']}" in page
    assert 'id="group-case"' in page and "/h5/cases/labor-" in page
    paged = client.http.get("/h5/laws?q=加班费&kind=article&offset=20").body.decode()
    assert "第 21–" in paged and 'id="lib-prev"' in paged


def test_an_article_citing_another_of_its_law_links_to_it_in_the_current_text_only(laws):
    # Given 治安管理处罚法 2025, whose 第二十四条 cites 本法第十二条 and 本法第二十三条
    current = _json(laws.http.get(f"/api/laws/{POLICE}?after=23&limit=1"))
    [article] = current["articles"]
    links = [(p["text"], p["href"]) for line in article["lines"] for p in line if "href" in p]
    assert links == [("本法第十二条", f"/h5/laws/{POLICE}#art-12"), ("本法第二十三条", f"/h5/laws/{POLICE}#art-23")]
    # And the paragraphs read as the text does
    assert ["".join(p["text"] for p in line) for line in article["lines"]] == article["text"].split("\n")
    # But the historic text is not linked (its numbers are not the current text's)
    old = _json(laws.http.get(f"/api/laws/{POLICE}?version=2012-10-26&after=75&limit=1"))
    assert not [p for line in old["articles"][0]["lines"] for p in line if "href" in p]


@pytest.mark.parametrize("path", [
    f"/h5/laws/{POLICE}?version=<script>alert(1)</script>", f"/h5/laws/{POLICE}?version=" + "9" * 500,
    f"/h5/laws/{POLICE}?version=2013-01-01"])
def test_a_hostile_or_unknown_version_on_the_page_is_a_polite_404(laws, path):
    response = laws.http.get(path)
    assert response.status_code == 404 and "<script>alert" not in response.body.decode()


@pytest.mark.parametrize("query", ["?q=加班费&kind=evil", "?q=加班费&offset=abc", "?q=加班费&offset=-5",
                                   "?q=加班费&kind=article&offset=99999"])
def test_odd_search_paging_on_the_page_is_answered_in_words_never_a_500(client, query):
    response = client.http.get("/h5/laws" + query)
    assert response.status_code == 200
    page = response.body.decode()
    assert "查找结果" in page and ("起始位置" in page or "法条" in page)
