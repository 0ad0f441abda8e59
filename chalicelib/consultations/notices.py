"""The messages consultations send, built as outbox records (written by the caller in the same
transaction as the change that causes them). Idempotency keys name the event, so a retried change
can never queue a second message: a citizen hears of the first answer once and of the close once."""
from chalicelib import outbox
from chalicelib.consultations.privacy import mask_personal_data
from chalicelib.humantime import notice_time


def _excerpt(text, length=20):
    text = " ".join((text or "").split())
    return text if len(text) <= length else text[:length - 1] + "…"


def lawyer_url(ctx, c):
    """The lawyer's workbench opened on this consultation: where a lawyer answers and replies."""
    return ctx.url(f"/h5/lawyer?consultation={c.id}")


def citizen_url(ctx, c):
    """The citizen's page of this consultation: answers, 追问, 中标 and rating."""
    return ctx.url(f"/h5/consultations/{c.id}")


def bureau_of(ctx, c):
    """The bureau a notice about `c` belongs to: the consultation's own, else the context's (a
    consultation written without one is the default bureau's)."""
    return getattr(c, "bureau", None) or ctx.bureau or None


def _to_lawyer(ctx, key, openid, c, template_key, note, url=None, account=None):
    """`account` is the account of the lawyer's openid (`Lawyer.openid_account`); absent: a lawyer
    bound before issue 10, on the default bureau's account."""
    if not openid:  # a lawyer without a bound WeChat account reads the workbench instead
        return None
    return outbox.notification(
        idempotency_key=key, audience="lawyer", to_openid=openid, template_key=template_key,
        now=ctx.now, url=url or lawyer_url(ctx, c), bureau=bureau_of(ctx, c), account=account,
        data={"consultation": c.id, "category": ctx.category_name(c.category), "note": _excerpt(note),
              "time": notice_time(ctx.now)})


# What a citizen's subscribe message says in its status field, by kind (never the kind's code).
# A `phrase` keyword: at most 5 Chinese characters (WeChat's limit).
CITIZEN_STATUS = {
    "consultation_answered": "已有解答", "consultation_answers_complete": "待选中标",
    "consultation_award_reminder": "待选中标", "consultation_closed": "咨询结束",
    "consultation_refused": "未能受理", "consultation_followup": "律师回复",
}


def _to_citizen(ctx, key, c, template_key, text, note, link_label="查看咨询详情"):
    """`text` is the customer-service message; `note` the subscribe message's short line (WeChat
    cuts a thing field at 20 characters, so it leaves out the number, which has a field of its own)."""
    return outbox.notification(
        idempotency_key=key, audience="citizen", to_openid=c.openid, template_key=template_key,
        now=ctx.now, url=citizen_url(ctx, c), text=text, link_label=link_label,
        bureau=bureau_of(ctx, c),
        data={"consultation": c.id, "status": CITIZEN_STATUS[template_key], "note": _excerpt(note),
              "time": notice_time(ctx.now)})


def dispatched(ctx, c, lawyer, question_view):
    return _to_lawyer(ctx, f"cons:{c.id}:dispatch:{lawyer.lawyer_id}", lawyer.openid, c,
                      "consultation_dispatched", f"新咨询：{question_view}",
                      account=getattr(lawyer, "openid_account", None))


def lawyer_reminder(ctx, c, dispatch):
    return _to_lawyer(ctx, f"cons:{c.id}:remind:{dispatch.lawyer_id}", dispatch.lawyer_openid, c,
                      "consultation_reminder",
                      f"市民仍在等待解答：{mask_personal_data(dispatch.question) if dispatch.masked else dispatch.question}",
                      account=getattr(dispatch, "lawyer_openid_account", None))


def answering_closed_for_lawyer(ctx, c, dispatch):
    return _to_lawyer(ctx, f"cons:{c.id}:closed:{dispatch.lawyer_id}", dispatch.lawyer_openid, c,
                      "consultation_closed", "该咨询已停止接收回答，感谢您的关注",
                      account=getattr(dispatch, "lawyer_openid_account", None))


def awarded_to_lawyer(ctx, c, lawyer):
    return _to_lawyer(ctx, f"cons:{c.id}:awarded", lawyer.openid, c, "consultation_awarded",
                      "您的回答被选为中标回答", account=getattr(lawyer, "openid_account", None))


def followup_to_lawyer(ctx, c, openid, followup, masked, account=None):
    body = mask_personal_data(followup.body) if masked else followup.body
    return _to_lawyer(ctx, f"cons:{c.id}:fu:{followup.followup_id}", openid, c,
                      "consultation_followup", f"市民追问：{body}", account=account)


def first_answer(ctx, c):
    return _to_citizen(ctx, f"cons:{c.id}:first-answer", c, "consultation_answered",
                       f"您的法律咨询（{c.id}）已有律师解答。更多律师的解答会陆续到来。",
                       "已有律师解答，更多解答陆续到来", link_label="点击查看律师解答")


def answers_closed(ctx, c):
    return _to_citizen(ctx, f"cons:{c.id}:answers-closed", c, "consultation_answers_complete",
                       f"您的法律咨询（{c.id}）已收到 {c.answer_count} 位律师的解答，请查看并选择最满意的一条作为中标回答。",
                       f"已收到 {c.answer_count} 位律师解答，请选择中标回答",
                       link_label="查看解答并选择中标回答")


def award_reminder(ctx, c):
    return _to_citizen(ctx, f"cons:{c.id}:award-reminder", c, "consultation_award_reminder",
                       f"您的法律咨询（{c.id}）还没有选择中标回答，请查看律师的解答并选择最满意的一条。",
                       "请查看解答并选择中标回答", link_label="查看解答并选择中标回答")


def auto_closed(ctx, c, awarded):
    text = (f"您的法律咨询（{c.id}）已满 {ctx.policy.auto_close_days:g} 天，"
            + ("系统已按规则选定中标回答，咨询已结束。" if awarded else "咨询已结束。") + "如有新问题欢迎再次咨询。")
    note = "已按规则选定中标回答，咨询已结束" if awarded else "咨询已满期限，已结束"
    return _to_citizen(ctx, f"cons:{c.id}:auto-closed", c, "consultation_closed", text, note)


def refused_daily_limit(ctx, c):
    return _to_citizen(ctx, f"cons:{c.id}:refused", c, "consultation_refused",
                       f"您今天已提交 {ctx.policy.daily_limit} 次法律咨询，达到每日上限，本次咨询（{c.id}）未能受理。"
                       "请明天再来；紧急情况可拨打 12348 公共法律服务热线。",
                       "今日咨询已达上限，请明天再来")


def followup_to_citizen(ctx, c, followup):
    return _to_citizen(ctx, f"cons:{c.id}:fu:{followup.followup_id}", c, "consultation_followup",
                       f"律师回复了您的追问（{c.id}）：{_excerpt(followup.body, 60)}",
                       f"律师回复：{followup.body}", link_label="查看回复")


def staff_alerts(ctx, c):
    """Staff on duty: a consultation still has no answer close to the SLA."""
    return [outbox.notification(
        idempotency_key=f"cons:{c.id}:staff-alert:{openid}", audience="staff", to_openid=openid,
        template_key="consultation_unanswered", now=ctx.now, bureau=bureau_of(ctx, c),
        url=ctx.url(f"/h5/staff/consultations/{c.id}"),
        data={"consultation": c.id, "category": ctx.category_name(c.category),
              "note": f"{ctx.policy.staff_alert_minutes:g} 分钟仍无律师解答",
              "time": notice_time(ctx.now)})
        for openid in ctx.staff_openids(bureau_of(ctx, c))]
