"""Isolation rows for the law library's imports (issue 13): laws are national content, read by every
bureau's citizens, so only the platform's admins (DEFAULT_BUREAU, here 信丰 = A) import a new text.
大余's (B) admin passes the role check and is refused, for a dry run too, and nothing is written."""
import json

from chalicelib.db.models import Law
from seeds.datasets import law_items
from tests.functional.isolation_support import A, B, clerk_tokens, table_snapshot

COVERED = {("POST", "/api/staff/laws/{slug}/versions"), ("GET", "/h5/staff/laws")}


def _mediation_law_and_admins(services):
    """人民调解法 stored as the seeds store it; a session token for an admin of each bureau."""
    with Law.batch_write() as batch:
        for item in law_items():
            if item.slug == "people-mediation-law":
                batch.save(item)
    return clerk_tokens(services)


def test_another_bureaus_admin_cannot_import_a_version_of_a_national_law(client, moto_table):
    # Given 人民调解法 in the library and an admin of each bureau
    tokens = _mediation_law_and_admins(moto_table)
    text = "# 中华人民共和国人民调解法\n\n2027年1月1日 修正\n\n<!-- INFO END -->\n\n第一条 新文本。\n"
    before = table_snapshot(sessions=False)
    # When 大余's admin imports a text, as a dry run or for real
    for query in ("?dry_run=1", ""):
        response = client.http.post(
            f"/api/staff/laws/people-mediation-law/versions{query}",
            body=json.dumps({"text": text, "effective_on": "2027-01-01"}),
            headers={"authorization": f"Bearer {tokens[B]}", "content-type": "application/json"})
        # Then it is refused in words, and nothing is written
        assert response.status_code == 403
        assert json.loads(response.body)["error"]["code"] == "platform_admin_only"
    assert table_snapshot(sessions=False) == before
    # While the platform's own admin may (a dry run here: the full import is test_law_versions.py)
    response = client.http.post(
        "/api/staff/laws/people-mediation-law/versions?dry_run=1",
        body=json.dumps({"text": text, "effective_on": "2027-01-01"}),
        headers={"authorization": f"Bearer {tokens[A]}", "content-type": "application/json"})
    assert response.status_code == 201 and json.loads(response.body)["article_count"] == 1


def test_the_laws_page_offers_the_import_to_the_platforms_admins_only(client, moto_table):
    # Given 人民调解法 in the library and an admin of each bureau
    tokens = _mediation_law_and_admins(moto_table)

    def page(bureau):
        response = client.http.get("/h5/staff/laws", headers={"authorization": f"Bearer {tokens[bureau]}"})
        assert response.status_code == 200
        return response.body.decode()
    # When each opens the laws page: both read the laws and their status
    ours, theirs = page(A), page(B)
    assert "中华人民共和国人民调解法" in ours and "中华人民共和国人民调解法" in theirs
    # Then only the platform's admin gets the import form; 大余's is told who imports
    assert 'id="law-form"' in ours and "staff_laws.js" in ours
    assert 'id="law-form"' not in theirs and "只有平台管理员可以导入新版本" in theirs
