"""What a hostile client sends, through the whole app (chalice.test.Client): text no response could
carry, JSON nested to crash the parser, and values stored before the edge checked them. Each is a
4xx with the contract's error shape and nothing written, or a response that still encodes."""
import json

import pytest

from chalicelib import catalog
from chalicelib.db import consultations as db
from chalicelib.routes import consult_pages
from chalicelib.web.untrusted import MAX_JSON_DEPTH
from tests.functional import consultation_support as support
from tests.functional.consultation_support import ADVICE, QUESTION

api = support.api  # the whole app, a small lawyer pool, real sessions

# (who, method, path, a body with `{text}` where a client's text goes). Each route checks its caller
# first, then the body; ids that do not exist show the body is refused before anything is looked up.
TEXT_ROUTES = [
    ("citizen:oC", "post", "/api/consultations", {"category": "labor", "question": QUESTION + "{text}"}),
    ("citizen:oC", "post", "/api/applications", {"type": "mediation", "fields": {"summary": "{text}"}}),
    ("citizen:oC", "put", "/api/applications/A1", {"fields": {"summary": "邻里纠纷{text}"}}),
    ("citizen:oC", "post", "/api/consultations/C1/answers/A1/followups", {"body": "请问还要准备什么{text}"}),
    ("lawyer:LX0", "post", "/api/consultations/C1/answers", {"body": ADVICE + "{text}"}),
    ("staff:s1", "post", "/api/staff/applications/A1/decision",
     {"action": "reject", "reason": "不属于受理范围{text}"}),
    (None, "post", "/dev/login", {"role": "citizen", "id": "o{text}"}),
    ("lawyer:LX0", "put", "/api/lawyer/services",
     {"items": [{"code": "document", "negotiable": True, "includes": "代写起诉状{text}"}]}),
    ("staff:s1", "put", "/api/staff/services", {"items": [{"name": "文书代写{text}"}]}),
]


def raw_call(api, who, method, path, raw):
    headers = {"content-type": "application/json"}
    if who:
        headers["authorization"] = f"Bearer {api.token(who)}"
    kwargs = {"body": raw} if raw is not None else {}
    response = getattr(api.client.http, method)(path, headers=headers, **kwargs)
    text = response.body.decode("utf-8")  # every response must encode; this raises if one did not
    return response.status_code, json.loads(text) if text.startswith(("{", "[")) else text


@pytest.mark.parametrize("who, method, path, body", TEXT_ROUTES,
                         ids=[f"{m} {p}" for _, m, p, _ in TEXT_ROUTES])
def test_a_lone_surrogate_is_refused_at_the_edge_of_every_json_route(api, who, method, path, body):
    # Given a body whose JSON is valid but whose text holds a lone surrogate: no UTF-8 encoder
    # accepts it, so every later response quoting it would drop the connection
    raw = json.dumps(body, ensure_ascii=True).replace("{text}", "\\ud800")
    # When it is sent
    status, answer = raw_call(api, who, method, path, raw)
    # Then it is a 400 in the contract's shape, naming the field
    assert status == 400, answer
    assert answer["error"]["code"] == "invalid_characters"
    assert answer["error"]["details"][0]["field"].startswith("body.")
    # And nothing was written for the citizen
    assert db.citizen_consultations("oC", limit=10) == []


@pytest.mark.parametrize("text", ["\\udfff", "\\ud83d", "\\u0000", "\\u001b[31m", "\\u0008"])
def test_other_uncarriable_text_is_refused_too(api, text):
    raw = json.dumps({"category": "labor", "question": QUESTION + "{text}"}).replace("{text}", text)
    status, answer = raw_call(api, "citizen:oC", "post", "/api/consultations", raw)
    assert status == 400 and answer["error"]["code"] == "invalid_characters", answer
    assert db.citizen_consultations("oC", limit=10) == []


def test_a_lone_surrogate_in_a_field_name_is_refused_too(api):
    raw = '{"type": "mediation", "fields": {"\\ud800": "x"}}'
    status, answer = raw_call(api, "citizen:oC", "post", "/api/applications", raw)
    assert status == 400 and answer["error"]["code"] == "invalid_characters"


def test_a_question_with_ordinary_chinese_emoji_and_newlines_still_goes_through(api):
    # The check refuses only what cannot be carried: an emoji (a proper surrogate pair in JSON) passes
    raw = json.dumps({"category": "labor", "question": QUESTION + "\n谢谢\t\ud83d\ude4f"})
    status, answer = raw_call(api, "citizen:oC", "post", "/api/consultations", raw)
    assert status == 201, answer
    assert answer["question"].endswith("谢谢\t🙏")


@pytest.mark.parametrize("who, method, path, body", TEXT_ROUTES,
                         ids=[f"{m} {p}" for _, m, p, _ in TEXT_ROUTES])
def test_json_nested_1000_deep_is_a_400_on_every_json_route_never_a_500(api, who, method, path, body):
    # Given JSON nested 1,000 deep (json.loads raised RecursionError on it)
    raw = "[" * 1000 + "]" * 1000
    # When it is sent
    status, answer = raw_call(api, who, method, path, raw)
    # Then it is refused as too deep before the parser recurses, in the contract's shape
    assert status == 400, answer
    assert answer["error"]["code"] == "json_too_deep"


@pytest.mark.parametrize("depth", [MAX_JSON_DEPTH + 1, 100_000])
def test_json_nested_just_past_the_limit_or_as_deep_as_the_size_limit_allows_is_a_400(api, depth):
    raw = "[" * depth + "]" * depth
    status, answer = raw_call(api, "citizen:oC", "post", "/api/consultations", raw)
    assert status == 400 and answer["error"]["code"] == "json_too_deep", answer


def test_deep_objects_and_brackets_inside_strings_are_told_apart(api):
    # Brackets inside a string are text, not nesting: a question full of them is fine
    status, answer = raw_call(api, "citizen:oC", "post", "/api/consultations",
                              json.dumps({"category": "labor", "question": QUESTION + "[[[{{{" * 200}))
    assert status == 201, answer
    # while objects nested past the limit are refused
    deep = '{"a":' * (MAX_JSON_DEPTH + 1) + "1" + "}" * (MAX_JSON_DEPTH + 1)
    status, answer = raw_call(api, "citizen:oC", "post", "/api/consultations", deep)
    assert status == 400 and answer["error"]["code"] == "json_too_deep"


def test_a_body_over_the_limit_is_413_in_the_contracts_shape(api):
    raw = json.dumps({"category": "labor", "question": "工" * 300_000})
    status, answer = raw_call(api, "citizen:oC", "post", "/api/consultations", raw)
    assert status == 413 and answer["error"]["code"] == "body_too_large"


def test_a_lone_surrogate_in_a_path_parameter_or_query_is_refused(api):
    status, answer = raw_call(api, "citizen:oC", "get", "/api/consultations/C\ud800", None)
    assert status == 400 and answer["error"]["details"][0]["field"] == "path.consultation_id"
    status, answer = raw_call(api, "staff:s1", "get", "/api/staff/applications?status=\ud800", None)
    assert status == 400 and answer["error"]["details"][0]["field"] == "query.status"


# -- what is already stored can never break a response for someone else -----------------------------
def test_a_stored_lone_surrogate_never_breaks_a_json_response(api, monkeypatch):
    # Given a stored value holding a lone surrogate (written before the edge refused them)
    monkeypatch.setattr(catalog, "list_categories", lambda _query: [{"code": "labor", "name": "劳动\ud800"}])
    # When anyone reads it
    status, answer = raw_call(api, None, "get", "/api/categories", None)
    # Then the response is sent, the bad character shown as U+FFFD and the rest as stored
    assert status == 200 and answer == [{"code": "labor", "name": "劳动\ufffd"}]


def test_a_stored_lone_surrogate_never_breaks_a_page(api, monkeypatch):
    monkeypatch.setattr(consult_pages, "_county_choices", lambda _county: [("360722", "信丰\udc00县")])
    status, page = raw_call(api, "citizen:oC", "get", "/h5/consult", None)
    assert status == 200 and "信丰\ufffd县" in page


def test_a_lone_surrogate_in_a_page_query_is_a_polite_400_page_not_a_crash(api):
    status, page = raw_call(api, "citizen:oC", "get", "/h5/consult?from=\ud800", None)
    assert status == 400 and "无法识别的字符" in page
    status, page = raw_call(api, None, "get", "/h5/laws?q=\ud800", None)
    assert status == 400 and "无法识别的字符" in page


@pytest.mark.parametrize("path", ["/auth/wechat/start?next=/h5&local_openid=o\ud800",
                                  "/auth/wechat/callback?state=\ud800&code=x"])
def test_a_lone_surrogate_in_the_sign_in_query_is_a_400_page_not_a_500(api, path):
    status, page = raw_call(api, None, "get", path, None)
    assert status == 400 and "无法识别的字符" in page


@pytest.mark.parametrize("number", ["NaN", "-Infinity", "1e999", "9" * 5000])
def test_numbers_no_table_could_store_are_a_400_not_a_500(api, number):
    raw = '{"type": "mediation", "fields": {"amount": %s}}' % number
    status, answer = raw_call(api, "citizen:oC", "post", "/api/applications", raw)
    assert status == 400 and answer["error"]["code"] == "number_out_of_range", answer
