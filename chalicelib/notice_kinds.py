"""Every kind of notice the platform sends, and what a WeChat template needs to carry it.

A kind is (template key, channel): lawyers and staff get template messages (`template`), citizens
subscribe notifications (`subscribe`, or a customer-service text inside their 48-hour window). Each
kind fills a few fields (`consultation`, `note`, `time`…), each of a WeChat keyword type. Which
template of an Official Account carries a kind, and which of its keywords carries each field, is
configuration: the Account item's `templates` (docs/data-model.md, AP-73), set by
`python -m chalicelib.admin.bureaus templates`, checked against WeChat by `make wechat-templates`.

Stored per account: {template_key: {"template": id, "template_keywords": {keyword: field},
"subscribe": id, "subscribe_keywords": {keyword: field}}}. An entry without keywords (the local
stand-ins, WECHAT_TEMPLATES before issue 11) sends the fields under their own names.
"""
import re
from dataclasses import dataclass

from chalicelib.wechat.keywords import fit, keyword_type


@dataclass(frozen=True)
class Kind:
    key: str  # the template key notices carry (Notification.template_key)
    channel: str  # template | subscribe
    audience: str  # lawyer | staff | citizen
    label: str  # what staff and operators call it
    fields: tuple  # ((field, keyword type), …): what the notice fills

    @property
    def types(self):
        return dict(self.fields)


_CONSULTATION = (("consultation", "character_string"), ("category", "thing"), ("note", "thing"),
                 ("time", "time"))
_CITIZEN = (("consultation", "character_string"), ("status", "phrase"), ("note", "thing"),
            ("time", "time"))
_LAWYER_JOIN = (("request", "character_string"), ("name", "thing"), ("note", "thing"), ("time", "time"))
_LAWYER_ASSESSMENT = (("lawyer", "character_string"), ("name", "thing"), ("note", "thing"), ("time", "time"))
_COMMISSION = (("commission", "character_string"), ("service", "thing"), ("note", "thing"),
               ("time", "time"))
_COMMISSION_CITIZEN = (("commission", "character_string"), ("status", "phrase"), ("time", "time"))
_APPLICATION = (("service", "thing"), ("status", "phrase"), ("note", "thing"), ("time", "time"))
_DEADLINE = (("service", "thing"), ("application", "character_string"), ("note", "thing"),
             ("time", "time"))

KINDS = (
    Kind("consultation_dispatched", "template", "lawyer", "新咨询通知", _CONSULTATION),
    Kind("consultation_reminder", "template", "lawyer", "咨询解答提醒", _CONSULTATION),
    Kind("consultation_closed", "template", "lawyer", "咨询停止接收回答", _CONSULTATION),
    Kind("consultation_awarded", "template", "lawyer", "中标通知", _CONSULTATION),
    Kind("consultation_followup", "template", "lawyer", "市民追问通知", _CONSULTATION),
    Kind("consultation_unanswered", "template", "staff", "咨询无人解答提醒", _CONSULTATION),
    Kind("application_deadline", "template", "staff", "办事期限提醒", _DEADLINE),
    Kind("consultation_answered", "subscribe", "citizen", "咨询已有解答", _CITIZEN),
    Kind("consultation_answers_complete", "subscribe", "citizen", "解答已齐", _CITIZEN),
    Kind("consultation_award_reminder", "subscribe", "citizen", "中标提醒", _CITIZEN),
    Kind("consultation_closed", "subscribe", "citizen", "咨询已结束", _CITIZEN),
    Kind("consultation_refused", "subscribe", "citizen", "咨询未受理", _CITIZEN),
    Kind("consultation_followup", "subscribe", "citizen", "律师回复追问", _CITIZEN),
    Kind("application_status", "subscribe", "citizen", "办事进度通知", _APPLICATION),
    Kind("privacy_request_done", "subscribe", "citizen", "个人信息请求处理结果",
         (("status", "phrase"), ("note", "thing"), ("time", "time"))),
    # A lawyer's own account: registration (chalicelib/roster/join_review.py), assessment (assessment.py)
    Kind("lawyer_join_approved", "template", "lawyer", "律师登记通过", _LAWYER_JOIN),
    Kind("lawyer_join_refused", "template", "lawyer", "律师登记未通过", _LAWYER_JOIN),
    Kind("lawyer_assessment_due", "template", "lawyer", "年度考核提醒", _LAWYER_ASSESSMENT),
    Kind("lawyer_assessment_lapsed", "template", "lawyer", "年度考核逾期", _LAWYER_ASSESSMENT),
    # Commissions (issue 12, chalicelib/commissions/notices.py)
    Kind("commission_offered", "template", "lawyer", "新委托通知", _COMMISSION),
    Kind("commission_taken", "template", "lawyer", "委托已被承接", _COMMISSION),
    Kind("commission_closed", "template", "lawyer", "委托已结束", _COMMISSION),
    Kind("commission_declined", "template", "lawyer", "市民未确认报价", _COMMISSION),
    Kind("commission_confirmed", "template", "lawyer", "市民已确认委托", _COMMISSION),
    Kind("commission_accepted", "subscribe", "citizen", "律师已接受委托", _COMMISSION_CITIZEN),
    Kind("commission_expired", "subscribe", "citizen", "委托无人承接", _COMMISSION_CITIZEN),
    Kind("commission_lapsed", "subscribe", "citizen", "指定律师未接受", _COMMISSION_CITIZEN),
    # 热点普法 pushed to every follower (issue 13, chalicelib/guides/push.py): a mass-sent text, no
    # template (so no account needs a template id for it: `needed` names citizens', staff's, lawyers')
    Kind("hot_topic", "mass", "followers", "热点普法推送",
         (("topic", "character_string"), ("title", "thing"), ("time", "time"))),
)
BY_KEY = {(k.key, k.channel): k for k in KINDS}
CHANNEL_OF = {"lawyer": "template", "staff": "template", "citizen": "subscribe", "followers": "mass"}
_KEYWORD = re.compile(r"^[a-z_]+[0-9]*$")
_TEMPLATE_ID = re.compile(r"^[A-Za-z0-9_-]{1,128}$")


class TemplatesInvalid(ValueError):
    """The templates configuration is refused; the message names what to change."""


def kind(template_key, channel):
    return BY_KEY.get((template_key, channel))


def needed(account, default_bureau=None):
    """The kinds `account` sends: the lawyers' account the lawyers' kinds; a bureau's account its
    citizens' and staff's (and the default bureau's also the lawyers', for lawyers bound on it
    before issue 10)."""
    if account == "lawyers":
        return [k for k in KINDS if k.audience == "lawyer"]
    audiences = {"citizen", "staff"} | ({"lawyer"} if account == default_bureau else set())
    return [k for k in KINDS if k.audience in audiences]


def missing(account, templates, default_bureau=None):
    """The kinds `account` sends that its `templates` give no template id."""
    return [k for k in needed(account, default_bureau)
            if not ((templates or {}).get(k.key) or {}).get(k.channel)]


def normalise(config):
    """The operator's JSON, checked, as the Account item stores it. Input per key:
    `{"template"|"subscribe": {"id": "…", "keywords": {"thing1": "note", …}}}`."""
    if not isinstance(config, dict) or not config:
        raise TemplatesInvalid("templates must be a JSON object {template_key: {channel: {id, keywords}}}")
    stored = {}
    for key, channels in config.items():
        if not isinstance(channels, dict) or not channels:
            raise TemplatesInvalid(f"{key}: give {{\"template\"|\"subscribe\": {{\"id\", \"keywords\"}}}}")
        for channel, entry in channels.items():
            found = kind(key, channel)
            if found is None:
                raise TemplatesInvalid(f"{key} ({channel}) is not a notice kind the platform sends")
            if not isinstance(entry, dict) or not _TEMPLATE_ID.match(str(entry.get("id") or "")):
                raise TemplatesInvalid(f"{key} ({channel}): id must be the template id WeChat shows")
            stored.setdefault(key, {})[channel] = entry["id"]
            stored[key][f"{channel}_keywords"] = check_keywords(found, entry.get("keywords"))
    return stored


def check_keywords(found, keywords):
    """{keyword: field}: every field of the kind carried by exactly one keyword of a fitting type."""
    label = f"{found.key} ({found.channel})"
    if not isinstance(keywords, dict) or not keywords:
        raise TemplatesInvalid(f"{label}: keywords must map each template keyword to one of "
                               + ", ".join(found.types))
    for keyword, field in keywords.items():
        if not _KEYWORD.match(str(keyword)) or field not in found.types:
            raise TemplatesInvalid(f"{label}: {keyword!r} → {field!r}: the field must be one of "
                                   + ", ".join(found.types))
        problem = type_problem(found.types[field], keyword_type(keyword))
        if problem:
            raise TemplatesInvalid(f"{label}: {keyword} cannot carry {field}: {problem}")
    unmapped = [f for f in found.types if f not in keywords.values()]
    if unmapped or len(set(keywords.values())) != len(keywords):
        raise TemplatesInvalid(f"{label}: each of {', '.join(found.types)} needs exactly one keyword"
                               + (f" (missing: {', '.join(unmapped)})" if unmapped else ""))
    return dict(keywords)


# A field can go into a keyword of its own type, or into one at least as permissive.
_CARRIES = {"thing": {"thing", None}, "character_string": {"character_string", "thing", None},
            "phrase": {"phrase", "thing", None}, "time": {"time", None}}


def type_problem(field_type, keyword_kind):
    """Why a field of `field_type` does not fit a keyword of `keyword_kind`, or None."""
    if keyword_kind in _CARRIES.get(field_type, {field_type, None}):
        return None
    return f"a {keyword_kind} keyword cannot hold a {field_type}"


def wechat_data(data, keywords, fields):
    """The `data` of a send: the notice's fields under the template's keywords (or under their own
    names when no keywords are configured), each fitted to its keyword's type."""
    data = data or {}
    if not keywords:
        return {name: fit(fields.get(name), value) for name, value in data.items()}
    return {keyword: fit(keyword_type(keyword), data.get(field, ""))
            for keyword, field in keywords.items()}


def merge(existing, new):
    """`new` (normalised) over `existing`, channel by channel: setting the citizens' template of a
    key keeps its lawyers' one."""
    merged = {key: dict(value) for key, value in (existing or {}).items()}
    for key, value in new.items():
        merged.setdefault(key, {}).update(value)
    return merged


def fitted(template_key, channel, data):
    """`data` with each of the kind's fields fitted to its keyword type (truncated with care,
    never refused); a key that is not a kind is left as it is."""
    found = kind(template_key, channel)
    if found is None or not data:
        return data
    return {name: fit(found.types[name], value) if name in found.types else value
            for name, value in data.items()}
