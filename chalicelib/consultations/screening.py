"""Screening what lawyers write to citizens. The service is free and paid for by the bureau, so a
lawyer may not move a citizen to a private channel: no phone numbers, WeChat or QQ ids, QR codes,
web addresses or e-mail addresses. Words a lawyer legitimately uses ("保留微信聊天记录作为证据")
pass: a WeChat mention is refused only with an id or an invitation to add."""
import re
from dataclasses import dataclass

from chalicelib.consultations import ANSWER_MIN_CHARS
from chalicelib.consultations.intake import meaningful_length
from chalicelib.consultations.privacy import phone_numbers
from chalicelib.consultations.textforms import collapse_between_digits, matching_form
from chalicelib.errors import Unprocessable

# Rules match the normalised text, digits joined and every space removed (textforms.py: `微 信` is
# 微信, `ｗｘ` is wx, `Ｑ Ｑ` is qq), after spelled-out e-mail addresses are put back together.
_WECHAT = r"(?:微信|威信|薇信|徽信|维信|危信|卫星号|wei信|v信|vx|wx|weixin|wechat)"
# One character standing for WeChat (`薇：…`, `v:…`) counts only before a colon and an id: alone it is
# an ordinary word (微, 威) or part of one (review).
_WECHAT_LETTER = r"(?:微|薇|威|卫|v)"
_ID = r"[a-z][-_a-z0-9]{5,19}"
_RULES = (
    ("wechat", "微信号", re.compile(
        r"(?:" + _WECHAT + r"号?(?:码|id)?:?(?:号|是|为)?|" + _WECHAT_LETTER + r"号?:)" + _ID)),
    ("wechat", "添加微信的邀请", re.compile(
        r"(?:加|添加|\+)(?:我|一下|个)?(?:" + _WECHAT + r"|v(?![a-z]))|" + _WECHAT + r"(?:联系|私聊|详聊)")),
    ("qq", "QQ 号", re.compile(r"(?:qq|扣扣|企鹅)(?:号)?(?:码)?:?(?:号|是|为)?\d{5,11}")),
    ("qr_code", "二维码", re.compile(r"二维码|扫码|扫一扫")),
    ("url", "网址", re.compile(r"https?://|www\.|[a-z0-9-]+\.(?:com|cn|net|org|top|xyz|cc|me|info|vip|io|"
                              r"shop|site|link)(?![a-z])")),
    ("email", "电子邮箱", re.compile(r"[a-z0-9_.+-]+@[a-z0-9-]+\.[a-z0-9.-]+")),
)
# `zhang at example dot com`, `zhang(at)example(dot)com`, `zhang艾特example点com`.
_SPELLED_AT = re.compile(r"(?<=[a-z0-9])(?:\s+at\s+|\s*[(\[{<]\s*at\s*[)\]}>]\s*|\s*(?:艾特|圈a)\s*)"
                         r"(?=[a-z0-9])")
_SPELLED_DOT = re.compile(r"(?<=[a-z0-9])(?:\s+dot\s+|\s*[(\[{<]\s*dot\s*[)\]}>]\s*|\s*点\s*)"
                          r"(?=(?:com|cn|net|org)(?![a-z]))")


def _screening_text(text):
    spelled = collapse_between_digits(matching_form(text)).text
    spelled = _SPELLED_DOT.sub(".", _SPELLED_AT.sub("@", spelled))
    return "".join(spelled.split())


@dataclass(frozen=True)
class Finding:
    code: str
    what: str


def contact_details(text):
    """What contact details `text` contains, as Findings (empty when clean)."""
    found = [Finding("phone", "电话号码")] if phone_numbers(text) else []
    plain = _screening_text(text or "")
    for code, what, pattern in _RULES:
        if pattern.search(plain) and all(f.code != code for f in found):
            found.append(Finding(code, what))
    return found


def screen_answer(body):
    """Refuse (422) an answer that is too short or carries contact details; return it stripped."""
    body = (body or "").strip()
    if meaningful_length(body) < ANSWER_MIN_CHARS:
        raise Unprocessable(f"回答至少需要 {ANSWER_MIN_CHARS} 个字（标点和空格不计），请写清依据和建议",
                            code="answer_too_short")
    screen_contact(body)
    return body


def screen_contact(text):
    found = contact_details(text)
    if found:
        kinds = "、".join(f.what for f in found)
        raise Unprocessable(f"平台为免费公益服务，回答和回复中不能留联系方式（发现：{kinds}），请删除后再提交",
                            code="contact_details_not_allowed",
                            details=[{"field": "body", "kind": f.code, "message": f.what} for f in found])
