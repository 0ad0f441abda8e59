"""Real-world spellings of contact details and personal data, both ways: every one in CAUGHT is found
by screening (and, for numbers, hidden by masking in the text as written); nothing in ORDINARY — the
numbers, dates, amounts and case numbers of everyday legal text — is touched by either."""
import pytest

from chalicelib.consultations.privacy import ID_PLACEHOLDER, PHONE_PLACEHOLDER, mask_personal_data
from chalicelib.consultations.screening import contact_details

ZWSP, SHY, WJ = "\u200b", "\u00ad", "\u2060"

# (how it was written, what screening calls it)
CAUGHT = [
    ("138.1234.5678", "phone"),
    ("138/1234/5678", "phone"),
    ("(138)1234-5678", "phone"),
    ("138 1234 5678", "phone"),
    ("138-1234-5678", "phone"),
    ("138—1234—5678", "phone"),
    ("138　1234　5678", "phone"),                                   # ideographic spaces
    (ZWSP.join("13812345678"), "phone"),                           # zero-width spaces
    (f"138{SHY}1234{SHY}5678", "phone"),                           # soft hyphens
    (f"138{WJ}1234{WJ}5678", "phone"),                             # word joiners
    ("1 3 8 1 2 3 4 5 6 7 8", "phone"),
    ("1 3 8 - 1 2 3 4 - 5 6 7 8", "phone"),
    ("一三八一二三四五六七八", "phone"),
    ("幺三八 幺二三四 五六七八", "phone"),
    ("壹叁捌壹贰叁肆伍陆柒捌", "phone"),
    ("①③⑧①②③④⑤⑥⑦⑧", "phone"),
    ("❶❸❽❶❷❸❹❺❻❼❽", "phone"),
    ("１３８１２３４５６７８", "phone"),                             # full width
    ("一三八 1234 五六七八", "phone"),                               # mixed
    ("+86 138 1234 5678", "phone"),
    ("0086-13812345678", "phone"),
    ("(0797)8123456", "phone"),
    ("（０７９７）８１２３４５６", "phone"),
    ("0797-812 3456", "phone"),
    ("〇七九七 八一二三四五六", "phone"),
    ("微 信：lawyerzhang88", "wechat"),
    ("薇：lawyerzhang88", "wechat"),
    ("V：lawyer_zhang", "wechat"),
    ("ｖｘ：ｌａｗｙｅｒｚｈａｎｇ", "wechat"),
    ("微信号是 lawyerzhang88", "wechat"),
    ("威信 lawyerzhang88", "wechat"),
    (f"微{ZWSP}信 lawyerzhang88", "wechat"),
    ("有疑问加我 V 详聊", "wechat"),
    ("加 微 信 聊", "wechat"),
    ("Q Q：12345678", "qq"),
    ("扣扣 1234 5678", "qq"),
    ("zhang at example dot com", "email"),
    ("zhang(at)example(dot)com", "email"),
    ("zhang＠example．com", "email"),
    ("zhang艾特example点com", "email"),
    ("zhang @ example . com", "email"),
    ("www . lawfirm . cn", "url"),
    ("lawfirm dot cn", "url"),
    ("h t t p s : / / lawfirm.cn/a", "url"),
    ("扫 码 加 我", "qr_code"),
    # What a Chinese keyboard types for "." and "," and ":" between groups of digits.
    ("138。1234。5678", "phone"),
    ("138、1234、5678", "phone"),
    ("138：1234：5678", "phone"),
    ("138:1234:5678", "phone"),
    ("138；1234；5678", "phone"),
    ("138∙1234∙5678", "phone"),                                     # bullet operator
    ("138‧1234‧5678", "phone"),                                     # hyphenation point
    ("wechat id: lawyerzhang", "wechat"),
    ("微信ID：lawyerzhang88", "wechat"),
]

# (how it was written, what masking leaves of it): numbers hidden in the text as written
MASKED = [
    ("电话138.1234.5678，谢谢", f"电话{PHONE_PLACEHOLDER}，谢谢"),
    ("家里(0797)8123456", f"家里{PHONE_PLACEHOLDER}"),
    ("身份证360722 19900101 1238号码", f"身份证{ID_PLACEHOLDER}号码"),
    ("身份证：3607 2219 9001 0112 3X。", f"身份证：{ID_PLACEHOLDER}。"),
    ("身份证36072219900101123x", f"身份证{ID_PLACEHOLDER}"),
    ("手机一三八一二三四五六七八，被拖欠工资", f"手机{PHONE_PLACEHOLDER}，被拖欠工资"),
    ("手机①③⑧①②③④⑤⑥⑦⑧。", f"手机{PHONE_PLACEHOLDER}。"),
    (f"手机1{ZWSP}38{SHY}1234 5678 明天", f"手机{PHONE_PLACEHOLDER} 明天"),
    ("电话13812345678 2025年3月1日辞退", f"电话{PHONE_PLACEHOLDER} 2025年3月1日辞退"),
    ("１３８　１２３４　５６７８（全角）", f"{PHONE_PLACEHOLDER}（全角）"),
]

ORDINARY = [
    "依据《民法典》第一千零八十七条处理",
    "依据《民法典》第一千零七十九条第二款，可向人民法院起诉离婚",
    "被拖欠工资人民币12,000元",
    "共计三万五千元",
    "赔偿金额约 3.5 万元",
    "赔偿 1,380,000 元",
    "2025年3月1日前申请仲裁",
    "2025-03-01 入职",
    "二〇二五年三月一日签订合同",
    "合同期限 2023.1.01-2023.12.31",
    "2023.01.01—2024.1.1 期间的工资",
    "(2025)赣0722民初1234号判决书",
    "（2025）赣07民终567号",
    "一审 (2024)赣0722民初999号，二审 (2025)赣07民终12号",
    "《劳动合同法》第三十条至第三十二条",
    "第1087-1089条",
    "第 1079 条第 2 款第 3 项",
    "可拨打 12348 公共法律服务热线",
    "请保留微信聊天记录和转账记录作为证据",
    "对方通过微信转账 5000 元",
    "统一社会信用代码 91360722MA35L8XK2B",
    "工资 3000 元、4000 元和 5000 元",
    "2025年1月至2025年6月共6个月",
    "下午 14:30 到 16:00 开庭",
    "合同编号 HT-2025-0301",
    "邮编 341600",
    "请在 15 日内提起上诉",
    "请律师帮忙 review 一下合同",
    "他在微博上发布的信息可以截图",
    "把欠条的扫描件保存好",
    "年利率不超过 LPR 3.85% 的四倍即 15.4%",
    "第一、二、三项请求",
    "一五一十地说明情况",
    "5月20日 13时 到达",
    "增加工资 1500 元",
    "13:30—14:30 调解",
    "2024。12。31 到期",
    "第1、2、3、5条",
    "工资3000、4000、5000、6000元",
    "9:00、10:00、11:00 三个时段",
]


@pytest.mark.parametrize("text, kind", CAUGHT, ids=[t for t, _ in CAUGHT])
def test_each_spelling_of_a_contact_detail_is_caught_by_screening(text, kind):
    assert kind in {f.code for f in contact_details(f"如需帮助：{text}。")}


@pytest.mark.parametrize("text, kind", [c for c in CAUGHT if c[1] == "phone"],
                         ids=[t for t, k in CAUGHT if k == "phone"])
def test_each_spelling_of_a_phone_number_is_hidden_by_masking(text, kind):
    masked = mask_personal_data(f"我的电话是{text}，请回电")
    assert masked == f"我的电话是{PHONE_PLACEHOLDER}，请回电"


@pytest.mark.parametrize("text, masked", MASKED, ids=[t for t, _ in MASKED])
def test_numbers_are_hidden_in_the_text_as_written_and_the_rest_kept(text, masked):
    assert mask_personal_data(text) == masked


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_legal_text_is_neither_screened_nor_masked(text):
    assert contact_details(text) == []
    assert mask_personal_data(text) == text


def test_the_tables_are_long_enough_to_mean_something():
    assert len(CAUGHT) + len(MASKED) >= 40 and len(ORDINARY) >= 30
