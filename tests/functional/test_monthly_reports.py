"""When a month ends the sweep writes each bureau's MonthlyReport once (through the DUE index, one
due key a month), and the public pages show the promise: a bureau's month and a region's bureaus."""
import json
from datetime import datetime, timedelta, timezone

from chalicelib.db import reports as db
from chalicelib.reports import monthly
from chalicelib.routes.jobs import run_sweep
from tests.functional.reports_support import A, B, MARCH_20, ask, bureau, site  # noqa: F401

MONTH_END = datetime(2026, 3, 31, 16, 30, tzinfo=timezone.utc)  # 1 April 00:30 China time


def given_march_questions():
    ask("ZXA1", A, MARCH_20, 40, rating=4)
    ask("ZXA2", A, MARCH_20 + timedelta(hours=1), 700)
    ask("ZXA3", A, datetime(2026, 3, 31, 15, 55, tzinfo=timezone.utc), None)  # 23:55 China, never answered
    ask("ZXB1", B, MARCH_20, 20, rating=5, question="大余的秘密问题")


def start_jobs(now):
    for code in (A, B):
        assert db.start_job(monthly.new_job(code, now))


def test_the_sweep_writes_each_bureaus_report_once_when_the_month_has_ended(site):
    given_march_questions()
    start_jobs(MARCH_20)
    # When the sweep runs a minute before the report is due, nothing is written
    run_sweep(MONTH_END - timedelta(minutes=1))
    assert db.report(A, "2026-03") is None
    # When it runs at the due minute
    report = run_sweep(MONTH_END)
    # Then each bureau has its March report and its job waits for the end of April
    assert report["handled"] == {"ReportJob": 2}
    march = db.report(A, "2026-03")
    assert (march.questions, march.decided, march.within_sla, march.ratings) == (3, 3, 1, 1)
    assert march.bureau_name == "信丰县司法局" and sum(march.histogram) == 2
    job = db.report_job(A)
    assert (job.month, job.due_at, job.done) == ("2026-04", "2026-04-30T16:30:00Z", 1)
    # And a second sweep of the same minute does nothing more
    assert run_sweep(MONTH_END)["handled"] == {}


def test_a_sweep_that_died_after_writing_the_report_moves_the_job_without_writing_it_again(site):
    # Given March's report was written by a sweep that died before moving the job (at-least-once)
    given_march_questions()
    start_jobs(MARCH_20)
    job = db.report_job(A)
    first = monthly.run_job(job, MONTH_END, 600, advance=lambda *args: None)
    assert first == "2026-03"
    written_at = db.report(A, "2026-03").written_at
    # And a late answer changes the live figures
    ask("ZXA3", A, datetime(2026, 3, 31, 15, 55, tzinfo=timezone.utc), 1900)
    # When the sweep runs again later
    run_sweep(MONTH_END + timedelta(minutes=5))
    # Then the report is the one written first, and the job has moved on
    assert db.report(A, "2026-03").written_at == written_at
    assert db.report_job(A).month == "2026-04"


def test_the_public_page_shows_a_bureaus_month_without_any_personal_data(site):
    given_march_questions()
    # When anyone opens 信丰's service figures of March while March runs (live)
    body = site.json("/api/bureaus/360722/service?month=2026-03")
    assert (body["source"], body["questions"], body["answered"]) == ("live", 2, 2)
    assert body["first_response_median_seconds"] == 60 and body["within_10min_share"] == 0.5
    assert body["satisfaction"] == 4.0 and body["promise_minutes"] == 10
    # And after the month ends and its report is written, from the report
    start_jobs(MARCH_20)
    site.clock.instant = MONTH_END
    run_sweep(MONTH_END)
    body = site.json("/api/bureaus/360722/service?month=2026-03")
    assert (body["source"], body["questions"], body["within_10min_share"]) == ("report", 3, round(1 / 3, 4))
    page = site.get("/h5/bureaus/360722/service?month=2026-03").body.decode()
    assert "信丰县司法局" in page and "33.3%" in page
    for private in ("oCitizen", "工资被拖欠", "ZXA1", "大余的秘密问题"):
        assert private not in page and private not in json.dumps(body, ensure_ascii=False)


def test_an_unknown_bureau_or_a_future_month_is_refused(site):
    assert site.get("/api/bureaus/999999/service").status_code == 404
    assert site.get("/api/bureaus/36072/service").status_code == 400
    assert site.get("/api/bureaus/360722/service?month=2026-05").status_code == 400
    assert site.get("/h5/bureaus/999999/service").status_code == 404


def test_the_province_view_adds_up_the_bureaus_reports_and_a_city_sees_only_its_own(site):
    # Given March's reports of 信丰, 大余 and a county of another city (南昌县 360121)
    bureau("360121", "南昌县司法局", "南昌县")
    given_march_questions()
    ask("ZXN1", "360121", MARCH_20, 100)
    start_jobs(MARCH_20)
    db.start_job(monthly.new_job("360121", MARCH_20))
    site.clock.instant = MONTH_END + timedelta(days=1)
    run_sweep(MONTH_END)
    # When the province's figures of March are asked for
    province = site.json("/api/regions/36/service?month=2026-03")
    # Then all three bureaus are there and their histograms add up
    assert [b["code"] for b in province["bureaus"]] == ["360121", A, B]
    assert province["total"]["questions"] == 5 and province["total"]["first_response_median_seconds"] == 60
    # And 赣州 (3607) sees its two counties only; the default month is the last ended one
    city = site.json("/api/regions/3607/service")
    assert (city["month"], [b["code"] for b in city["bureaus"]]) == ("2026-03", [A, B])
    region_page = site.get("/h5/regions/3607/service").body.decode()
    assert "信丰" in region_page and "主办" not in region_page  # the view speaks for no one bureau
    assert "大余县司法局 主办" in site.get("/h5/bureaus/360723/service?month=2026-03").body.decode()
    # And the current month is refused: a region sees ended months only
    assert site.get("/api/regions/36/service?month=2026-04").status_code == 400


def test_city_bureau_staff_see_the_aggregates_of_the_bureaus_under_them_and_no_case(site):
    bureau("360700", "赣州市司法局", "赣州", level="city")
    given_march_questions()
    start_jobs(MARCH_20)
    site.clock.instant = MONTH_END + timedelta(days=1)
    run_sweep(MONTH_END)
    site.login("gz-1", "360700")
    body = site.json("/api/staff/dashboard", "gz-1")
    assert body["summary"]["questions"] == 0  # the city bureau asked nothing itself
    assert [b["code"] for b in body["region"]["bureaus"]] == [A, B]
    text = json.dumps(body, ensure_ascii=False) + site.get("/h5/staff/dashboard", "gz-1").body.decode()
    assert "ZXA1" not in text and "大余的秘密问题" not in text and "辖区各司法局" in text
