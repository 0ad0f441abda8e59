"""Isolation of the dashboards and reports (design §6, items 1 and 3): A's staff see none of B's
canaries on the dashboard, JSON or page, whatever month they ask for; B's staff see their own. The
public pages show figures only, never a case. `COVERED` lists the routes this module checks, for the
completeness test over every isolation module."""
import json
from datetime import datetime, timedelta, timezone

from chalicelib.db import reports as db
from chalicelib.reports import monthly
from chalicelib.routes.jobs import run_sweep
from tests.functional.reports_support import (  # noqa: F401
    A, B, MARCH_20, application, ask, payout, site)

COVERED = {
    ("GET", "/api/staff/dashboard"),
    ("GET", "/h5/staff/dashboard"),
    ("GET", "/api/bureaus/{code}/service"),
    ("GET", "/h5/bureaus/{code}/service"),
    ("GET", "/api/regions/{prefix}/service"),
    ("GET", "/h5/regions/{prefix}/service"),
}
CANARIES = ("ZXB-CANARY", "SQB-CANARY", "oB-canary-citizen", "大余金丝雀问题", "大余金丝雀律师", "mediation")
MONTH_END = datetime(2026, 3, 31, 16, 30, tzinfo=timezone.utc)


def given_two_bureaus():
    # A: an answered labour question and an application due soon
    ask("ZXA-1", A, MARCH_20 - timedelta(days=1), 60)
    application("SQA-1", A, "submitted", "2026-03-23")
    # B: canaries in every field a dashboard could show (id, citizen, question, category, payee)
    ask("ZXB-CANARY", B, MARCH_20 - timedelta(days=1), 45, category="mediation",
        openid="oB-canary-citizen", question="大余金丝雀问题", awarded=True, rating=5)
    application("SQB-CANARY", B, "submitted", "2026-03-23", openid="oB-canary-citizen", name="大余金丝雀")
    payout("2026-03", "ZXB-CANARY", "大余金丝雀律师")  # legacy ledger partition: B's line would leak into A's totals


def assert_no_canary(text):
    for canary in CANARIES:
        assert canary not in text, canary


def test_a_staff_dashboard_holds_nothing_of_another_bureau_in_any_month(site):
    given_two_bureaus()
    site.login("xf-1", A)
    site.login("dy-1", B)
    for month in ("", "?month=2026-03", "?month=2026-02"):
        # When A's staff open their dashboard, JSON and page
        data = site.json(f"/api/staff/dashboard{month}", "xf-1")
        page = site.get(f"/h5/staff/dashboard{month}", "xf-1")
        # Then there is no canary of B
        assert page.status_code == 200
        assert_no_canary(json.dumps(data, ensure_ascii=False) + page.body.decode())
    # And the figures are A's only: one question, one application at risk
    data = site.json("/api/staff/dashboard?month=2026-03", "xf-1")
    assert data["summary"]["questions"] == 1
    assert sum(q["count"] for q in data["applications"]["statuses"]) == 1
    # And B's staff get their own data
    mine = site.json("/api/staff/dashboard?month=2026-03", "dy-1")
    assert (mine["bureau"], mine["summary"]["questions"]) == (B, 1)
    assert mine["applications"]["statuses"][0]["at_risk_ids"] == ["SQB-CANARY"]
    assert mine["by_category"][0]["code"] == "mediation"


def test_a_dashboard_takes_its_bureau_from_the_session_never_from_the_request(site):
    given_two_bureaus()
    site.login("xf-1", A)
    for sneaky in ("?bureau=360723", "?month=2026-03&bureau=360723"):
        response = site.get(f"/api/staff/dashboard{sneaky}", "xf-1")
        assert response.status_code in (200, 400)
        assert_no_canary(response.body.decode())
        page = site.get(f"/h5/staff/dashboard{sneaky}", "xf-1")
        assert_no_canary(page.body.decode())


def test_the_public_and_region_pages_show_figures_of_bureaus_and_never_a_case(site):
    given_two_bureaus()
    for code in (A, B):
        db.start_job(monthly.new_job(code, MARCH_20))
    site.clock.instant = MONTH_END + timedelta(hours=1)
    run_sweep(MONTH_END)
    for path in ("/api/bureaus/360723/service?month=2026-03", "/h5/bureaus/360723/service?month=2026-03",
                 "/api/regions/36/service?month=2026-03", "/h5/regions/36/service?month=2026-03",
                 "/api/regions/3607/service", "/h5/regions/3607/service"):
        response = site.get(path)
        assert response.status_code == 200, path
        assert_no_canary(response.body.decode())
