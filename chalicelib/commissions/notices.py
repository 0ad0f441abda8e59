"""What commissions tell people, as outbox notifications (written in the transaction of the change
that causes them; delivery sends them). Idempotency keys name the commission, the step and the
person, so a repeated step queues nothing twice."""
from chalicelib import outbox
from chalicelib.consultations.privacy import mask_personal_data
from chalicelib.humantime import notice_time

# Where a person acts on a commission.
def citizen_url(env, c):
    return env.url(f"/h5/commissions/{c.id}")


def lawyer_url(env, c):
    return env.url(f"/h5/lawyer/commissions?commission={c.id}")


LAWYER_NOTES = {
    "commission_offered": "新的委托：{service}（{summary}）",
    "commission_taken": "委托已由其他律师承接",
    "commission_closed": "委托已结束（市民撤回或无人承接）",
    "commission_declined": "市民未确认您的报价，委托已转给其他律师",
    "commission_confirmed": "市民已确认委托，可查看联系方式",
}
CITIZEN_TEXTS = {
    "commission_accepted": ("律师{lawyer}（{firm}）已接受您的委托（编号 {id}），报价：{fee}。"
                            "请查看报价并确认或拒绝。", "律师已接受"),
    "commission_expired": ("很抱歉，您的委托（编号 {id}）在三天内没有律师承接，已关闭。"
                           "您可以拨打 12348 法律服务热线，到县法律援助中心咨询是否符合法律援助条件，"
                           "或在“社区律师”栏目中自行选择律师后再次委托。", "无人承接"),
    "commission_lapsed": ("您指定的律师 24 小时内未接受委托（编号 {id}）。您可以改由平台推送给本县的"
                          "其他律师。", "律师未接受"),
    "commission_started": ("律师{lawyer}已开始办理您的委托（编号 {id}，{service}）。办理中有疑问可直接"
                           "联系律师。", "服务中"),
    "commission_completed": ("律师{lawyer}已办结您的委托（编号 {id}，{service}）。欢迎为律师的服务评价，"
                             "评价计入律师的星级。", "服务已完成"),
}


def _excerpt(text, limit=20):
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def to_lawyer(env, c, kind, lawyer_id, openid, account=None):
    """A lawyer's template message about `c`; None when the lawyer has no bound openid."""
    if not openid:
        return None
    note = LAWYER_NOTES[kind].format(service=c.service, summary=_excerpt(mask_personal_data(c.summary), 12))
    return outbox.notification(
        idempotency_key=f"comm:{c.id}:{kind}:{lawyer_id}:{int(c.declines or 0)}",
        audience="lawyer", to_openid=openid, template_key=kind, now=env.now,
        url=lawyer_url(env, c), bureau=c.bureau, account=account,
        data={"commission": c.id, "service": c.service, "note": _excerpt(note),
              "time": notice_time(env.now)})


def to_citizen(env, c, kind, **fields):
    text, status = CITIZEN_TEXTS[kind]
    return outbox.notification(
        idempotency_key=f"comm:{c.id}:{kind}:{int(c.declines or 0)}", audience="citizen",
        to_openid=c.openid, template_key=kind, now=env.now, url=citizen_url(env, c),
        text=text.format(**{"id": c.id, "service": c.service, **fields}), link_label="查看委托", bureau=c.bureau,
        data={"commission": c.id, "status": status, "time": notice_time(env.now)})
