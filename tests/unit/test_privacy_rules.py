"""The plain rules of retention and deletion requests (docs/privacy.md): when a day's consultations
are due, how a new job starts, and the notice that tells a citizen their request is done."""
from datetime import datetime, timezone

from chalicelib.db.privacy import PrivacyRequest
from chalicelib.privacy import requests, retention
from tests.notice_checks import problems

NOW = datetime(2026, 3, 2, 17, 30, tzinfo=timezone.utc)  # 3 March, 01:30 in Beijing


def test_a_days_consultations_are_due_180_days_after_that_china_day_ends():
    # 2 March ends at 16:00 UTC on 2 March (midnight in Beijing); 180 days later is 29 August
    assert retention.day_due_at("2026-03-02") == "2026-08-29T16:00:00Z"


def test_a_new_bureaus_job_starts_on_todays_china_date_not_the_utc_one():
    job = retention.new_job("360722", NOW)
    assert (job.bureau, job.day, job.due_at) == ("360722", "2026-03-03", "2026-08-30T16:00:00Z")
    assert job.keys()["DUEAT"] == "2026-08-30T16:00:00Z#RETENTION#360722"


def test_the_done_notice_speaks_beijing_time_and_links_to_the_privacy_page():
    request = PrivacyRequest(request_id="0123456789abcdef", openid="o-1", bureau="360722",
                             created_at="2026-03-02T01:00:00Z")
    note = requests.notice(request, NOW, "https://fw.example.gov.cn/h5/me/privacy")
    # Given at 09:00 Beijing on 2 March, told at 01:30 on 3 March: said as people say it
    assert "3月2日 09:00" in note.payload["text"] and "2026-03-02" not in note.payload["text"]
    assert note.audience == "citizen" and note.bureau == "360722" and problems(note) == []
