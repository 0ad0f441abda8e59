"""WeChat's typed template keywords (`{{thing1.DATA}}`, `{{time3.DATA}}`): what each type accepts and
how a value is made to fit it — truncated with care, never refused (issue 11, "Messages that reach
people in production").

The limits are those of WeChat's subscribe notifications (订阅通知), which the new-style template
messages share: a value over its limit makes WeChat refuse the whole message (errcode 47003), so a
notice is fitted before it is sent. Untyped keywords (`first`, `keyword1`, `remark` of old template
messages) have no per-type limit; they are cut at UNTYPED_LIMIT characters.
"""
import re

ELLIPSIS = "…"
UNTYPED_LIMIT = 200
# type → the most characters WeChat accepts in it
LIMITS = {"thing": 20, "character_string": 32, "number": 32, "letter": 32, "symbol": 5,
          "phrase": 5, "name": 10, "phone_number": 17, "car_number": 8, "amount": 11,
          "time": 24, "date": 24, "const": 20}
KEYWORD = re.compile(r"\{\{\s*([A-Za-z_]+?)(\d*)\.DATA\s*\}\}")
_NAME = re.compile(r"^([a-z_]+?)(\d*)$")
_PHRASE = re.compile(r"[\u4e00-\u9fff]")
_ASCII_PRINTABLE = re.compile(r"[\x21-\x7e]")
# Times WeChat accepts: `15:01`, `2019年10月1日`, `2019年10月1日 15:01`, `2019-10-01 15:01`.
TIME_FORMS = re.compile(r"^(\d{4}年\d{1,2}月\d{1,2}日)?\s?(\d{1,2}:\d{2})?$|^\d{4}-\d{2}-\d{2}( \d{2}:\d{2})?$")


def keyword_type(keyword):
    """`thing` for `thing1`, `character_string` for `character_string12`; None when untyped."""
    match = _NAME.match(keyword or "")
    if not match:
        return None
    kind = match.group(1)
    return kind if kind in LIMITS else None


def template_keywords(content):
    """The keywords of a template's content, in order: `["character_string1", "thing2", …]`."""
    return [name + number for name, number in KEYWORD.findall(content or "")]


def _cut(text, limit, tail=ELLIPSIS):
    return text if len(text) <= limit else text[:max(limit - len(tail), 0)] + tail


def fit(kind, value):
    """`value` as keyword type `kind` accepts it. Text is cut with an ellipsis, a phrase keeps its
    Chinese characters, an identifier its printable ASCII (cut with `...`: WeChat refuses `…`
    there), a number its digits. Never raises: a notice is never refused for its wording."""
    text = " ".join(str(value if value is not None else "").split())
    if kind is None:
        return _cut(text, UNTYPED_LIMIT)
    limit = LIMITS[kind]
    if kind == "phrase":
        return "".join(_PHRASE.findall(text))[:limit]
    if kind in ("character_string", "letter", "symbol", "car_number", "phone_number"):
        return _cut("".join(_ASCII_PRINTABLE.findall(text)), limit, "...")
    if kind == "number":
        return "".join(ch for ch in text if ch.isdigit() or ch == ".")[:limit]
    if kind in ("time", "date"):
        return text[:limit]
    return _cut(text, limit)


def fits(kind, value):
    """True when `value` is already what `fit` would send."""
    return fit(kind, value) == " ".join(str(value).split()) and (
        kind not in ("time", "date") or bool(TIME_FORMS.match(str(value))))
