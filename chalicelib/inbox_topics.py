"""What a chat keyword or a menu click asks for: a topic the inbox answers with a template.

Keywords match a whole short message ("帮助", "法律援助？") or, in a message too short to be a question,
a contained word ("怎么申请复议"); a long message that merely mentions one is a question for a lawyer.
"""
import re

from chalicelib.consultations import QUESTION_MIN
from chalicelib.consultations.intake import meaningful_length

# Menu CLICK keys (infra/wechat-menu.json) → topic; every topic has a reply.
CLICKS = {"ASK": "ask", "MY_PROGRESS": "progress", "LEGAL_AID": "legal_aid",
          "NOTARIZATION": "notarization", "MEDIATION": "mediation",
          "RECONSIDERATION": "reconsideration", "LAWS": "laws", "DOC_TEMPLATES": "doc_templates",
          "CASES": "cases", "HELP": "help"}
KEYWORDS = {
    "help": ("帮助", "菜单", "使用说明", "怎么用", "功能", "help", "menu"),
    "progress": ("进度", "查进度", "查询进度", "咨询进度", "办事进度", "我的咨询", "我的"),
    "ask": ("咨询", "我要咨询", "法律咨询", "在线咨询", "找律师", "问律师", "律师"),
    "legal_aid": ("法律援助", "援助"),
    "notarization": ("公证", "公证预约", "预约公证"),
    "mediation": ("人民调解", "调解"),
    "reconsideration": ("行政复议", "复议"),
    "laws": ("法律法规", "法规", "法条"),
    "doc_templates": ("文书模板", "文书", "模板"),
    "cases": ("以案释法", "案例", "典型案例"),
}
_EXACT_ONLY = {"我的", "功能", "help", "menu"}  # too common inside other words to match by containment
_BY_WORD = {word: topic for topic, words in KEYWORDS.items() for word in words}
_CONTAINED = sorted((w for w in _BY_WORD if w not in _EXACT_ONLY), key=len, reverse=True)
_NOISE = re.compile(r"[\W_]+")
# Topics answered with a news card linking to an H5 page (templates/wechat/card.xml.j2).
CARDS = {"progress", "legal_aid", "notarization", "mediation", "reconsideration", "laws",
         "doc_templates", "cases"}


def keyword_topic(text):
    """The topic a short chat message asks for, or None. A long message that merely mentions a
    keyword ("公司不给法律援助…") is a question, not a keyword."""
    word = _NOISE.sub("", text or "").lower()
    if word in _BY_WORD:
        return _BY_WORD[word]
    if not word and (text or "").strip() in ("?", "？"):
        return "help"
    if meaningful_length(text) < QUESTION_MIN:
        return next((_BY_WORD[w] for w in _CONTAINED if w in word), None)
    return None
