"""Answer screening (no contact details, at least 30 characters) and the masking of personal data
that lawyers outside the citizen's county see."""
import pytest

from chalicelib.consultations.privacy import mask_personal_data
from chalicelib.consultations.screening import contact_details, screen_answer
from chalicelib.errors import Unprocessable

ADVICE = "根据《劳动合同法》第三十条，用人单位应当及时足额支付劳动报酬。建议您保存工资条和考勤记录，向劳动监察大队投诉或申请劳动仲裁。"


@pytest.mark.parametrize("text, kind", [
    ("有事请打 138 0013 8000 找我", "phone"),
    ("电话：0797-8123456", "phone"),
    ("加我微信 lawyer_wang88 详聊", "wechat"),
    ("vx：abc12345", "wechat"),
    ("请添加微信，我帮你看看", "wechat"),
    ("QQ 12345678", "qq"),
    ("扫码关注我的公众号", "qr_code"),
    ("详见 https://example.com/a", "url"),
    ("访问 www.lawfirm.cn 预约", "url"),
    ("发邮件到 wang@lawfirm.cn", "email"),
    ("电话１３８００１３８０００（全角）", "phone"),
])
def test_contact_details_of_every_kind_are_found(text, kind):
    # Given a lawyer's text carrying one kind of contact detail
    # When it is screened
    found = {f.code for f in contact_details(text)}
    # Then that kind is reported
    assert kind in found


@pytest.mark.parametrize("text", [
    "请保留微信聊天记录和转账记录作为证据",
    "可拨打 12348 公共法律服务热线咨询",
    "依据《民法典》第一千零七十九条，可向人民法院起诉离婚，赔偿金额约 3.5 万元",
    "2026年3月1日前向劳动争议仲裁委员会申请仲裁",
])
def test_ordinary_legal_advice_is_not_mistaken_for_contact_details(text):
    assert contact_details(text) == []


def test_an_answer_under_30_meaningful_characters_is_refused_with_the_reason():
    # Given 29 characters padded with punctuation and spaces
    body = "建议您尽快申请劳动仲裁，" * 2 + "。。。。      ！！"
    # When it is screened, Then it is refused as too short
    with pytest.raises(Unprocessable) as refused:
        screen_answer(body)
    assert refused.value.code == "answer_too_short" and "30" in refused.value.message


def test_an_answer_with_a_phone_number_is_refused_naming_what_was_found():
    with pytest.raises(Unprocessable) as refused:
        screen_answer(ADVICE + "有问题打我电话13800138000。")
    assert refused.value.code == "contact_details_not_allowed"
    assert "电话号码" in refused.value.message and refused.value.details == [
        {"field": "body", "kind": "phone", "message": "电话号码"}]


def test_a_clean_answer_passes_stripped():
    assert screen_answer(f"  {ADVICE}\n") == ADVICE


def test_id_numbers_and_phone_numbers_are_masked_and_the_facts_kept():
    # Given a question with an ID number, a mobile and a landline number, an amount and a date
    question = "我叫张三，身份证36072219800101123X，手机138-0013-8000，家里0797-8123456，被拖欠工资9000元，2026年3月辞退"
    # When it is masked
    masked = mask_personal_data(question)
    # Then the identifiers are gone and the amount and date stay
    assert "36072219800101123X" not in masked and "8000" not in masked.split("工资")[0]
    assert masked.count("[电话号码已隐去]") == 2 and "[身份证号已隐去]" in masked
    assert "9000元" in masked and "2026年3月" in masked
