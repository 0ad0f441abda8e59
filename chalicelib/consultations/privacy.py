"""Personal data in a citizen's words, hidden from lawyers outside the citizen's county: resident ID
numbers and phone numbers (个人信息保护法 art. 28: ID numbers are sensitive personal information; a
lawyer elsewhere needs the facts, not the identity).

Numbers are found however they are spelled — `138.1234.5678`, `(0797)8123456`, `360722 19900101
1238`, `一三八…`, `①③⑧…`, full-width, split by zero-width spaces — by matching on the normalised
forms of textforms.py; they are hidden in the text as written, the rest of it left untouched.
"""
import re

from chalicelib.consultations.textforms import forms

# On the forms (lower case, ASCII digits, separators between digits removed in the second one).
_ID_NUMBER = re.compile(r"(?<!\d)\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dx](?![\dx])")
# First-generation IDs (15 digits, invalid since 2013) only as written: joined across separators,
# date ranges such as 2023.1.01-2023.12.31 take that shape.
_OLD_ID_NUMBER = re.compile(r"(?<!\d)\d{15}(?![\dx])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86|0086)?1[3-9]\d{9}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\+?86|0086)?0\d{2,3}\d{7,8}(?!\d)")

ID_PLACEHOLDER = "[身份证号已隐去]"
PHONE_PLACEHOLDER = "[电话号码已隐去]"
_PHONES = ((_MOBILE, PHONE_PLACEHOLDER), (_LANDLINE, PHONE_PLACEHOLDER))
_ALL_AS_WRITTEN = ((_ID_NUMBER, ID_PLACEHOLDER), (_OLD_ID_NUMBER, ID_PLACEHOLDER)) + _PHONES
_ALL_JOINED = ((_ID_NUMBER, ID_PLACEHOLDER),) + _PHONES


def _found(text, kinds=(_ALL_AS_WRITTEN, _ALL_JOINED)):
    """[(start, end, placeholder, digits)] in the original `text`, not overlapping, in order. Both
    forms are searched: joining digits across separators can glue a phone number to the number after
    it (`13812345678 2025年`, found as written), and only the joined form sees `138 1234 5678`. A
    match overlapping an earlier one widens it (`0086-13812345678`), keeping the earlier kind."""
    spans = []
    for form, form_kinds in zip(forms(text), kinds):
        for pattern, placeholder in form_kinds:
            for match in pattern.finditer(form.text):
                start, end = form.span(*match.span())
                kind = placeholder
                overlapping = [s for s in spans if start < s[1] and s[0] < end]
                if overlapping:
                    first = min(overlapping)
                    start, end = min(start, first[0]), max(end, *(s[1] for s in overlapping))
                    kind = first[2]
                    spans = [s for s in spans if s not in overlapping]
                spans.append((start, end, kind, match.group()))
    return sorted(spans)


_BRACKETS = {"(": ")", "（": "）", "[": "]", "【": "】"}


def _with_opening_bracket(text, start, end):
    """`(0797)8123456`: the area code's opening bracket goes with the number its closing one is in."""
    if start > 0 and _BRACKETS.get(text[start - 1], "\0") in text[start:end]:
        return start - 1
    return start


def mask_personal_data(text):
    """`text` with resident ID numbers and phone numbers replaced by placeholders."""
    if not text:
        return text
    parts, last = [], 0
    for start, end, placeholder, _ in _found(text):
        parts += [text[last:_with_opening_bracket(text, start, end)], placeholder]
        last = end
    return "".join(parts) + text[last:]


def needs_masking(lawyer_county, citizen_county, serves=()):
    """Whether a lawyer sees the question masked: the citizen's county is neither the lawyer's
    home county nor one of those they serve."""
    return citizen_county != lawyer_county and citizen_county not in (serves or ())


def phone_numbers(text):
    """The phone numbers in `text`, as digits (screening uses the same patterns as masking)."""
    return [digits for *_, digits in _found(text or "", (_PHONES, _PHONES))]
