"""The library search follows publishing (issue 13, docs/decisions/search-follows-publishing.md):
what staff publish — a 热点普法 article, a bureau template, an imported law version — is found
within a minute with no redeploy; what they withdraw is gone within a minute; a bureau's own
documents are found only by searches of that bureau; a law version is searched from its effective
date, read from the clock, with nothing written that day."""
import json
from datetime import datetime, timedelta, timezone

import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import Law
from seeds.datasets import law_items
from tests.functional.isolation_support import clerk_tokens
from tests.functional.test_bureau_isolation_documents import upload
from tests.functional.test_law_versions import MEDIATION, _text

A, B = "360722", "360723"
MINUTE = timedelta(seconds=60)
TOPIC = {"title": "骑电动自行车要戴安全头盔", "body": "骑电动自行车上路，驾驶人和乘坐人员都应当佩戴安全头盔。"}


@pytest.fixture
def world(moto_table, clock):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    with Law.batch_write() as batch:
        for item in law_items():
            if item.slug == MEDIATION:
                batch.save(item)
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)

        def call(method, path, bureau=None, body=None):
            headers = {"content-type": "application/json"}
            if bureau:
                headers["authorization"] = f"Bearer {tokens[bureau]}"
            response = getattr(client.http, method.lower())(
                path, body=None if body is None else json.dumps(body), headers=headers)
            assert response.status_code < 300, response.body
            return json.loads(response.body) if response.body else None

        def search(query, bureau=None, kind=None):
            path = f"/api/library/search?q={query}&limit=50" + (f"&bureau={bureau}" if bureau else "")
            return call("GET", path + (f"&kind={kind}" if kind else ""))

        def page(query, bureau, path="/h5/laws"):
            return client.http.get(f"{path}?q={query}&bureau={bureau}").body.decode()

        yield call, search, page, clock


def _titles(found, kind):
    return [r["title"] for r in found["results"] if r["kind"] == kind]


def _mediation(found):
    """The hits in 人民调解法 holding 枫桥经验 (other laws share its bigrams)."""
    return [r for r in found["results"] if r["slug"] == MEDIATION and "枫桥经验" in "".join(
        s["text"] for s in r["snippet"])]


def _topic(call, bureau, publish_at=None):
    made = call("POST", "/api/staff/topics", bureau, TOPIC)
    body = {"version": made["version"], **({"at": publish_at} if publish_at else {})}
    return call("POST", f"/api/staff/topics/{made['topic_id']}/publish", bureau, body)


def test_a_published_topic_is_found_within_a_minute_by_its_bureau_only_and_gone_after_unpublishing(world):
    call, search, page, clock = world
    # Given the container has searched already (its layers are built and its generations read)
    assert _titles(search("电动自行车头盔", A), "topic") == []
    # When A's clerk publishes an article and a minute passes
    topic = _topic(call, A)
    clock.advance(MINUTE)
    found = search("电动自行车头盔", A)
    # Then A's search finds it among the topics, counted, linked to A's page of it
    assert _titles(found, "topic") == [TOPIC["title"]] and found["counts"]["topic"] == 1
    hit = next(r for r in found["results"] if r["kind"] == "topic")
    assert hit["url"] == f"/h5/topics/{topic['topic_id']}?bureau={A}"
    assert "佩戴安全头盔" in "".join(s["text"] for s in hit["snippet"])
    # And the search page shows it under 热点普法
    shown = page("电动自行车头盔", A)
    assert "热点普法" in shown and TOPIC["title"] in shown and 'id="group-topic"' in shown
    # But another bureau's search, and a search naming no bureau, never find it
    assert search("电动自行车头盔", B)["counts"]["topic"] == 0
    assert search("电动自行车头盔")["counts"]["topic"] == 0
    assert TOPIC["title"] not in page("电动自行车头盔", B)
    # When it is withdrawn and a minute passes, it is gone
    call("POST", f"/api/staff/topics/{topic['topic_id']}/unpublish", A, {"version": topic["version"]})
    clock.advance(MINUTE)
    assert search("电动自行车头盔", A)["counts"]["topic"] == 0


def test_a_scheduled_topic_is_found_from_its_time_with_nothing_written_then(world):
    call, search, _, clock = world
    # Given an article scheduled two hours ahead (China time), published and a minute passed
    at = (clock.now() + timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M")
    _topic(call, A, publish_at=at)
    clock.advance(MINUTE)
    # Then it is not found before its time
    assert search("电动自行车头盔", A, kind="topic")["results"] == []
    # When the clock reaches its time (nothing is written in between)
    clock.advance(timedelta(hours=2))
    # Then it is found
    assert _titles(search("电动自行车头盔", A, kind="topic"), "topic") == [TOPIC["title"]]


def test_an_uploaded_bureau_template_is_found_by_its_bureau_only_and_gone_after_removal(world):
    call, search, page, clock = world
    # Given B has a template of its own, and A searches before uploading
    call("POST", "/api/staff/templates", B, upload(title="大余县借款协议"))
    assert "还款承诺书" not in _titles(search("还款承诺书", A), "template")
    # When A's clerk uploads one and a minute passes
    made = call("POST", "/api/staff/templates", A, upload(title="还款承诺书"))
    clock.advance(MINUTE)
    found = search("还款承诺书", A, kind="template")
    # Then A's search finds it among the templates, linked to A's catalogue page
    hit = next(r for r in found["results"] if r["title"] == "还款承诺书")
    assert hit["url"] == f"/h5/bureau-templates/{made['id']}?bureau={A}"
    # And the templates page's search links it too
    shown = page("还款承诺书", A, "/h5/templates")
    assert f"/h5/bureau-templates/{made['id']}?bureau={A}" in shown and "还款承诺书" in shown
    # And never B's, nor does B find A's
    assert "大余县借款协议" not in _titles(search("借款协议", A, kind="template"), "template")
    assert "大余县借款协议" in _titles(search("借款协议", B, kind="template"), "template")
    assert "还款承诺书" not in _titles(search("还款承诺书", B, kind="template"), "template")
    # When A removes it and a minute passes, it is gone
    call("DELETE", f"/api/staff/templates/{made['id']}", A)
    clock.advance(MINUTE)
    assert "还款承诺书" not in _titles(search("还款承诺书", A, kind="template"), "template")


def test_an_imported_law_version_is_searched_from_its_effective_date(world):
    call, search, _, clock = world
    # Given a search already made, and a later text of 人民调解法 imported, in force 8 days ahead
    assert _mediation(search("枫桥经验", kind="article")) == []
    call("POST", f"/api/staff/laws/{MEDIATION}/versions", A,
         {"text": _text(first="为了坚持和发展新时代枫桥经验，完善人民调解制度"), "effective_on": "2026-03-10"})
    # When a minute passes, the day before it is in force
    clock.instant = datetime(2026, 3, 9, 2, 0, tzinfo=timezone.utc)
    # Then its words are not found yet
    assert _mediation(search("枫桥经验", kind="article")) == []
    # When its day comes (nothing written that day)
    clock.instant = datetime(2026, 3, 10, 2, 0, tzinfo=timezone.utc)
    found = search("枫桥经验", kind="article")["results"]
    # Then its first article is found first, and the seeded text it replaced is found no more
    assert [(r["slug"], r["label"], r["url"]) for r in found[:1]] == [
        (MEDIATION, "第一条", f"/h5/laws/{MEDIATION}#art-1")]
    assert "枫桥经验" in "".join(s["text"] for s in found[0]["snippet"])
    firsts = [r for r in search("人民调解制度", kind="article")["results"]
              if r["slug"] == MEDIATION and r["label"] == "第一条"]
    assert len(firsts) == 1 and "枫桥经验" in "".join(s["text"] for s in firsts[0]["snippet"])


def test_guides_and_platform_forms_are_found_with_their_own_counts(world):
    _, search, page, _ = world
    # When a citizen searches everyday words of a guide and of a form
    found = search("劳动仲裁")
    forms = search("借条", kind="template")
    # Then the guide is among the 诉讼指引 and the platform's 借条 among the templates
    assert found["counts"]["guide"] >= 1 and "劳动合同纠纷诉讼指引" in _titles(search("劳动仲裁", kind="guide"), "guide")
    assert any(r["url"] == "/h5/templates/iou_loan" for r in forms["results"])
    assert "诉讼指引" in page("劳动仲裁", A)
