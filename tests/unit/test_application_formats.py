"""What a citizen types: ID numbers (GB 11643-1999), mobile numbers, dates; and the masking of IDs.

Check codes are counted by hand: Σ(digit × weight) over 7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2,
mod 11, indexed into "10X98765432".
"""
from datetime import date

import pytest

from chalicelib.applications import formats

TODAY = date(2026, 3, 2)
# 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0+0+2·2 = 167; 167 mod 11 = 2 → X
STANDARD_EXAMPLE = "11010519491231002X"  # the example printed in GB 11643-1999
# 3·7+6·9+0+7·5+2·8+2·4+1·2+9·1+9·6+0+0+3·9+0+7·5+1·8+2·4+3·2 = 283; mod 11 = 8 → 4
XINFENG = "360722199003071234"
# 3·7+6·9+0+7·5+2·8+2·4+2·2+0+0+0+0+2·9+2·10+9·5+0+0+2·2 = 225; mod 11 = 5 → 7 (born 2000-02-29)
LEAP_DAY = "360722200002290027"


def test_id_numbers_with_a_correct_check_code_pass_and_a_lower_case_x_is_normalised():
    assert formats.parse_id_number(STANDARD_EXAMPLE, TODAY) == STANDARD_EXAMPLE
    assert formats.parse_id_number(STANDARD_EXAMPLE.lower(), TODAY) == STANDARD_EXAMPLE
    assert formats.parse_id_number(f" {XINFENG} ", TODAY) == XINFENG
    assert formats.parse_id_number(LEAP_DAY, TODAY) == LEAP_DAY


@pytest.mark.parametrize("text, why", [
    ("360722199003071235", "校验位"),  # one digit off in the check code
    ("360722199003071243", "校验位"),  # two digits swapped: the weights catch it
    ("360722199002301234", "出生日期"),  # Feb 30
    ("990722199003071234", "地区码"),  # no province 99
    ("36072219900307123", "18 位"),
    ("36072219900307123A", "18 位"),
    ("360722900307123", "15 位"),  # a first-generation number
])
def test_malformed_id_numbers_are_refused_with_the_reason(text, why):
    with pytest.raises(ValueError, match=why):
        formats.parse_id_number(text, TODAY)


def test_an_id_number_born_in_the_future_is_refused():
    body = "36072220260303123"
    with pytest.raises(ValueError, match="出生日期"):
        formats.parse_id_number(body + formats.id_check_code(body), TODAY)


def test_mobile_numbers_allow_spaces_dashes_and_the_country_code_but_not_landlines():
    assert formats.parse_mobile("138 0013 8000") == "13800138000"
    assert formats.parse_mobile("+86 139-1234-5678") == "13912345678"
    for bad in ("12812345678", "1391234567", "0797-8888888", "139123456789"):
        with pytest.raises(ValueError):
            formats.parse_mobile(bad)


def test_dates_must_exist_and_respect_their_bounds():
    assert formats.parse_date("2026-02-28", TODAY) == "2026-02-28"
    with pytest.raises(ValueError, match="不存在"):
        formats.parse_date("2026-02-29", TODAY)
    with pytest.raises(ValueError, match="格式"):
        formats.parse_date("2026/03/01", TODAY)
    with pytest.raises(ValueError, match="晚于今天"):
        formats.parse_date("2026-03-03", TODAY, not_after="today")
    with pytest.raises(ValueError, match="早于今天"):
        formats.parse_date("2026-03-01", TODAY, not_before="today")


def test_masking_keeps_four_characters_at_each_end_only():
    assert formats.mask_id_number(XINFENG) == "3607**********1234"
    assert formats.mask_id_number("12345") == "*****"
    assert formats.looks_like_id_number(STANDARD_EXAMPLE.lower())
    assert not formats.looks_like_id_number("13800138000")


@pytest.mark.parametrize("name, shown", [
    ("王小明", "王*明"), ("张三", "张*"), ("欧阳小明", "欧阳**"), ("司马相如", "司马**"),
    ("王", "王"), ("  李四 ", "李*"), ("", ""), (None, ""),
])
def test_a_name_in_the_unaudited_queue_keeps_the_surname_and_hides_the_rest(name, shown):
    assert formats.mask_name(name) == shown
