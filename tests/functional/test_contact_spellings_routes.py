"""Spellings that got past masking and screening, through the routes: a lawyer outside the county
reads the question, the inbox and the citizen's follow-ups with the numbers hidden however they were
written; answers and lawyers' follow-ups carrying a spelled-out contact are refused (422)."""
import pytest

from tests.functional import consultation_support as support
from tests.functional.consultation_support import ADVICE, notes

api = support.api  # the whole app, a small lawyer pool (LX* in the county, LN* in Beijing)

QUESTION = ("公司拖欠我三个月工资九千元，手机138.1234.5678，家里座机(0797)8123456，"
            "身份证360722 19900101 1238，该怎么办？")
MASKED = ("公司拖欠我三个月工资九千元，手机[电话号码已隐去]，家里座机[电话号码已隐去]，"
          "身份证[身份证号已隐去]，该怎么办？")


def test_a_lawyer_outside_the_county_sees_numbers_hidden_however_they_were_written(api):
    # Given a question whose numbers are written with dots, brackets and spaces, escalated nationally
    cid = api.ask(question=QUESTION)["id"]
    api.sweep(4)
    api.sweep(7)
    # When a Beijing lawyer reads it and their inbox, and a county lawyer reads it
    far = api.get(f"/api/consultations/{cid}", "lawyer:LN0")[1]
    inbox = api.get("/api/lawyer/inbox", "lawyer:LN0")[1]
    near = api.get(f"/api/consultations/{cid}", "lawyer:LX0")[1]
    # Then the Beijing lawyer sees every number hidden and every other word as the citizen wrote it
    assert far["question"] == MASKED and inbox[0]["question"] == MASKED
    # And the county lawyer sees the question as written
    assert near["question"] == QUESTION


def test_a_citizens_follow_up_reaches_a_lawyer_elsewhere_with_its_number_hidden(api):
    cid = api.ask()["id"]
    api.sweep(4)
    api.sweep(7)
    answer_id = api.answer(cid, "LN0")[1]["id"]
    path = f"/api/consultations/{cid}/answers/{answer_id}/followups"
    assert api.post(path, "citizen:oCitizen", {"body": "您可以打我电话 一三八 一二三四 五六七八 吗？"})[0] == 201
    thread = api.get(f"/api/consultations/{cid}", "lawyer:LN0")[1]["answers"][0]["followups"]
    assert thread[0]["body"] == "您可以打我电话 [电话号码已隐去] 吗？"
    (notice,) = notes(template_key="consultation_followup", to_openid="oLN0")
    assert "一三八" not in str(notice.payload) and "五六七八" not in str(notice.payload)


@pytest.mark.parametrize("contact", ["微 信：lawyerzhang88", "薇：lawyerzhang88", "138.1234.5678",
                                     "①③⑧①②③④⑤⑥⑦⑧", "zhang at example dot com"])
def test_answers_and_lawyers_follow_ups_with_a_spelled_out_contact_are_refused(api, contact):
    cid = api.ask()["id"]
    status, refused = api.answer(cid, "LX0", f"{ADVICE}如需帮助：{contact}")
    assert status == 422 and refused["error"]["code"] == "contact_details_not_allowed"
    answer_id = api.answer(cid, "LX0")[1]["id"]
    path = f"/api/consultations/{cid}/answers/{answer_id}/followups"
    status, refused = api.post(path, "lawyer:LX0", {"body": f"可以联系 {contact}"})
    assert status == 422 and refused["error"]["code"] == "contact_details_not_allowed"


def test_an_answer_citing_articles_amounts_dates_and_case_numbers_is_accepted(api):
    cid = api.ask()["id"]
    body = (ADVICE + "参照《民法典》第一千零八十七条、(2025)赣0722民初1234号判决，2025年3月1日前"
            "申请仲裁，可主张人民币12,000元及三万五千元经济补偿，可拨打 12348 热线。")
    status, answer = api.answer(cid, "LX0", body)
    assert status == 201, answer


def test_a_question_masked_at_dispatch_by_older_rules_is_masked_again_when_read(api):
    # Given a dispatch stored before these spellings were known: its masked copy still shows them
    from chalicelib.db import consultations as db

    cid = api.ask(question=QUESTION)["id"]
    api.sweep(4)
    api.sweep(7)
    stale = db.dispatch(cid, "LN0")
    stale.update(actions=[db.Dispatch.question.set(QUESTION)])
    # When the Beijing lawyer reads the consultation and the inbox
    far = api.get(f"/api/consultations/{cid}", "lawyer:LN0")[1]
    inbox = api.get("/api/lawyer/inbox", "lawyer:LN0")[1]
    # Then both are masked by today's rules
    assert far["question"] == MASKED and inbox[0]["question"] == MASKED
