"""Every notice the platform can send, built with literal inputs: each links to the page that acts on
it, and each shows Beijing time in the house form, never the UTC text the table stores."""
from datetime import date
from types import SimpleNamespace

from chalicelib.applications import lifecycle, reminders
from chalicelib.clock import parse_instant
from chalicelib.consultations import notices
from chalicelib.consultations.context import Ctx
from chalicelib.db.consultations import Consultation
from chalicelib.humantime import day_text, moment_text, visit_text
from tests.notice_checks import assert_people_can_read, problems

# 22:15 UTC on Dec 1 is 06:15 on Dec 2 in Beijing: the case the issue met.
NOW = parse_instant("2026-12-01T22:15:28Z")
BASE = "https://zst.example"
CATEGORY = SimpleNamespace(code="labor", name="劳动争议", payout_fen=None)


def ctx():
    return Ctx(now=NOW, public_base_url=BASE, load_categories=lambda: [CATEGORY],
               staff_openids=lambda bureau=None: ["oStaff"])


def consultation(**fields):
    return Consultation(**{"id": "ZX20261202-X30XAC", "openid": "oCitizen", "category": "labor",
                           "question": "老板拖欠三个月工资不发怎么办", "source": "h5", "county": "360722",
                           "status": "answering", "created_at": "2026-12-01T22:00:00Z",
                           "answer_count": 3, **fields})


def every_consultation_notice():
    c, context = consultation(), ctx()
    lawyer = SimpleNamespace(lawyer_id="L1", openid="oLawyer")
    dispatch = SimpleNamespace(lawyer_id="L1", lawyer_openid="oLawyer", question=c.question,
                               masked=True)
    followup = SimpleNamespace(followup_id="f1", body="请问需要准备哪些证据？")
    return [
        notices.dispatched(context, c, lawyer, c.question),
        notices.lawyer_reminder(context, c, dispatch),
        notices.answering_closed_for_lawyer(context, c, dispatch),
        notices.awarded_to_lawyer(context, c, lawyer),
        notices.followup_to_lawyer(context, c, "oLawyer", followup, masked=True),
        notices.first_answer(context, c),
        notices.answers_closed(context, c),
        notices.award_reminder(context, c),
        notices.auto_closed(context, c, awarded=True),
        notices.refused_daily_limit(context, c),
        notices.followup_to_citizen(context, c, followup),
        *notices.staff_alerts(context, c),
    ]


class Catalog:
    def __call__(self):
        return [SimpleNamespace(service_type="legal_aid", name="法律援助")]


def every_application_notice():
    app = SimpleNamespace(application_id="SQ20261202-7K3QDM", openid="oCitizen",
                          service_type="legal_aid", status="accepted")
    context = lifecycle.Context(NOW, calendar=None, catalog=Catalog(), public_base_url=BASE,
                                staff_openids=lambda bureau=None: ["oStaff"])
    return [lifecycle.citizen_note(context, app, "app:1:accept", "您的申请已受理。"),
            *reminders.staff_notes(context, app, "reminder:1", "申请须在 12月5日 前受理")]


def test_every_notice_links_to_the_page_that_acts_on_it_and_shows_no_machine_time():
    # Given every kind of notice consultations and applications send, at 22:15 UTC on Dec 1
    notes = every_consultation_notice() + every_application_notice()
    # Then each links to its acting page, shows no ISO time, and a citizen's text has a link
    assert_people_can_read(notes)
    assert {n.audience for n in notes} == {"lawyer", "citizen", "staff"}


def test_a_notice_shows_the_time_as_beijing_time_in_the_house_form():
    # Given a lawyer's notice at 22:15:28 UTC on Dec 1
    note = every_consultation_notice()[0]
    # Then the time reads 06:15 on Dec 2 (Beijing), with its year: WeChat's time keyword wants it
    assert note.payload["data"]["time"] == "2026年12月2日 06:15"
    assert note.payload["url"] == f"{BASE}/h5/lawyer?consultation=ZX20261202-X30XAC"


def test_the_citizens_first_answer_notice_has_a_link_to_tap():
    # Given the citizen's "a lawyer has answered" message
    note = notices.first_answer(ctx(), consultation())
    # Then its text ends with a link to the consultation's page
    assert note.channel == "custom"
    assert note.payload["text"].endswith(
        f'<a href="{BASE}/h5/consultations/ZX20261202-X30XAC">点击查看律师解答</a>')


def test_the_check_catches_a_notice_with_utc_time_or_without_a_link():
    # Given a notice as it was built before: a UTC machine time and no link in the text
    note = notices.first_answer(ctx(), consultation())
    note.payload = {"text": "已有律师解答，点击查看", "data": {"time": "2026-12-01T22:15:28Z"},
                    "url": note.payload["url"]}
    # Then the check names both problems
    found = problems(note)
    assert any("machine time" in p for p in found) and any("no link" in p for p in found)


def test_times_and_days_carry_the_year_only_when_it_is_not_this_year():
    assert moment_text(NOW, NOW) == "12月2日 06:15"
    assert moment_text(NOW, parse_instant("2027-01-03T00:00:00Z")) == "2026年12月2日 06:15"
    assert day_text(date(2026, 12, 5), date(2026, 12, 2)) == "12月5日"
    assert day_text("2027-01-04", date(2026, 12, 2)) == "2027年1月4日"
    assert visit_text("2026-12-04", "09:30", date(2026, 12, 2)) == "12月4日（星期五）09:30"


def test_a_bureau_b_consultations_notices_come_from_bs_account_and_the_lawyers_from_theirs():
    # Given a consultation asked at bureau 360723, a lawyer bound on the lawyers' account and a
    # lawyer bound before issue 10 (no openid_account)
    c, context = consultation(bureau="360723"), ctx()
    bound = SimpleNamespace(lawyer_id="L1", openid="oL1", openid_account="lawyers")
    legacy = SimpleNamespace(lawyer_id="L2", openid="oL2")
    dispatch = SimpleNamespace(lawyer_id="L1", lawyer_openid="oL1", lawyer_openid_account="lawyers",
                               question=c.question, masked=False)
    followup = SimpleNamespace(followup_id="f1", body="请问需要准备哪些证据？")
    # Then the citizen's notices and the staff alerts are sent by 360723's account
    assert {n.account for n in (notices.first_answer(context, c), notices.auto_closed(context, c, True),
                                *notices.staff_alerts(context, c))} == {"360723"}
    # and each lawyer hears from the account of their own openid
    assert [n.account for n in (
        notices.dispatched(context, c, bound, c.question), notices.awarded_to_lawyer(context, c, bound),
        notices.lawyer_reminder(context, c, dispatch), notices.answering_closed_for_lawyer(context, c, dispatch),
        notices.followup_to_lawyer(context, c, "oL1", followup, False, account="lawyers"))] == ["lawyers"] * 5
    assert notices.dispatched(context, c, legacy, c.question).account is None  # the default bureau's


# -- every kind fits WeChat's value limits, whatever its inputs (issue 11) ----------------------------

LONG = "公司拖欠我三个月工资一共九千元还把我辞退了" * 20  # 420 characters


def every_notice_with_long_inputs():
    category = SimpleNamespace(code="labor", name="劳动争议与社会保险及工伤认定纠纷（含劳务派遣、非全日制用工）",
                               payout_fen=None)
    context = Ctx(now=NOW, public_base_url=BASE, load_categories=lambda: [category],
                  staff_openids=lambda bureau=None: ["oStaff"])
    c = consultation(bureau="360723", question=LONG, answer_count=123456)
    lawyer = SimpleNamespace(lawyer_id="L1", openid="oLawyer", openid_account="lawyers")
    dispatch = SimpleNamespace(lawyer_id="L1", lawyer_openid="oLawyer", question=LONG, masked=False)
    followup = SimpleNamespace(followup_id="f1", body=LONG)
    notes = [notices.dispatched(context, c, lawyer, LONG), notices.lawyer_reminder(context, c, dispatch),
             notices.answering_closed_for_lawyer(context, c, dispatch),
             notices.awarded_to_lawyer(context, c, lawyer),
             notices.followup_to_lawyer(context, c, "oLawyer", followup, masked=False),
             notices.first_answer(context, c), notices.answers_closed(context, c),
             notices.award_reminder(context, c), notices.auto_closed(context, c, awarded=False),
             notices.refused_daily_limit(context, c), notices.followup_to_citizen(context, c, followup),
             *notices.staff_alerts(context, c)]
    app = SimpleNamespace(application_id="SQ20261202-7K3QDM", openid="oCitizen", bureau="360723",
                          service_type="legal_aid", status="supplement_requested")
    catalog = lambda: [SimpleNamespace(service_type="legal_aid", name="法律援助（刑事案件、民事案件、行政案件及国家赔偿）")]
    apps = lifecycle.Context(NOW, calendar=None, catalog=catalog, public_base_url=BASE,
                             staff_openids=lambda bureau=None: ["oStaff"])
    from chalicelib.privacy import requests as privacy

    request = SimpleNamespace(request_id="r1", openid="oCitizen", bureau="360723",
                              created_at="2026-12-01T01:00:00Z")
    from chalicelib.commissions import notices as commission

    env = SimpleNamespace(now=NOW, url=lambda path: BASE + path)
    c = SimpleNamespace(id="WT20261202-4K7QZP", service="劳动仲裁代理" * 5, summary=LONG, declines=0,
                        bureau="360723", openid="oCitizen")
    commissions = [commission.to_lawyer(env, c, kind, "L1", "oLawyer") for kind in commission.LAWYER_NOTES]
    commissions += [commission.to_citizen(env, c, kind, lawyer="张" * 30, firm=LONG, fee=LONG)
                    for kind in commission.CITIZEN_TEXTS]
    from chalicelib.roster import assessment, join_review

    person = SimpleNamespace(lawyer_id="L36072220261234567", name="张" * 30, openid="oLawyer",
                             openid_account="lawyers", assessment_due="2027-01-05")
    joined = SimpleNamespace(request_id="J1", name="张" * 30, openid="oLawyer", account="lawyers", reason=LONG)
    lawyers_own = [assessment.notice(person, step, NOW, BASE) for step in ("reminded_30", "lapsed")]
    lawyers_own += [join_review._notice(joined, state, NOW, BASE) for state in ("approved", "refused")]
    from chalicelib.guides import push

    topic = SimpleNamespace(topic_id="20261202-0123456789ab", title=LONG, body=LONG)
    lawyers_own.append(push.notice("360723", topic, NOW, BASE))  # 热点普法 to every follower (issue 13)
    return notes + commissions + lawyers_own + [lifecycle.citizen_note(apps, app, "app:1:supplement", LONG),
                                  *reminders.staff_notes(apps, app, "reminder:1", LONG),
                                  privacy.notice(request, NOW, BASE + privacy.PAGE)]


def test_every_notice_kind_fits_wechats_value_limits_with_long_inputs_truncated_not_refused():
    from chalicelib import notice_kinds
    from chalicelib.wechat.keywords import TIME_FORMS, fits

    notes = every_notice_with_long_inputs()
    # Given every kind the platform sends, built from inputs far over WeChat's limits
    built = {(n.template_key, notice_kinds.CHANNEL_OF[n.audience]) for n in notes}
    assert built == set(notice_kinds.BY_KEY), set(notice_kinds.BY_KEY) - built
    for note in notes:
        found = notice_kinds.kind(note.template_key, notice_kinds.CHANNEL_OF[note.audience])
        data = note.payload["data"]
        for field, kind in found.fields:
            # Then each field is what its keyword type accepts…
            assert fits(kind, data[field]), (note.idempotency_key, field, data[field])
        # …a note made of the long text is cut to 20 characters, ending with an ellipsis, not refused
        assert len(data.get("note", "")) <= 20
        if LONG[:4] in data.get("note", ""):
            assert len(data["note"]) == 20 and data["note"].endswith("…"), data["note"]
        assert TIME_FORMS.match(data["time"]) and data["time"] == "2026年12月2日 06:15"
        if "category" in data:
            assert len(data["category"]) == 20 and data["category"].endswith("…")
        if "service" in data:
            assert len(data["service"]) <= 20
        if "status" in data:
            assert 1 <= len(data["status"]) <= 5
    # And the pages of the 大余 case open signed in on 大余's account; a lawyer's on the lawyers'
    assert {n.payload["url"].endswith("?bureau=360723") for n in notes if n.audience != "lawyer"} == {True}
    assert all("bureau=" not in n.payload["url"] for n in notes if n.audience == "lawyer")
    assert_people_can_read(notes)


def test_keyword_values_are_cut_with_care():
    from chalicelib.wechat.keywords import fit

    assert fit("thing", "一二三四五六七八九十一二三四五六七八九十一") == "一二三四五六七八九十一二三四五六七八九…"
    assert fit("thing", "短") == "短"
    assert fit("phrase", "已有律师解答") == "已有律师解"
    assert fit("phrase", "OK已受理") == "已受理"
    assert fit("character_string", "ZX20261202-X30XAC" * 3) == ("ZX20261202-X30XAC" * 3)[:29] + "..."
    assert fit("character_string", "编号ZX1") == "ZX1"
    assert fit("number", "共 12 件") == "12"
    assert fit(None, "x" * 300) == "x" * 199 + "…"
    assert fit("thing", None) == "" and fit("thing", "a\n  b") == "a b"
