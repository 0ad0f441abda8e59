"""Templates that become documents, through the routes (issue 13): the fields to fill, the DOCX or
a 422 naming each element, hostile values, and the prefill that only ever reads the caller's own."""
import io
import json
from urllib.parse import quote

import docx
import pytest

from tests.functional import consultation_support as support
from tests.functional.consultation_support import QUESTION

api = support.api  # the fixture: the whole app on moto, real sessions
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
IOU = {"lender_name": "王五", "amount": "50000", "paid_by": "银行转账", "due_on": "2027-06-30",
       "borrower_name": "赵六", "borrower_id_number": "360722199001011238", "signed_on": "2026-12-02"}


def post(api, slug, body, raw=None):
    # A binary answer needs an Accept that names it (API Gateway's rule; a browser's fetch sends */*)
    headers = {"content-type": "application/json", "accept": f"{DOCX}, application/json"}
    return api.client.http.post(f"/api/templates/{slug}/document", headers=headers,
                                body=raw if raw is not None else json.dumps(body))


def error(response):
    return json.loads(response.body)["error"]


def paragraphs(response):
    return "\n".join(p.text for p in docx.Document(io.BytesIO(response.body)).paragraphs)


def test_a_template_lists_its_fields_and_keeps_its_full_text(api):
    status, body = api.get("/api/templates/iou_loan", None)
    assert status == 200 and body["title"] == "借条" and body["text"].startswith("借条")
    amount = next(f for f in body["fields"] if f["name"] == "amount")
    assert amount == {"name": "amount", "label": "借款金额", "kind": "money", "required": True,
                      "hint": "单位：元，文书中自动写出大写", "max_length": 100}
    paid_by = next(f for f in body["fields"] if f["name"] == "paid_by")
    assert paid_by["kind"] == "select" and paid_by["options"] == ["银行转账", "微信转账", "支付宝转账", "现金"]
    # And a complaint keeps the shape it had (slug, title, case_type, text) with its fields added
    status, labour = api.get("/api/templates/labor", None)
    assert labour["text"].startswith("民事起诉状\n（劳动争议纠纷）") and labour["case_type"] == "劳动争议纠纷"
    assert {"plaintiff_name", "defendant_name", "claim_text", "fact_text", "signed_on"} <= {
        f["name"] for f in labour["fields"]}


def test_filled_values_come_back_as_a_docx_with_its_chinese_name(api):
    # When a citizen sends a complete 借条
    response = post(api, "iou_loan", {"values": IOU})
    # Then the answer is the DOCX, named 借条.docx (RFC 5987) with an ASCII fallback
    assert response.status_code == 200, response.body
    assert response.headers["Content-Type"] == DOCX
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=\"iou_loan.docx\"; filename*=UTF-8''" + quote("借条.docx"))
    assert response.headers["Cache-Control"] == "no-store"
    text = paragraphs(response)
    assert "人民币50,000.00 元（人民币伍万元整）" in text and "2027年6月30日" in text and "赵六" in text


def test_missing_and_invalid_elements_are_a_422_naming_each(api):
    values = dict(IOU, amount="五万", due_on="2027-02-30", borrower_id_number="", lender_name=" ")
    response = post(api, "iou_loan", {"values": values})
    assert response.status_code == 422
    found = error(response)
    assert found["code"] == "invalid_values" and found["message"].startswith("有 4 项需要补充或更正")
    assert {d["field"]: d["message"] for d in found["details"]} == {
        "lender_name": "必填", "amount": "请填写金额（元），例如 12000 或 12000.50，最多两位小数",
        "due_on": "日期不存在，请核对", "borrower_id_number": "必填"}
    assert all(d["label"] for d in found["details"])
    # And an empty body names every required element
    assert len(error(post(api, "iou_loan", {}))["details"]) == 7


@pytest.mark.parametrize("body, status, code", [
    ({"values": dict(IOU, lender_name="王" * 5000)}, 422, "invalid_values"),  # over the field's 100
    ({"values": dict(IOU, lender_name="王" * 100_000)}, 413, "body_too_large"),  # over the 256 KB body
    ({"values": ["王五"]}, 400, "validation_failed"),  # not an object
    ({"values": dict(IOU, amount=1e308)}, 422, "invalid_values"),
    ({"values": dict(IOU, amount={"$gt": 0})}, 422, "invalid_values"),
])
def test_hostile_values_are_refused_with_a_clear_4xx(api, body, status, code):
    response = post(api, "iou_loan", body)
    assert response.status_code == status and error(response)["code"] == code


def test_a_lone_surrogate_or_control_character_is_refused_naming_where(api):
    raw = json.dumps({"values": dict(IOU, lender_name="PLACEHOLDER")}).replace("PLACEHOLDER", "王\\ud800五")
    response = post(api, "iou_loan", None, raw=raw)
    assert response.status_code == 400 and error(response)["code"] == "invalid_characters"
    assert error(response)["details"][0]["field"] == "body.values.lender_name"


def test_formula_like_text_is_written_as_plain_text(api):
    response = post(api, "iou_loan", {"values": dict(IOU, lender_name='=HYPERLINK("http://x","点")',
                                                     purpose="+cmd|' /C calc'!A0")})
    assert response.status_code == 200
    assert '今借到出借人=HYPERLINK("http://x","点")' in paragraphs(response)
    assert "借款用途：+cmd|' /C calc'!A0。" in paragraphs(response)


@pytest.mark.parametrize("slug", ["no-such-template", "x" * 2000, "..%2F..%2Fetc"])
def test_an_unknown_template_is_a_404(api, slug):
    response = post(api, slug, {"values": IOU})
    assert response.status_code == 404 and error(response)["code"] == "unknown_template"


def test_a_consultation_prefills_for_its_citizen_only(api):
    # Given Alice's consultation
    asked = api.ask(citizen="oAlice")
    # When she opens the labour complaint from it, her question is the facts
    status, body = api.get(f"/api/templates/labor/prefill?consultation={asked['id']}", "citizen:oAlice")
    assert status == 200 and body["values"]["fact_text"] == QUESTION
    assert body["source"] == {"kind": "consultation", "id": asked["id"]}
    # But Mallory gets exactly what an id that does not exist gets, and nothing of the question
    theirs = api.get(f"/api/templates/labor/prefill?consultation={asked['id']}", "citizen:oMallory")
    random = api.get("/api/templates/labor/prefill?consultation=ZX20261202-ZZZZZZ", "citizen:oMallory")
    assert theirs == random and theirs[0] == 404 and "拖欠" not in json.dumps(theirs, ensure_ascii=False)
    # And Alice's session at another bureau's account opens nothing either
    assert api.get(f"/api/templates/labor/prefill?consultation={asked['id']}", "citizen:oAlice@360702")[0] == 404
    # And no one signed in learns anything
    assert api.get(f"/api/templates/labor/prefill?consultation={asked['id']}", None)[0] == 401


@pytest.mark.parametrize("query", ["consultation=" + "Z" * 65, "consultation=ZX%00", "application=a%2Fb",
                                   "consultation=%F0%9F%98%80"])
def test_a_hostile_prefill_id_is_a_400_before_any_read(api, query):
    status, body = api.get(f"/api/templates/labor/prefill?{query}", "citizen:oAlice")
    assert status == 400 and body["error"]["code"] in ("invalid_parameter", "invalid_characters")


def test_the_template_page_is_a_guided_form_that_keeps_the_full_text(api):
    page = api.client.http.get("/h5/templates/iou_loan").body.decode()
    assert 'id="doc-form"' in page and "生成并下载 Word 文书" in page
    assert 'class="doc-choice" role="radio" aria-checked="false" data-value="银行转账"' in page
    assert "单位：元，文书中自动写出大写" in page and 'id="error-amount"' in page
    assert "复制全文" in api.client.http.get("/h5/templates/divorce").body.decode()


def test_openapi_describes_the_document_routes(api):
    paths = json.loads(api.client.http.get("/openapi.json").body)["paths"]
    assert "post" in paths["/api/templates/{slug}/document"] and "get" in paths["/api/templates/{slug}"]
    assert {p["name"] for p in paths["/api/templates/{slug}/prefill"]["get"]["parameters"]} >= {
        "consultation", "application"}


def test_an_application_prefills_its_own_services_form_and_its_page_links_it(api):
    # Given Alice's legal-aid draft
    from tests.functional.applications_support import load_catalog

    load_catalog()
    status, created = api.post("/api/applications", "citizen:oAlice", {"type": "legal_aid", "fields": {
        "applicant_name": "刘爱丽", "applicant_phone": "13800138000", "matter_category": "labor_remuneration",
        "matter_description": "单位拖欠三个月工资"}})
    assert status == 201, created
    path = f"/api/templates/legal_aid_application/prefill?application={created['id']}"
    # When she opens the legal-aid application form from it
    status, body = api.get(path, "citizen:oAlice")
    # Then what she typed is there, the matter chosen by its label
    assert status == 200 and body["values"] == {
        "applicant_name": "刘爱丽", "applicant_phone": "13800138000",
        "matter_category": "请求确认劳动关系或者支付劳动报酬", "matter_description": "单位拖欠三个月工资"}
    # But to anyone else it is an application that does not exist
    assert api.get(path, "citizen:oMallory") == api.get(
        "/api/templates/legal_aid_application/prefill?application=SQ20261202-NOSUCH", "citizen:oMallory")
    assert api.get(path, "citizen:oMallory")[0] == 404
    # And her application's page links the form, pre-filled from it
    page = api.client.http.get(f"/h5/applications/{created['id']}", headers={
        "authorization": f"Bearer {api.token('citizen:oAlice')}"}).body.decode()
    assert f'href="/h5/templates/legal_aid_application?application={created["id"]}"' in page
