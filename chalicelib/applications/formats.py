"""The formats a citizen types into an application form: ID numbers (GB 11643-1999), mainland
mobile numbers and dates. Each `parse_*` returns the normalised value or raises ValueError with a
message in Chinese that the form shows under the field.
"""
import re
from datetime import date

# GB 11643-1999 §7: check code over the 17 body digits, weights 2^(17-i) mod 11, ISO 7064 MOD 11-2.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CODES = "10X98765432"
# First two digits: the province-level division (GB/T 2260), plus 71/81/82 for Taiwan, Hong Kong
# and Macao residents' residence permits (港澳台居民居住证 use 81/82/83).
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82 83".split())
_ID_SHAPE = re.compile(r"\d{17}[\dX]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def id_check_code(body17):
    """The 18th character for the first 17 digits of an ID number."""
    return ID_CHECK_CODES[sum(int(d) * w for d, w in zip(body17, ID_WEIGHTS)) % 11]


def parse_id_number(text, today):
    """An 18-character 公民身份号码, upper-case X; its region, birth date and check code verified.

    15-digit numbers (first-generation cards) are refused: they stopped being valid in 2013.
    """
    value = str(text).strip().upper()
    if len(value) == 15 and value.isdigit():
        raise ValueError("请填写 18 位身份证号码（15 位旧号码已停用）")
    if not _ID_SHAPE.fullmatch(value):
        raise ValueError("身份证号码应为 18 位，前 17 位为数字，最后一位为数字或 X")
    if value[:2] not in PROVINCE_CODES:
        raise ValueError("身份证号码的地区码不正确")
    try:
        born = date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise ValueError("身份证号码中的出生日期不正确") from None
    if born > today or born.year < 1900:
        raise ValueError("身份证号码中的出生日期不正确")
    if id_check_code(value[:17]) != value[17]:
        raise ValueError("身份证号码校验位不正确，请核对")
    return value


def parse_mobile(text):
    """A mainland mobile number: 11 digits starting 13–19; spaces, dashes and +86 are tolerated."""
    value = re.sub(r"[\s-]", "", str(text))
    if value.startswith("+86"):
        value = value[3:]
    elif value.startswith("0086"):
        value = value[4:]
    if not _MOBILE.fullmatch(value):
        raise ValueError("请填写 11 位手机号码")
    return value


def parse_date(text, today, *, not_after=None, not_before=None):
    """An ISO date (YYYY-MM-DD). `not_after`/`not_before` take "today" or an ISO date."""
    value = str(text).strip()
    if not _DATE.fullmatch(value):
        raise ValueError("日期格式应为 年-月-日，例如 2026-03-02")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("日期不存在，请核对") from None
    latest = _bound(not_after, today)
    earliest = _bound(not_before, today)
    if latest is not None and day > latest:
        raise ValueError("日期不能晚于今天" if not_after == "today" else f"日期不能晚于 {latest}")
    if earliest is not None and day < earliest:
        raise ValueError("日期不能早于今天" if not_before == "today" else f"日期不能早于 {earliest}")
    return value


def _bound(spec, today):
    if spec is None:
        return None
    return today if spec == "today" else date.fromisoformat(spec)


def mask_id_number(value):
    """First four and last four characters kept: enough to tell two people apart on a screen,
    not enough to reuse the number (birth date and sequence hidden)."""
    value = str(value)
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_name(value):
    """A person's name in a list that is not audited (the staff review queue): the surname and,
    for three characters or more, the last character kept (王*明, 张*, 欧阳**) — enough for the
    clerk to tell entries apart and match a phone call, not a full name on every screen."""
    value = str(value or "").strip()
    if len(value) <= 1:
        return value
    if len(value) == 2:
        return value[0] + "*"
    if len(value) == 3:
        return value[0] + "*" + value[-1]
    return value[:2] + "*" * (len(value) - 2)


def looks_like_id_number(value):
    return isinstance(value, str) and bool(re.fullmatch(r"\d{17}[\dXx]", value.strip()))
