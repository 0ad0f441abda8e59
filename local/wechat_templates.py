"""The templates the local WeChat stand-in says each account has, as WeChat lists them: template
messages (`/cgi-bin/template/get_all_private_template`) and subscribe notifications
(`/wxaapi/newtmpl/gettemplate`). Titles and contents are like those of WeChat's public template
library for government services; `local/wechat-templates.json` maps the platform's notice kinds onto
them (`python -m chalicelib.admin.bureaus templates --code 360722 < local/wechat-templates.json`).

One template is deliberately unusable (a `date` where a time is needed, no subject field), so
`make wechat-templates` has something to say about it.
"""

PRIVATE_TEMPLATES = [
    {"template_id": "zst-local-tmpl-new-question", "title": "新咨询待解答通知",
     "primary_industry": "政府相关", "deputy_industry": "公共服务",
     "content": "咨询编号：{{character_string1.DATA}}\n咨询类别：{{thing2.DATA}}\n"
                "咨询内容：{{thing3.DATA}}\n推送时间：{{time4.DATA}}",
     "example": "咨询编号：ZX20261202-X30XAC\n咨询类别：劳动争议\n咨询内容：老板拖欠三个月工资不发怎么办\n"
                "推送时间：2026年12月2日 06:15"},
    {"template_id": "zst-local-tmpl-consult-state", "title": "咨询状态变更通知",
     "primary_industry": "政府相关", "deputy_industry": "公共服务",
     "content": "咨询编号：{{character_string1.DATA}}\n咨询类别：{{thing2.DATA}}\n"
                "状态说明：{{thing3.DATA}}\n变更时间：{{time4.DATA}}",
     "example": "咨询编号：ZX20261202-X30XAC\n咨询类别：劳动争议\n状态说明：您的回答被选为中标回答\n"
                "变更时间：2026年12月2日 06:15"},
    {"template_id": "zst-local-tmpl-deadline", "title": "办事期限提醒",
     "primary_industry": "政府相关", "deputy_industry": "公共服务",
     "content": "办理事项：{{thing1.DATA}}\n申请编号：{{character_string2.DATA}}\n"
                "提醒内容：{{thing3.DATA}}\n提醒时间：{{time4.DATA}}",
     "example": "办理事项：法律援助\n申请编号：SQ20261202-7K3QDM\n提醒内容：申请须在12月5日前受理\n"
                "提醒时间：2026年12月2日 06:15"},
    {"template_id": "zst-local-tmpl-commission", "title": "委托状态通知",
     "primary_industry": "政府相关", "deputy_industry": "公共服务",
     "content": "委托编号：{{character_string1.DATA}}\n服务项目：{{thing2.DATA}}\n"
                "状态说明：{{thing3.DATA}}\n通知时间：{{time4.DATA}}",
     "example": "委托编号：WT20261202-4K7QZP\n服务项目：劳动仲裁代理\n状态说明：新的委托，请查看并报价\n"
                "通知时间：2026年12月2日 06:15"},
    {"template_id": "zst-local-tmpl-lawyer-account", "title": "律师账户通知",
     "primary_industry": "政府相关", "deputy_industry": "公共服务",
     "content": "业务编号：{{character_string1.DATA}}\n律师姓名：{{thing2.DATA}}\n"
                "通知内容：{{thing3.DATA}}\n通知时间：{{time4.DATA}}",
     "example": "业务编号：L36072220261234567\n律师姓名：张明\n通知内容：律师登记已通过审核，可以接单了\n"
                "通知时间：2026年12月2日 06:15"},
    {"template_id": "zst-local-tmpl-meeting", "title": "会议提醒",
     "primary_industry": "政府相关", "deputy_industry": "公共服务",
     "content": "会议名称：{{thing1.DATA}}\n会议日期：{{date2.DATA}}",
     "example": "会议名称：普法工作例会\n会议日期：2026年12月8日"},
]

SUBSCRIBE_TEMPLATES = [
    {"priTmplId": "zst-local-sub-consultation", "title": "咨询回复通知", "type": 3,
     "content": "咨询编号:{{character_string1.DATA}}\n处理状态:{{phrase2.DATA}}\n"
                "温馨提示:{{thing3.DATA}}\n更新时间:{{time4.DATA}}\n",
     "example": "咨询编号:ZX20261202-X30XAC\n处理状态:已有解答\n温馨提示:已有律师解答，更多解答陆续到来\n"
                "更新时间:2026年12月2日 06:15\n"},
    {"priTmplId": "zst-local-sub-application", "title": "办事进度通知", "type": 3,
     "content": "办理事项:{{thing1.DATA}}\n办理状态:{{phrase2.DATA}}\n进度说明:{{thing3.DATA}}\n"
                "更新时间:{{time4.DATA}}\n",
     "example": "办理事项:法律援助\n办理状态:已受理\n进度说明:您的申请已受理\n更新时间:2026年12月2日 06:15\n"},
    {"priTmplId": "zst-local-sub-commission", "title": "委托进度通知", "type": 3,
     "content": "委托编号:{{character_string1.DATA}}\n委托状态:{{phrase2.DATA}}\n更新时间:{{time3.DATA}}\n",
     "example": "委托编号:WT20261202-4K7QZP\n委托状态:律师已接受\n更新时间:2026年12月2日 06:15\n"},
    {"priTmplId": "zst-local-sub-privacy", "title": "个人信息处理结果通知", "type": 3,
     "content": "处理状态:{{phrase1.DATA}}\n处理说明:{{thing2.DATA}}\n处理时间:{{time3.DATA}}\n",
     "example": "处理状态:已处理\n处理说明:个人信息删除请求已处理完毕\n处理时间:2026年12月2日 06:15\n"},
]
