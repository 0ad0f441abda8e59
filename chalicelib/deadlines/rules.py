"""The statutory time limits of each application type, as data, each with the article behind it.

docs/deadlines.md quotes the articles and explains each reading (notably why legal aid counts
calendar days while reconsideration and notarization count working days).
"""
from dataclasses import dataclass
from typing import Optional

CALENDAR_DAYS, WORKING_DAYS = "calendar_days", "working_days"
STAFF, CITIZEN = "staff", "citizen"

# What a request for supplements does to a running clock.
PAUSE = "pause"  # time spent waiting for the citizen is not counted; counting resumes on receipt
RESTART = "restart"  # a full new period runs from the receipt of the supplement
RUN = "run"  # supplements do not affect this clock


@dataclass(frozen=True)
class Rule:
    name: str
    length: Optional[int]  # None: the statute sets no period; staff set the due date
    unit: Optional[str]
    owed_by: str
    on_supplement: str
    basis: str
    label: str  # shown to staff and citizens
    on_lapse: Optional[str] = None  # what the law makes of a missed due date, if anything
    extendable: bool = False  # the office may grant longer than the statutory period


LEGAL_AID, RECONSIDERATION, NOTARIZATION, MEDIATION = (
    "legal_aid", "reconsideration", "notarization", "mediation")

RULES = {
    LEGAL_AID: {
        # 法律援助法 art. 43 para 1: "自收到法律援助申请之日起七日内" — 七日, not 工作日.
        "decide": Rule("decide", 7, CALENDAR_DAYS, STAFF, PAUSE,
                       "法律援助法第四十三条第一款", "作出是否给予法律援助的决定"),
        # art. 43 para 1: "自作出决定之日起三日内指派"; the clock starts on the decision date.
        "assign_lawyer": Rule("assign_lawyer", 3, CALENDAR_DAYS, STAFF, RUN,
                              "法律援助法第四十三条第一款", "指派法律援助人员"),
        # art. 43 para 2: no period in the statute; "未按要求补充材料…视为撤回申请".
        "supplement": Rule("supplement", None, None, CITIZEN, RUN,
                           "法律援助法第四十三条第二款", "补充材料或者作出说明",
                           on_lapse="withdrawn"),
    },
    RECONSIDERATION: {
        # 行政复议法 art. 30 para 1 "五日内进行审查"; art. 88 para 2 makes 五日 working days;
        # art. 31 para 3: on receipt of the corrections the office examines again "依照第三十条".
        "examine": Rule("examine", 5, WORKING_DAYS, STAFF, RESTART,
                        "行政复议法第三十条、第三十一条第三款、第八十八条第二款",
                        "审查并决定是否受理", on_lapse="deemed_accepted"),
        # art. 31 para 2: "自收到补正通知之日起十日内"; the office may extend for good cause.
        "supplement": Rule("supplement", 10, WORKING_DAYS, CITIZEN, RUN,
                           "行政复议法第三十一条第二款、第八十八条第二款", "提交补正材料",
                           on_lapse="abandoned", extendable=True),
    },
    NOTARIZATION: {
        # 公证法 art. 30: "十五个工作日内…补充证明材料…所需时间不计算在期限内".
        "certify": Rule("certify", 15, WORKING_DAYS, STAFF, PAUSE,
                        "公证法第三十条", "出具公证书"),
        # No period in 公证法; a refusal to supplement is a ground to decline (art. 31 (6)).
        "supplement": Rule("supplement", None, None, CITIZEN, RUN,
                           "公证法第三十条、第三十一条第（六）项", "补充证明材料"),
    },
    # 人民调解法 sets the committee no time limit (art. 33's 30 days bind the parties, not us).
    MEDIATION: {},
}

# "一次性告知" (法律援助法 art. 43 para 2), "一次性载明" (行政复议法 art. 31 para 1): every missing
# item goes into one notice; a second request for the same application is not allowed.
SINGLE_SUPPLEMENT_NOTICE = frozenset({LEGAL_AID, RECONSIDERATION})

# 法律援助法 art. 44 (一): "距法定时效或者期限届满不足七日" allows aid before the review ends.
FAST_TRACK_DAYS = 7


def rule(application_type, name):
    """The rule, or KeyError naming what is missing (a typo here must not pass silently)."""
    try:
        return RULES[application_type][name]
    except KeyError:
        raise KeyError(f"no deadline rule {name!r} for {application_type!r}") from None


def may_request_supplement(application_type, notices_sent):
    return notices_sent == 0 or application_type not in SINGLE_SUPPLEMENT_NOTICE
