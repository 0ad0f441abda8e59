"""What a client sends before anything trusts it, and what we send back whatever we hold.

In: a JSON body is refused (400, the contract's error shape) when it is too large, nested deeper
than any route needs (before the parser recurses: `json.loads` of 1,000 nested arrays raises
RecursionError), not JSON (NaN and Infinity included), holds a number no table could store, or
carries text no response could carry again — a lone UTF-16 surrogate
(`"\\ud800"` is valid JSON, yet no UTF-8 encoder accepts it) or a control character that XML and
WeChat refuse. Path parameters and query strings are held to the same text rule.

Out: `encodable_responses` is the app's last word on every HTTP response. A value stored before these
checks (or by a path that skipped them) must never break a response for someone else, so a lone
surrogate in a body or header becomes U+FFFD instead of a dropped connection.
"""
import json
import math
import re

from chalicelib.errors import Invalid, TooLarge

MAX_JSON_BODY = 256 * 1024
# Deepest body a route declares is 4 levels (an application's fields inside a list inside the body);
# 32 leaves room for any route to grow and stays far below the interpreter's recursion limit.
MAX_JSON_DEPTH = 32
MAX_NUMBER_DIGITS = 38  # what a DynamoDB number holds

LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# C0 controls other than tab, newline and carriage return: no person types them, XML 1.0 cannot carry
# them (a passive reply quoting one is refused by WeChat), and they are a favourite of log injection.
_UNACCEPTABLE = re.compile("[\ud800-\udfff\x00-\x08\x0b\x0c\x0e-\x1f]")
# A JSON string token (escapes included) and the brackets outside strings, for the depth pre-scan.
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
_BRACKET = re.compile(rb"[\[\]{}]")


def json_depth(raw, stop_after=MAX_JSON_DEPTH):
    """How deeply `raw` (bytes) nests arrays and objects, counting no further than `stop_after` + 1.
    A linear scan that never recurses, so it can run before the parser does."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_JSON_STRING.sub(b'""', raw)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > stop_after:
                break
        else:
            depth -= 1
    return deepest


def unacceptable_text(text):
    """True when `text` holds a character no response could carry (see the module docstring)."""
    return bool(_UNACCEPTABLE.search(text))


def _bad_strings(value, path):
    """(path, message) for each string in `value` — keys included — that is unacceptable. Iterative:
    the depth is already bounded, but a walk of client data recurses nowhere anyway."""
    found, pending = [], [(path, value)]
    while pending:
        where, item = pending.pop()
        if isinstance(item, str):
            if unacceptable_text(item):
                found.append((where, "含有无法识别的字符"))
        elif isinstance(item, dict):
            for key, inner in item.items():
                if unacceptable_text(key):
                    found.append((where, "字段名含有无法识别的字符"))
                else:
                    pending.append((f"{where}.{key}", inner))
        elif isinstance(item, list):
            pending.extend((f"{where}[{i}]", inner) for i, inner in enumerate(item))
    return sorted(found)


class _OutOfRange(Exception):
    pass


def _no_constant(name):
    # NaN and Infinity are Python's extension, not JSON; a NaN passes every minimum/maximum check
    raise _OutOfRange(name)


def _bounded_int(digits):
    # DynamoDB holds 38 significant digits, and Python refuses to print an int of over 4,300
    if len(digits.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise _OutOfRange(digits[:10])
    return int(digits)


def _finite_float(text):
    value = float(text)
    if math.isinf(value) or len(text) > 2 * MAX_NUMBER_DIGITS:  # 1e999 is inf
        raise _OutOfRange(text[:10])
    return value


def _refuse_text(problems):
    raise Invalid("请求中含有无法识别的字符（可能是复制时带入的乱码），请删除后重新输入",
                  code="invalid_characters",
                  details=[{"field": where, "message": what} for where, what in problems])


def parse_json_body(raw):
    """The JSON value in `raw` (bytes), or {} for an empty body; else Invalid / TooLarge."""
    raw = raw or b""
    if len(raw) > MAX_JSON_BODY:
        raise TooLarge("请求内容过大", code="body_too_large")
    if not raw.strip():
        return {}
    if json_depth(raw) > MAX_JSON_DEPTH:
        raise Invalid(f"请求内容嵌套过深（最多 {MAX_JSON_DEPTH} 层）", code="json_too_deep")
    try:
        value = json.loads(raw, parse_constant=_no_constant, parse_int=_bounded_int,
                           parse_float=_finite_float)
    except _OutOfRange:
        raise Invalid("请求中的数字超出范围", code="number_out_of_range") from None
    except (ValueError, UnicodeDecodeError):
        raise Invalid("请求内容不是有效的 JSON", code="invalid_json") from None
    except RecursionError:  # cannot happen after the scan; if it ever does, it is still bad input
        raise Invalid(f"请求内容嵌套过深（最多 {MAX_JSON_DEPTH} 层）", code="json_too_deep") from None
    problems = _bad_strings(value, "body")
    if problems:
        _refuse_text(problems)
    return value


def check_request_text(params, query):
    """Refuse path parameters or query values that hold unacceptable characters."""
    problems = [(f"path.{name}", "含有无法识别的字符") for name, value in (params or {}).items()
                if isinstance(value, str) and unacceptable_text(value)]
    problems += [(f"query.{name}", "含有无法识别的字符") for name, value in (query or {}).items()
                 if unacceptable_text(str(name)) or (isinstance(value, str) and unacceptable_text(value))]
    if problems:
        _refuse_text(problems)


def encodable(text):
    """`text` with every lone surrogate replaced by U+FFFD, so UTF-8 can always encode it."""
    return LONE_SURROGATE.sub("\ufffd", text) if LONE_SURROGATE.search(text) else text


def encodable_responses(event, get_response):
    """Chalice 'http' middleware: no stored value can make a response unencodable (the body would
    otherwise raise while being sent, dropping the connection after a 200 was logged)."""
    response = get_response(event)
    if isinstance(response.body, str):
        response.body = encodable(response.body)
    response.headers = {name: encodable(value) if isinstance(value, str) else value
                        for name, value in (response.headers or {}).items()}
    return response
