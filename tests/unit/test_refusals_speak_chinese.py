"""A refusal a person reads names what they filled in (开始日期, 每页条数), never a request
parameter (`from`, `limit`, `kind`): staff and citizens see these words in the page's toptips."""
import re
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib.applications import catalog, slots, workcal
from chalicelib.consultations.context import Ctx
from chalicelib.consultations.stats import day_range
from chalicelib.errors import Invalid
from chalicelib.library import views

OFFICES = SimpleNamespace(bureau="360722", office_codes=lambda: {"xinfeng"})  # a bureau's office

NOW = datetime(2026, 12, 2, 2, 0, tzinfo=timezone.utc)
SPECS = [{"name": "applicant_name", "label": "申请人姓名", "type": "text"}]

REFUSALS = [
    ("stats, reversed range", lambda: day_range("2026-12-10", "2026-12-01", Ctx(now=NOW)),
     "开始日期不能晚于结束日期"),
    ("stats, bad start date", lambda: day_range("yesterday", None, Ctx(now=NOW)), "开始日期"),
    ("slots, reversed range", lambda: slots.list_slots(OFFICES, "xinfeng", "2026-12-10", "2026-12-01"),
     "开始日期不能晚于结束日期"),
    ("slots, range too long", lambda: slots.list_slots(OFFICES, "xinfeng", "2026-12-01", "2027-02-01"),
     "31 天以内"),
    ("library page size", lambda: views.search("离婚", limit="abc"), "每页条数"),
    ("library page start",
     lambda: views.law_page("minfadian", after="x", day="2026-03-02", find_law=lambda slug: object()), "起始位置"),
    ("library kind", lambda: views.search("离婚", kind="video"), "诉讼指引或热点普法"),
    ("calendar kind", lambda: workcal.set_day(None, "staff", "2026-12-01", "party"), "节假日"),
    ("draft field of a wrong type",
     lambda: catalog.merge_fields(SPECS, {}, {"applicant_name": ["x"]}, NOW.date()), "申请人姓名"),
]


@pytest.mark.parametrize("what, refuse, said", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_a_refusal_says_in_chinese_what_is_wrong_without_parameter_names(what, refuse, said):
    # When the request is refused
    with pytest.raises(Invalid) as refused:
        refuse()
    # Then the message names the thing in Chinese, and no ASCII word (YYYY-MM-DD excepted) is in it
    message = str(refused.value.message if hasattr(refused.value, "message") else refused.value)
    assert said in message
    assert not re.search(r"[A-Za-z_]{2,}", message.replace("YYYY-MM-DD", "")), message
