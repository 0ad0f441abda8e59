"""Screening what lawyers write to citizens. The service is free and paid for by the bureau, so a
lawyer may not move a citizen to a private channel: no phone numbers, WeChat or QQ ids, QR codes,
web addresses or e-mail addresses. Words a lawyer legitimately uses ("保留微信聊天记录作为证据")
pass: a WeChat mention is refused only with an id or an invitation to add."""
import re
from dataclasses import dataclass

from chalicelib.consultations import ANSWER_MIN_CHARS
from chalicelib.consultations.intake import meaningful_length
from chalicelib.consultations.privacy import phone_numbers
from chalicelib.errors import Unprocessable

_WECHAT = r"(?:微信|威信|薇信|卫星号|v信|vx|wx|weixin|wechat)"
_RULES = (
    ("wechat", "微信号", re.compile(_WECHAT + r"号?\s*[:：]?\s*(?:号|是|为)?\s*[a-z][-_a-z0-9]{5,19}",
                                      re.I)),
    ("wechat", "添加微信的邀请", re.compile(r"(?:加|添加)(?:我|一下|个)?\s*" + _WECHAT + r"|"
                                        + _WECHAT + r"\s*(?:联系|私聊|详聊)", re.I)),
    ("qq", "QQ 号", re.compile(r"(?:qq|扣扣)\s*(?:号)?\s*[:：]?\s*\d{5,11}", re.I)),
    ("qr_code", "二维码", re.compile(r"二维码|扫码|扫一扫")),
    ("url", "网址", re.compile(r"https?://|www\.|[a-z0-9-]+\.(?:com|cn|net|org|top|xyz|cc|me|info|vip|io|"
                              r"shop|site|link)\b", re.I)),
    ("email", "电子邮箱", re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")),
)


@dataclass(frozen=True)
class Finding:
    code: str
    what: str


def contact_details(text):
    """What contact details `text` contains, as Findings (empty when clean)."""
    found = [Finding("phone", "电话号码")] if phone_numbers(text) else []
    for code, what, pattern in _RULES:
        if pattern.search(text or "") and all(f.code != code for f in found):
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
                            details=[{"kind": f.code, "message": f.what} for f in found])
