"""What a citizen types into a document template: each element checked by its kind, every problem
named at once (422), and money written out in capitals as on a 借条."""
from datetime import date

import pytest

from chalicelib.documents import catalog, values
from chalicelib.errors import Unprocessable

TODAY = date(2026, 12, 2)
FIELDS = [
    {"name": "who", "label": "借款人姓名", "kind": "text", "required": True},
    {"name": "amount", "label": "借款金额", "kind": "money", "required": True},
    {"name": "due_on", "label": "还款日期", "kind": "date", "required": True},
    {"name": "phone", "label": "联系电话", "kind": "phone", "required": False},
    {"name": "id", "label": "公民身份号码", "kind": "id_number", "required": False},
    {"name": "paid_by", "label": "交付方式", "kind": "select", "required": False, "options": ["现金", "银行转账"]},
    {"name": "facts", "label": "事实与理由", "kind": "textarea", "required": False},
    {"name": "size", "label": "家庭人口数", "kind": "number", "required": False},
]


def problems(given):
    with pytest.raises(Unprocessable) as refused:
        values.check(FIELDS, given, TODAY)
    assert refused.value.status == 422 and refused.value.code == "invalid_values"
    return {d["field"]: d["message"] for d in refused.value.details}


def test_every_missing_required_element_is_named_with_its_label():
    # Given nothing typed
    # When the values are checked
    with pytest.raises(Unprocessable) as refused:
        values.check(FIELDS, {"facts": "   "}, TODAY)
    # Then each required element is named, with its label for the message, and nothing else
    details = refused.value.details
    assert [(d["field"], d["label"], d["message"]) for d in details] == [
        ("who", "借款人姓名", "必填"), ("amount", "借款金额", "必填"), ("due_on", "还款日期", "必填")]
    assert refused.value.message == "有 3 项需要补充或更正：借款人姓名、借款金额、还款日期"


@pytest.mark.parametrize("typed, stored", [("12000", "12000.00"), ("12,345.6", "12345.60"),
                                           ("¥8000元", "8000.00"), (" 0.5 ", "0.50"), (3000, "3000.00")])
def test_money_is_read_in_yuan_with_two_places(typed, stored):
    found = values.check(FIELDS, {"who": "张三", "amount": typed, "due_on": "2027-01-01"}, TODAY)
    assert found["amount"] == stored


@pytest.mark.parametrize("typed", ["一万", "12.345", "-5", "1e5", "12 000.5.5", "9" * 14, "NaN", True])
def test_money_that_is_not_an_amount_is_refused_beside_its_field(typed):
    assert "amount" in problems({"who": "张三", "amount": typed, "due_on": "2027-01-01"})


@pytest.mark.parametrize("typed, message", [("2026-02-30", "日期不存在，请核对"), ("2026/3/1", "日期格式应为 年-月-日，例如 2026-03-02"),
                                            ("明天", "日期格式应为 年-月-日，例如 2026-03-02")])
def test_a_date_that_does_not_exist_or_is_not_a_date_is_refused(typed, message):
    assert problems({"who": "张三", "amount": "1", "due_on": typed})["due_on"] == message


def test_each_kind_refuses_what_it_cannot_hold_all_at_once():
    found = problems({"who": "张" * 101, "amount": "1", "due_on": "2027-01-01", "phone": "12345",
                      "id": "110105194912310021", "paid_by": "支票", "facts": "事" * 3001, "size": "2.5"})
    assert found == {"who": "最多 100 个字", "phone": "请填写 11 位手机号码", "id": "身份证号码校验位不正确，请核对",
                     "paid_by": "请从选项中选择", "facts": "最多 3000 个字", "size": "请填写整数"}


@pytest.mark.parametrize("typed", ["张\ud800三", "张\x00三", "\x1b[31m张三"])
def test_text_no_document_could_hold_is_refused_not_written(typed):
    # (the edge refuses such a body already; the rule holds for any other caller too)
    assert problems({"who": typed, "amount": "1", "due_on": "2027-01-01"})["who"].startswith("含有无法识别的字符")


def test_values_that_are_not_text_are_refused_and_unknown_names_ignored():
    found = problems({"who": {"$gt": ""}, "amount": ["1"], "due_on": "2027-01-01"})
    assert found == {"who": "请填写文字", "amount": "请填写文字"}
    assert values.check(FIELDS, {"who": "李四", "amount": "1", "due_on": "2027-01-01", "extra": "x"},
                        TODAY) == {"who": "李四", "amount": "1.00", "due_on": "2027-01-01"}
    with pytest.raises(Unprocessable):
        values.check(FIELDS, ["not", "an", "object"], TODAY)


@pytest.mark.parametrize("amount, capitals", [
    ("0.00", "零元整"), ("1", "壹元整"), ("10", "壹拾元整"), ("1001", "壹仟零壹元整"), ("105000", "壹拾万伍仟元整"),
    ("12345.60", "壹万贰仟叁佰肆拾伍元陆角"), ("1500.05", "壹仟伍佰元零伍分"), ("100000001", "壹亿零壹元整"),
    ("20000000", "贰仟万元整"), ("1010.10", "壹仟零壹拾元壹角")])
def test_money_in_capitals_reads_as_a_bank_writes_it(amount, capitals):
    assert values.capital_yuan(amount) == capitals


def test_a_value_reads_in_the_document_in_chinese_form():
    assert values.shown({"kind": "money"}, "12345.60") == "12,345.60 元（人民币壹万贰仟叁佰肆拾伍元陆角）"
    assert values.shown({"kind": "date"}, "2027-03-01") == "2027年3月1日"


def test_every_template_field_is_well_formed_and_every_layout_name_is_a_field():
    # Given the whole catalogue: 11 platform forms and 12 complaints
    documents = catalog.documents()
    assert len(documents) == 23
    for slug, spec in documents.items():
        names = [f["name"] for f in spec["fields"]]
        # Then names are unique, kinds known, selects have options, a required element exists
        assert len(names) == len(set(names)), slug
        assert all(f["kind"] in values.KINDS for f in spec["fields"]), slug
        assert all(f.get("options") for f in spec["fields"] if f["kind"] == "select"), slug
        assert any(f["required"] for f in spec["fields"]), slug
        # And the layout names only fields the template has, and places every one of them
        placed = set()
        for block in spec["layout"]:
            placed |= set(block.get("rows", []))
            for text in block.get("text", []) + block.get("sign", []):
                placed |= set(catalog.placeholders(text))
        assert placed <= set(names), (slug, placed - set(names))
        assert set(names) <= placed, (slug, set(names) - placed)
