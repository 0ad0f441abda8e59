"""The edge's first look at a client's bytes: depth counted without recursing, text no response could
carry refused, and what goes out always encodable."""
import time

import pytest

from chalicelib.errors import Invalid, TooLarge
from chalicelib.web.untrusted import (MAX_JSON_DEPTH, encodable, encodable_responses, json_depth,
                                      parse_json_body)


@pytest.mark.parametrize("raw, depth", [
    (b"1", 0), (b"{}", 1), (b'{"a": [1, {"b": []}]}', 4),
    (b'{"q": "[[[[{{{{"}', 1),                      # brackets inside a string are text
    (b'{"q": "say \\"[[[\\" twice"}', 1),            # so are those after an escaped quote
    (b'[' * 50 + b']' * 50, MAX_JSON_DEPTH + 1),    # counting stops past the limit
])
def test_depth_is_counted_outside_strings_and_stops_past_the_limit(raw, depth):
    assert json_depth(raw) == depth


def test_the_depth_scan_of_a_body_at_the_size_limit_is_quick():
    raw = b"[" * 256 * 1024
    started = time.perf_counter()
    assert json_depth(raw) == MAX_JSON_DEPTH + 1
    raw = b'["' + b"\\\"" * 100_000 + b'"]'  # escapes everywhere
    assert json_depth(raw) == 1
    assert time.perf_counter() - started < 0.5


@pytest.mark.parametrize("raw, code", [
    (b"[" * 1000 + b"]" * 1000, "json_too_deep"),
    (b'{"a": "\\ud800"}', "invalid_characters"),
    (b'{"a": ["ok", "\\u0000"]}', "invalid_characters"),
    (b'{"\\udc00": 1}', "invalid_characters"),
    # a surrogate encoded as bytes: not UTF-8, yet json.loads decodes bytes with "surrogatepass"
    (b'{"a": "\xed\xa0\x80"}', "invalid_characters"),
    (b"{'a': 1}", "invalid_json"),
])
def test_bad_bodies_are_refused_with_a_code(raw, code):
    with pytest.raises(Invalid) as refused:
        parse_json_body(raw)
    assert refused.value.code == code


def test_ordinary_text_passes_unchanged():
    raw = '{"q": "工资\\n拖欠\\t三个月 🙏 \\ud83d\\ude4f", "n": [1, 2.5, null, true]}'.encode()
    assert parse_json_body(raw) == {"q": "工资\n拖欠\t三个月 🙏 🙏", "n": [1, 2.5, None, True]}
    assert parse_json_body(b"  ") == {}


def test_a_body_over_the_limit_is_too_large():
    with pytest.raises(TooLarge):
        parse_json_body(b" " * (256 * 1024 + 1))


def test_lone_surrogates_become_replacement_characters_and_pairs_stay():
    assert encodable("a\ud800b\udfffc🙏") == "a\ufffdb\ufffdc🙏"


def test_the_response_guard_makes_body_and_headers_encodable():
    from chalice import Response

    response = encodable_responses({}, lambda _event: Response(
        body="名\ud800", headers={"Content-Disposition": "attachment; x=\udc00"}))
    assert response.body.encode("utf-8") and response.body == "名\ufffd"
    assert response.headers["Content-Disposition"] == "attachment; x=\ufffd"


@pytest.mark.parametrize("raw", [b'{"a": NaN}', b'{"a": Infinity}', b'{"a": -Infinity}', b'{"a": 1e999}',
                                 b'{"a": ' + b"9" * 39 + b"}", b'{"a": ' + b"9" * 5000 + b"}"])
def test_numbers_json_does_not_have_or_no_table_could_store_are_refused(raw):
    with pytest.raises(Invalid) as refused:
        parse_json_body(raw)
    assert refused.value.code == "number_out_of_range"


def test_ordinary_numbers_pass():
    assert parse_json_body(b'{"a": -12, "b": 3.25, "c": 1e3, "d": ' + b"9" * 38 + b"}") == {
        "a": -12, "b": 3.25, "c": 1000.0, "d": int("9" * 38)}
