"""Citizens' authorisation of subscribe notifications (issue 11): what the H5 pages offer after
asking, after applying, beside a deletion request and on a commission's status page (WeChat's
`wx-open-subscribe` open tag), and what the citizen answered,
counted per template (one-time subscriptions: each "accept" allows one message; delivery spends them,
chalicelib/delivery.py).

Plain: the store (chalicelib/db/subscriptions.py) and the account's templates are passed in.
"""
from chalicelib import notice_kinds
from chalicelib.errors import DomainError, Invalid, NotFound

# Which notices a moment of the citizen's journey leads to (in the order they usually come).
MOMENTS = {
    "consultation": ("consultation_answered", "consultation_answers_complete",
                     "consultation_followup", "consultation_award_reminder", "consultation_closed"),
    "application": ("application_status",),
    # A deletion request's result (art. 50: the citizen is told): asked on /h5/me/privacy
    "privacy": ("privacy_request_done",),
    # A commission's status page (issue 12): while it waits for a lawyer, the news that one accepted
    # (or that nobody did, or the directed lawyer did not); once confirmed, the service's steps
    "commission": ("commission_accepted", "commission_lapsed", "commission_expired"),
    "commission_service": ("commission_started", "commission_completed"),
}
MAX_OFFERED = 3  # WeChat's subscription dialog asks for at most three templates at once


def subscribe_ids(templates, key_as_template):
    """{template key: subscribe template id} of the citizen kinds the account can send. An account
    with no templates at all, on the local stage, sends keys as ids (delivery.Policy)."""
    found = {k.key: ((templates or {}).get(k.key) or {}).get("subscribe")
             for k in notice_kinds.KINDS if k.channel == "subscribe"}
    if not templates and key_as_template:
        return {key: key for key in found}
    return {key: value for key, value in found.items() if value}


def offer(templates, key_as_template):
    """{moment: [template ids]}: what the page asks the citizen to allow at each moment."""
    ids = subscribe_ids(templates, key_as_template)
    return {moment: list(dict.fromkeys(ids[k] for k in keys if k in ids))[:MAX_OFFERED]
            for moment, keys in MOMENTS.items()}


def mine(openid, templates, key_as_template, *, remaining):
    """What the page shows: the offer, and how many notices of each template are still allowed."""
    counts = remaining(openid)
    known = dict.fromkeys(subscribe_ids(templates, key_as_template).values())
    return {"offer": offer(templates, key_as_template),
            "subscriptions": [{"template": t, "remaining": counts.get(t, 0)} for t in known]}


def record(caller, body, templates, key_as_template, *, store, now):
    """Record the citizen's answer to the open tag: `accepted` and `rejected` template ids of their
    account. Refused (400, nothing written) when an id is not one the account offers, or one is in
    both lists; a repeated `request_id` is counted once."""
    accepted, rejected = list(dict.fromkeys(body.get("accepted") or [])), \
        list(dict.fromkeys(body.get("rejected") or []))
    if not accepted and not rejected:
        raise Invalid("请至少选择一项订阅结果", code="nothing_to_record")
    if set(accepted) & set(rejected):
        raise Invalid("同一模板不能既同意又拒绝", code="template_both_ways")
    known = set(subscribe_ids(templates, key_as_template).values())
    unknown = [t for t in accepted + rejected if t not in known]
    if unknown:
        raise Invalid("订阅的通知模板不属于本公众号", code="unknown_template", details=[
            {"field": "accepted" if t in accepted else "rejected"} for t in unknown[:5]])
    fresh = store.record(caller.openid, caller.account, accepted, rejected, body["request_id"], now)
    result = mine(caller.openid, templates, key_as_template, remaining=store.remaining)
    return dict(result, recorded=fresh)


class WeChatUnavailable(DomainError):
    status, code = 503, "wechat_unavailable"


def page_config(url, caller, services):
    """The JS-SDK configuration of one of our pages (`url`, its `#…` dropped), signed for the
    caller's account, so WeChat renders the open tag there. Another site's address is refused."""
    from chalicelib.db.jsapi import TicketStore
    from chalicelib.wechat import jssdk
    from chalicelib.wechat.api import ApiError

    services.table()
    url = url.split("#")[0]
    if not url.startswith(services.settings.public_base_url.rstrip("/") + "/h5/"):
        raise Invalid("只能为本站页面签名", code="foreign_url")
    account = caller.account or services.settings.default_bureau
    config, client = services.accounts().resolve(account), services.wechat_api(account)
    if config is None or client is None:
        raise NotFound("公众号尚未配置", code="account_unconfigured")
    try:
        return jssdk.config(config.appid, url, store=TicketStore(account), client=client,
                            now=services.clock.now())
    except ApiError:  # the page still works: it shows the plain button instead of the open tag
        raise WeChatUnavailable("微信暂时无法签名，请稍后再试")
