"""A bureau's own document templates (issue 13) and their isolation rows (docs/decisions/many-bureaus.md
§6): staff of 信丰 (A) upload a DOCX with {{placeholders}} and its field list, list and remove their
own; it joins A's catalogue with counts per category and a search, and a citizen fills it into a
DOCX. B's template id is the same 404 as an id nobody issued and writes nothing; A's catalogue
shows nothing of B's; hostile uploads are a 400 that writes nothing."""
import base64
import io
import json

import docx
import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from tests.functional.isolation_support import clerk_tokens

A, B = "360722", "360723"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FIELDS = [{"name": "debtor", "label": "欠款人", "kind": "text", "required": True},
          {"name": "amount", "label": "欠款金额", "kind": "money", "required": True},
          {"name": "way", "label": "还款方式", "kind": "select", "options": ["一次性", "分期"]}]

COVERED = {
    ("GET", "/api/staff/templates"),
    ("POST", "/api/staff/templates"),
    ("DELETE", "/api/staff/templates/{template_id}"),
    ("GET", "/h5/staff/templates"),
}


def a_docx(*placeholders):
    document = docx.Document()
    document.add_paragraph("还款承诺书", style="Title")
    for name in placeholders:
        document.add_paragraph(f"{name}：{{{{{name}}}}}")
    out = io.BytesIO()
    document.save(out)
    return base64.b64encode(out.getvalue()).decode()


def upload(title="还款承诺书", category="民间借贷", fields=FIELDS, file=None):
    return {"title": title, "category": category, "fields": fields,
            "docx": file if file is not None else a_docx("debtor", "amount", "way")}


@pytest.fixture
def two(moto_table):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)

        def call(method, path, bureau=None, body=None, accept=None):
            headers = {"content-type": "application/json"}
            if bureau:
                headers["authorization"] = f"Bearer {tokens[bureau]}"
            if accept:
                headers["accept"] = accept
            raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
            return getattr(client.http, method.lower())(path, body=raw, headers=headers)
        b_item = json.loads(call("POST", "/api/staff/templates", B, upload(title="大余县借款协议")).body)
        yield call, b_item


def _table():
    """isolation_support.table_snapshot, with the templates' DOCX bytes (which JSON cannot hold) as hex."""
    from chalicelib.db.base import Item

    return sorted(json.dumps(i.serialize(), sort_keys=True, default=lambda b: b.hex()) for i in Item.scan()
                  if i.entity != "Session")


def test_an_uploaded_template_joins_the_catalogue_and_fills_into_a_docx(two):
    call, _ = two
    # Given A's clerk uploads a 民间借贷 template and a 劳动工伤 one
    made = call("POST", "/api/staff/templates", A, upload())
    assert made.status_code == 201, made.body
    made = json.loads(made.body)
    assert call("POST", "/api/staff/templates", A, upload(
        "工伤认定申请书", "劳动工伤", FIELDS[:1], a_docx("debtor"))).status_code == 201
    # Then A's catalogue counts them by category, filters and searches them
    listing = json.loads(call("GET", f"/api/bureaus/{A}/templates").body)
    counts = {c["name"]: c["count"] for c in listing["categories"]}
    assert counts["民间借贷"] == 1 and counts["劳动工伤"] == 1 and counts["校园侵权"] == 0 and len(counts) == 9
    assert [t["title"] for t in listing["templates"]] == ["工伤认定申请书", "还款承诺书"]
    one = json.loads(call("GET", f"/api/bureaus/{A}/templates?category=%E6%B0%91%E9%97%B4%E5%80%9F%E8%B4%B7").body)
    assert [t["title"] for t in one["templates"]] == ["还款承诺书"]
    assert json.loads(call("GET", f"/api/bureaus/{A}/templates?q=%E5%B7%A5%E4%BC%A4").body)["templates"][0][
        "title"] == "工伤认定申请书"
    # When a citizen fills it in
    filled = call("POST", f"/api/bureaus/{A}/templates/{made['id']}/document", body={
        "values": {"debtor": "赵六", "amount": "3000", "way": "分期"}}, accept=DOCX)
    # Then the DOCX holds each value where its placeholder was
    assert filled.status_code == 200 and filled.headers["Content-Type"] == DOCX
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(filled.body)).paragraphs)
    assert "debtor：赵六" in text and "amount：3,000.00 元（人民币叁仟元整）" in text and "way：分期" in text
    # And a missing element is a 422 naming it
    refused = call("POST", f"/api/bureaus/{A}/templates/{made['id']}/document", body={"values": {}}, accept=DOCX)
    assert refused.status_code == 422
    assert {d["field"] for d in json.loads(refused.body)["error"]["details"]} == {"debtor", "amount"}
    # And the pages list it under its category and open its form
    page = call("GET", f"/h5/bureau-templates?bureau={A}").body.decode()
    assert "还款承诺书" in page and "民间借贷 1" in page
    form = call("GET", f"/h5/bureau-templates/{made['id']}?bureau={A}").body.decode()
    assert 'data-value="分期"' in form and f"/api/bureaus/{A}/templates/{made['id']}/document" in form


def test_a_removed_template_leaves_the_catalogue(two):
    call, _ = two
    made = json.loads(call("POST", "/api/staff/templates", A, upload()).body)
    assert call("DELETE", f"/api/staff/templates/{made['id']}", A).status_code == 200
    assert json.loads(call("GET", f"/api/bureaus/{A}/templates").body)["templates"] == []
    assert json.loads(call("GET", "/api/staff/templates", A).body)["templates"] == []
    assert call("DELETE", f"/api/staff/templates/{made['id']}", A).status_code == 404


@pytest.mark.parametrize("body", [
    upload(title="长" * 61), upload(title="  "), upload(category="其他"),
    upload(fields=[]), upload(fields=[{"name": "1bad", "label": "x"}]),
    upload(fields=FIELDS + [FIELDS[0]]), upload(fields=[{"name": "way", "label": "方式", "kind": "select"}]),
    upload(fields=[{"name": "debtor", "label": "欠款人", "kind": "formula"}]),
    upload(fields=FIELDS[:2]),  # the template has {{way}}, the list does not
    upload(file="not base64!"), upload(file=base64.b64encode(b"%PDF-1.7").decode()),
    upload(file=base64.b64encode(b"x" * (181 * 1024)).decode()),
    '{"title": "\\ud800", "category": "民间借贷", "fields": [], "docx": ""}',
])
def test_hostile_uploads_are_refused_and_write_nothing(two, body):
    call, _ = two
    before = _table()
    response = call("POST", "/api/staff/templates", A, body)
    assert response.status_code == 400, response.body
    assert _table() == before


def test_the_other_bureaus_template_is_a_missing_one_and_writes_nothing(two):
    call, b_item = two
    before = _table()
    theirs = call("DELETE", f"/api/staff/templates/{b_item['id']}", A)
    nobody = call("DELETE", "/api/staff/templates/20260101-000000000000", A)
    assert theirs.status_code == 404 and theirs.body == nobody.body
    assert _table() == before
    # Nor does A's catalogue, list, page or document route reach it
    assert json.loads(call("GET", f"/api/bureaus/{A}/templates").body)["templates"] == []
    assert json.loads(call("GET", "/api/staff/templates", A).body)["templates"] == []
    assert call("GET", f"/h5/bureau-templates/{b_item['id']}?bureau={A}").status_code == 404
    filled = call("POST", f"/api/bureaus/{A}/templates/{b_item['id']}/document",
                  body={"values": {"debtor": "x", "amount": "1"}}, accept=DOCX)
    assert filled.status_code == 404
    # While B's own catalogue has it
    assert [t["title"] for t in json.loads(call("GET", f"/api/bureaus/{B}/templates").body)["templates"]] == [
        "大余县借款协议"]


@pytest.mark.parametrize("path, status", [
    (f"/api/bureaus/{A}/templates?q=" + "借" * 41, 400), ("/api/bureaus/36072/templates", 400),
    (f"/api/bureaus/{A}/templates?category=%E4%B8%8D%E5%AD%98%E5%9C%A8", 200),  # no such category: none listed
    (f"/api/bureaus/{A}/templates/..%2F..%2Fx/document", 400), (f"/api/bureaus/{A}/templates/{'1' * 3000}/document", 400),
])
def test_hostile_catalogue_and_document_parameters_are_answered_without_a_read_gone_wrong(two, path, status):
    call, _ = two
    method = "POST" if path.endswith("/document") else "GET"
    response = call(method, path, body={"values": {}} if method == "POST" else None, accept=DOCX)
    assert response.status_code == status, response.body
    if status == 200:
        assert json.loads(response.body)["templates"] == []
