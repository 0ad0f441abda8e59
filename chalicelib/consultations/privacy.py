"""Personal data in a citizen's words, hidden from lawyers outside the citizen's county: resident ID
numbers and phone numbers (个人信息保护法 art. 28: ID numbers are sensitive personal information; a
lawyer elsewhere needs the facts, not the identity). Full-width digits (１３８…) count as digits."""
import re

_SEP = r"[\s\-－—]?"
_ID_NUMBER = re.compile(r"(?<!\d)(?:\d{6}(?:18|19|20)\d{2}[01]\d[0-3]\d\d{3}[\dXx]|\d{15})(?![\dXx])")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86" + _SEP + r")?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:0\d{2,3}" + _SEP + r")\d{7,8}(?!\d)")

ID_PLACEHOLDER = "[身份证号已隐去]"
PHONE_PLACEHOLDER = "[电话号码已隐去]"


# Full-width digits and X map one character to one, so spans found in the plain copy fit the text.
_PLAIN = str.maketrans("０１２３４５６７８９Ｘｘ＋－", "0123456789Xx+-")


def _replace(pattern, text, placeholder):
    plain, parts, last = text.translate(_PLAIN), [], 0
    for match in pattern.finditer(plain):
        parts += [text[last:match.start()], placeholder]
        last = match.end()
    return "".join(parts) + text[last:]


def mask_personal_data(text):
    """`text` with resident ID numbers and phone numbers replaced by placeholders."""
    if not text:
        return text
    for pattern, placeholder in ((_ID_NUMBER, ID_PLACEHOLDER), (_MOBILE, PHONE_PLACEHOLDER),
                                 (_LANDLINE, PHONE_PLACEHOLDER)):
        text = _replace(pattern, text, placeholder)
    return text


def needs_masking(lawyer_county, citizen_county):
    return lawyer_county != citizen_county


def phone_numbers(text):
    """The phone numbers in `text` (screening uses the same patterns as masking)."""
    plain = (text or "").translate(_PLAIN)
    return _MOBILE.findall(plain) + _LANDLINE.findall(plain)
