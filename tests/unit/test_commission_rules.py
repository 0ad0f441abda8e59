"""The commission policy is settings (issue 12): the shipped rounds are the issue's — the county's
top 5 by stars at once, the next 10 after 30 minutes, every county lawyer with the specialty after
2 hours, the city after a day — expiry after 3 days and a directed wait of 24 hours; each can be
changed from the environment, and a malformed value is refused at start-up."""
import pytest

from chalicelib.commissions.policy import CommissionPolicy, Round, parse_rounds


def test_the_shipped_policy_is_the_issues(monkeypatch):
    for name in ("COMMISSION_ROUNDS", "COMMISSION_EXPIRE_HOURS", "COMMISSION_DIRECTED_WAIT_HOURS"):
        monkeypatch.delenv(name, raising=False)
    policy = CommissionPolicy()
    assert policy.rounds == (Round("county", 0, 5), Round("county", 30, 10), Round("county", 120, 0),
                             Round("city", 1440, 0))
    assert (policy.expire_hours, policy.directed_wait_hours) == (72, 24)


def test_the_environment_sets_the_rounds_and_waits(monkeypatch):
    monkeypatch.setenv("COMMISSION_ROUNDS", "city@60x0, county@0x3")
    monkeypatch.setenv("COMMISSION_EXPIRE_HOURS", "48")
    monkeypatch.setenv("COMMISSION_DIRECTED_WAIT_HOURS", "12")
    policy = CommissionPolicy()
    assert policy.rounds == (Round("county", 0, 3), Round("city", 60, 0))  # in time order
    assert (policy.expire_hours, policy.directed_wait_hours) == (48, 12)


@pytest.mark.parametrize("text", ["", "province@0x5", "county@-1x5", "county@0x-1", "county0x5",
                                  "county@ax5"])
def test_malformed_rounds_are_refused(text):
    with pytest.raises(ValueError):
        parse_rounds(text)


def test_waits_must_be_positive(monkeypatch):
    monkeypatch.setenv("COMMISSION_EXPIRE_HOURS", "0")
    with pytest.raises(ValueError):
        CommissionPolicy()
