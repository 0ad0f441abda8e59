"""The staff dashboard shows the caller's own bureau: first response by day and by hour, the
10-minute share, volumes and 中标 rate by category, payouts by month, open applications with their
deadlines at risk; as JSON and as a page of server-drawn SVG charts."""
from datetime import timedelta

from tests.functional.reports_support import A, B, MARCH_20, application, ask, payout, site  # noqa: F401


def test_the_dashboard_counts_only_the_callers_bureau_and_reads_first_responses_by_day_and_hour(site):
    # Given 信丰 had three questions on 2 March (one answered late, one rated) and one from before bureaus
    morning = MARCH_20.replace(day=2, hour=1)  # 09:00 China time
    ask("ZXA1", A, morning, 90, rating=5, awarded=True)
    ask("ZXA2", A, morning + timedelta(minutes=5), 900)
    ask("ZXA3", A, morning + timedelta(hours=6), 200, category="marriage", legacy_bureau=True)
    # And 大余 had one on the same day
    ask("ZXB1", B, morning, 30)
    site.login("xf-1", A)
    # When 信丰's staff open the dashboard of March
    body = site.json("/api/staff/dashboard?month=2026-03", "xf-1")
    # Then it holds 信丰's three questions only
    summary = body["summary"]
    assert (body["bureau"], body["bureau_name"], summary["questions"]) == (A, "信丰县司法局", 3)
    assert summary["within_10min_share"] == round(2 / 3, 4) and summary["award_rate"] == round(1 / 3, 4)
    assert summary["first_response_median_seconds"] == 210 and summary["satisfaction"] == 5.0
    # And 2 March has its median; the days without a question have none
    day2 = next(d for d in body["by_day"] if d["day"] == "2026-03-02")
    assert day2["questions"] == 3 and len(body["by_day"]) == 31
    assert next(d for d in body["by_day"] if d["day"] == "2026-03-03")["first_response_median_seconds"] is None
    # And by China hour: two at 09:00, one at 15:00
    assert [(h["hour"], h["questions"]) for h in body["by_hour"] if h["questions"]] == [(9, 2), (15, 1)]
    assert {r["code"]: r["questions"] for r in body["by_category"]} == {"labor": 2, "marriage": 1}
    assert body["trend"][-1] == {"month": "2026-03", "questions": 3, "within_10min_share": round(2 / 3, 4)}


def test_payouts_by_month_and_deadlines_at_risk_are_the_bureaus_own(site):
    # Given 信丰's payout lines of January and March (the ledger before bureaus: PAYOUT#<month>)
    payout("2026-01", "ZXA0", "甲律师", 3000)
    payout("2026-03", "ZXA1", "甲律师", 5000)
    # And 信丰's open applications: one due in 2 working days, one next month; 大余's one due tomorrow
    application("SQA1", A, "submitted", "2026-03-24")
    application("SQA2", A, "accepted", "2026-04-30")
    application("SQB1", B, "submitted", "2026-03-23")
    site.login("xf-1", A)
    body = site.json("/api/staff/dashboard?month=2026-03", "xf-1")
    # Then the last 12 months' payouts end in March
    assert [(p["month"], p["total_fen"]) for p in body["payouts"] if p["total_fen"]] == \
        [("2026-01", 3000), ("2026-03", 5000)] and len(body["payouts"]) == 12
    # And the queues count 信丰's applications, one at risk
    queues = {q["status"]: q for q in body["applications"]["statuses"]}
    assert (queues["submitted"]["count"], queues["submitted"]["at_risk_ids"]) == (1, ["SQA1"])
    assert (queues["accepted"]["count"], queues["accepted"]["at_risk"]) == (1, 0)
    assert body["applications"]["until"] == "2026-03-25"  # Friday 20 March + 3 working days


def test_the_dashboard_page_draws_its_charts_as_inline_svg(site):
    ask("ZXA1", A, MARCH_20 - timedelta(days=1), 90)
    site.login("xf-1", A)
    response = site.get("/h5/staff/dashboard", "xf-1")
    assert response.status_code == 200
    page = response.body.decode()
    assert page.count("<svg class=\"zst-chart") == 7
    assert "信丰县司法局 · 本局看板" in page and "2026年3月" in page
    assert "<script" not in page.split("<main")[1].split("</main>")[0]  # charts need no script


def test_strangers_are_sent_to_sign_in_and_a_bad_month_is_refused(site):
    assert site.get("/api/staff/dashboard").status_code == 401
    assert site.get("/h5/staff/dashboard").status_code == 401  # the local sign-in form
    site.login("xf-1", A)
    for month in ("2026-13", "1999-12", "2026-04", "9999-12"):
        response = site.get(f"/api/staff/dashboard?month={month}", "xf-1")
        assert response.status_code == 400, (month, response.body)
    assert site.get("/h5/staff/dashboard?month=9999-12", "xf-1").status_code == 400


def _queries_of(site, path, staff):
    from bench.webhook import CallCounter

    counter = CallCounter()
    with counter.installed():
        body = site.json(path, staff)
    return body, counter.calls.count("Query"), len(counter.calls)


def test_ended_months_payouts_come_from_their_reports_so_a_view_reads_fewer_partitions(site):
    from chalicelib.db import reports as db
    from chalicelib.reports import monthly

    # Given 信丰's ledger: January (before bureaus) and March; and no reports written yet
    payout("2026-01", "ZXA0", "甲律师", 3000)
    payout("2026-03", "ZXA1", "甲律师", 5000)
    site.login("xf-1", A)
    live, live_queries, _ = _queries_of(site, "/api/staff/dashboard?month=2026-03", "xf-1")
    # When the sweep has reported the ended months (January's report holds its ledger; the others
    # are reports from before the ledger figures, except February)
    january = db.ReportJob(bureau=A, month="2026-01", due_at="2026-01-31T16:30:00Z")
    assert monthly.run_job(january, MARCH_20, 600, advance=lambda *args: None) == "2026-01"
    assert (db.report(A, "2026-01").ledger_lines, db.report(A, "2026-01").ledger_fen) == (1, 3000)
    db.MonthlyReport(bureau=A, month="2026-02", written_at="2026-02-28T16:30:00Z",
                     ledger_lines=0, ledger_fen=0).save()
    for month in ("2025-0%d" % m for m in range(4, 10)):
        db.MonthlyReport(bureau=A, month=month, written_at=f"{month}-28T16:30:00Z").save()
    body, queries, _ = _queries_of(site, "/api/staff/dashboard?month=2026-03", "xf-1")
    # Then the payouts are the same, and the two months with ledger figures are not queried
    assert body["payouts"] == live["payouts"]
    assert [(p["month"], p["count"], p["total_fen"]) for p in body["payouts"] if p["count"]] == \
        [("2026-01", 1, 3000), ("2026-03", 1, 5000)]
    # (each month's ledger is 2 queries for the default bureau until the contract step: its legacy
    # PAYOUT#<month> too)
    assert queries == live_queries - 2 * 2
    # And with every ended month reported, a view of March on 20 March reads 20 days, this month's
    # ledger, 5 queues, the reports, the category names and the working calendar of 3 years: 60
    # queries instead of 82, the days, ledger, queues and calendar doubled by the legacy partition of
    # the default bureau until LEGACY_READS=off
    for month in ("2025-04", "2025-05", "2025-06", "2025-07", "2025-08", "2025-09", "2025-10",
                  "2025-11", "2025-12"):
        db.MonthlyReport(bureau=A, month=month, written_at=f"{month}-28T16:30:00Z",
                         ledger_lines=0, ledger_fen=0).save()
    reported = _queries_of(site, "/api/staff/dashboard?month=2026-03", "xf-1")[1]
    assert reported == 20 * 2 + 1 * 2 + 5 * 2 + 1 + 1 + 3 * 2 == 60
    assert live_queries == 20 * 2 + 12 * 2 + 5 * 2 + 1 + 1 + 3 * 2 == 82
