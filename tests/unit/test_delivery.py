"""Delivery's rules with hand-written fakes: one attempt per claim, backoff, parking, the citizen's
channels (customer-service window, 45015 fallback, subscribe) and who is not notified at all."""
import dataclasses
from datetime import timedelta
from types import SimpleNamespace

import pytest

from chalicelib import outbox
from chalicelib.clock import FixedClock, iso, parse_instant
from chalicelib.delivery import Policy, TemplateUnconfigured, deliver, policy_from
from chalicelib.wechat.api import ApiError, ApiUnavailable

NOW = parse_instant("2026-03-02T02:00:00Z")


class FakeStore:
    """The outbox in memory, with the claim and settle rules `chalicelib.db.messaging` keeps."""

    def __init__(self, notes=(), citizens=(), authorised=None):
        self.notes = {n.notification_id: n for n in notes}
        self.citizens = {c.openid: c for c in citizens}
        self.authorised = dict(authorised or {})  # (openid, template id) → one-time subscriptions left

    def claim(self, notification_id, now, lease_until):
        n = self.notes.get(notification_id)
        due = n and n.status == "pending" and n.next_attempt_at <= iso(now)
        abandoned = n and n.status == "sending" and n.lease_until < iso(now)
        if not (due or abandoned):
            return None
        n.status, n.lease_until, n.attempts = "sending", iso(lease_until), n.attempts + 1
        return n

    def _settle(self, n, **changes):
        assert n.status == "sending", "settled without holding the claim"
        changes.setdefault("lease_until", None)
        for name, value in changes.items():
            setattr(n, name, value)
        return n

    def mark_sent(self, n, now, *, msgid, channel_used, fallback_reason=None):
        return self._settle(n, status="sent", sent_at=iso(now), msgid=msgid,
                            channel_used=channel_used, fallback_reason=fallback_reason)

    def mark_skipped(self, n, now, reason):
        return self._settle(n, status="skipped", last_error=reason)

    def mark_retry(self, n, error, next_attempt_at):
        return self._settle(n, status="pending", last_error=error,
                            next_attempt_at=iso(next_attempt_at))

    def mark_failed(self, n, now, error):
        return self._settle(n, status="failed", failed_at=iso(now), last_error=error)

    def citizen(self, openid):
        return self.citizens.get(openid)

    def spend_subscription(self, openid, template_id):
        if self.authorised.get((openid, template_id), 0) <= 0:
            return False
        self.authorised[(openid, template_id)] -= 1
        return True

    def refund_subscription(self, openid, template_id):
        self.authorised[(openid, template_id)] = self.authorised.get((openid, template_id), 0) + 1

    def clear_subscription(self, openid, template_id):
        self.authorised[(openid, template_id)] = 0

    def reserve_cs_slot(self, person, limit):
        if person.cs_sent_since_inbound >= limit:
            return False
        person.cs_sent_since_inbound += 1
        return True


class FakeAPI:
    """Records sends; `failures` maps a method name to the errors its next calls raise."""

    def __init__(self, **failures):
        self.sent, self.failures = [], {k: list(v) for k, v in failures.items()}

    def _call(self, method, *args):
        queued = self.failures.get(method)
        if queued:
            raise queued.pop(0)
        self.sent.append((method,) + args)
        return {"errcode": 0, "msgid": len(self.sent)}

    def send_template(self, openid, template_id, data, url=None):
        return self._call("send_template", openid, template_id)

    def send_subscribe(self, openid, template_id, data, page=None):
        return self._call("send_subscribe", openid, template_id)

    def send_text(self, openid, text):
        return self._call("send_text", openid, text)


def lawyer_note(key="answer-reminder:c1"):
    return outbox.notification(idempotency_key=key, audience="lawyer", to_openid="oLawyer",
                               template_key="new_question", data={"first": "新咨询"}, now=NOW,
                               url="/h5/lawyer")


def citizen_note(channel=None):
    return outbox.notification(idempotency_key="answered:a1", audience="citizen",
                               to_openid="oCitizen", template_key="answered", channel=channel,
                               data={"thing1": "您的咨询有了回答"}, text="律师已回答您的咨询", now=NOW,
                               url="/h5/consultations/c1")


def citizen(last_inbound=NOW - timedelta(hours=1), sent=0, subscribed=True):
    return SimpleNamespace(openid="oCitizen", subscribed=subscribed, cs_sent_since_inbound=sent,
                           last_inbound_at=iso(last_inbound) if last_inbound else None)


AUTHORISED = {("oCitizen", "answered"): 1}  # one one-time subscription to the `answered` notice


def run(store, api, note_id, at=NOW, policy=Policy()):
    return deliver(note_id, store=store, api=api, clock=FixedClock(at), policy=policy)


def test_a_lawyer_gets_a_template_message_and_the_record_is_settled_as_sent():
    # Given a pending notification for a lawyer, with a configured template id
    note = lawyer_note()
    store, api = FakeStore([note]), FakeAPI()
    policy = Policy(templates={"new_question": {"template": "TMPL-123"}})
    # When it is delivered
    outcome = run(store, api, note.notification_id, policy=policy)
    # Then one template message went out and the record says so
    assert outcome.status == "sent"
    assert api.sent == [("send_template", "oLawyer", "TMPL-123")]
    assert (note.status, note.channel_used, note.msgid, note.attempts) == ("sent", "template", "1", 1)


def test_a_notification_someone_else_holds_is_not_sent_again():
    # Given a notification already claimed by another deliverer whose lease still runs
    note = lawyer_note()
    store, api = FakeStore([note]), FakeAPI()
    store.claim(note.notification_id, NOW, NOW + timedelta(seconds=30))
    # When a second deliverer tries it
    outcome = run(store, api, note.notification_id, at=NOW + timedelta(seconds=10))
    # Then it does not send
    assert outcome.status == "not_claimed" and api.sent == []


def test_a_deliverer_that_died_mid_send_is_replaced_once_its_lease_has_run_out():
    note = lawyer_note()
    store, api = FakeStore([note]), FakeAPI()
    store.claim(note.notification_id, NOW, NOW + timedelta(seconds=30))
    outcome = run(store, api, note.notification_id, at=NOW + timedelta(seconds=31))
    assert outcome.status == "sent" and note.attempts == 2


def test_failures_back_off_1_2_4_8_16_minutes_then_park_after_the_sixth():
    # Given WeChat unreachable for every attempt
    note = lawyer_note()
    store = FakeStore([note])
    api = FakeAPI(send_template=[ApiUnavailable("ConnectionRefusedError")] * 6)
    at, waits = NOW, []
    # When each attempt is made as soon as it is due
    for _ in range(5):
        outcome = run(store, api, note.notification_id, at=at)
        assert outcome.status == "retry" and outcome.unreachable
        nxt = parse_instant(note.next_attempt_at)
        waits.append((nxt - at).total_seconds() / 60)
        # and an early try does nothing
        assert run(store, api, note.notification_id, at=nxt - timedelta(seconds=1)).status == "not_claimed"
        at = nxt
    last = run(store, api, note.notification_id, at=at)
    # Then the waits doubled from one minute and the sixth failure parked it
    assert waits == [1, 2, 4, 8, 16]
    assert last.status == "failed" and note.status == "failed" and note.attempts == 6
    assert "ConnectionRefusedError" in note.last_error and api.sent == []


def test_an_error_wechat_will_repeat_parks_at_once_for_staff():
    # Given WeChat refuses the template id (40037: invalid template_id), which no retry can fix
    note = lawyer_note()
    store, api = FakeStore([note]), FakeAPI(send_template=[ApiError(40037, "invalid template_id")])
    outcome = run(store, api, note.notification_id)
    assert outcome.status == "failed" and note.attempts == 1 and "40037" in note.last_error


def test_a_citizen_inside_the_48_hour_window_gets_a_customer_service_message():
    # Given a citizen who wrote an hour ago and got 2 customer-service messages since
    person = citizen(sent=2)
    note = citizen_note()
    store, api = FakeStore([note], [person]), FakeAPI()
    outcome = run(store, api, note.notification_id)
    # Then the text goes as a customer-service message and uses one of the 5 slots
    assert outcome.status == "sent" and note.channel_used == "custom" and note.fallback_reason is None
    assert api.sent == [("send_text", "oCitizen",
                         '律师已回答您的咨询\n<a href="/h5/consultations/c1">点击查看</a>')]
    assert person.cs_sent_since_inbound == 3


def test_outside_the_window_a_citizen_gets_a_subscribe_message_and_the_fallback_is_recorded():
    # Given a citizen whose last message is 49 hours old
    # and who authorised one notice of this kind
    person = citizen(last_inbound=NOW - timedelta(hours=49))
    note = citizen_note()
    store, api = FakeStore([note], [person], AUTHORISED), FakeAPI()
    outcome = run(store, api, note.notification_id)
    # Then no customer-service message is tried; a subscribe message goes instead, spending it
    assert outcome.status == "sent"
    assert [s[0] for s in api.sent] == ["send_subscribe"]
    assert (note.channel_used, note.fallback_reason) == ("subscribe", "cs_window_closed")
    assert store.authorised == {("oCitizen", "answered"): 0}


def test_after_five_customer_service_messages_the_sixth_goes_by_subscribe():
    person = citizen(sent=5)
    note = citizen_note()
    store, api = FakeStore([note], [person], AUTHORISED), FakeAPI()
    run(store, api, note.notification_id)
    assert [s[0] for s in api.sent] == ["send_subscribe"] and person.cs_sent_since_inbound == 5
    assert note.fallback_reason == "cs_limit_reached"


def test_errcode_45015_falls_back_to_a_subscribe_message_in_the_same_attempt():
    # Given our record says the window is open but WeChat says it is not (45015)
    note = citizen_note()
    store = FakeStore([note], [citizen()], AUTHORISED)
    api = FakeAPI(send_text=[ApiError(45015, "response out of time limit")])
    outcome = run(store, api, note.notification_id)
    # Then the subscribe message goes out in the same attempt, and the record says why
    assert outcome.status == "sent" and note.attempts == 1
    assert [s[0] for s in api.sent] == ["send_subscribe"]
    assert (note.channel_used, note.fallback_reason) == ("subscribe", "errcode_45015")


def test_a_citizen_who_asked_for_subscribe_messages_never_uses_the_window():
    note = citizen_note(channel="subscribe")
    person = citizen()
    store, api = FakeStore([note], [person], AUTHORISED), FakeAPI()
    run(store, api, note.notification_id)
    assert [s[0] for s in api.sent] == ["send_subscribe"] and note.fallback_reason is None
    assert person.cs_sent_since_inbound == 0


def test_a_citizen_who_unsubscribed_or_left_no_profile_is_not_notified():
    for store in (FakeStore([citizen_note()], [citizen(subscribed=False)]),
                  FakeStore([citizen_note()], [])):
        # Given an unsubscribed citizen (profile flag off, or the profile already removed)
        api = FakeAPI()
        note = next(iter(store.notes.values()))
        # When their notification comes up
        outcome = run(store, api, note.notification_id)
        # Then nothing is sent and the record is closed as skipped, never retried
        assert outcome.status == "skipped" and api.sent == []
        assert (note.status, note.last_error) == ("skipped", "unsubscribed")


def test_wechat_saying_the_user_no_longer_follows_closes_the_notification_as_skipped():
    note = lawyer_note()
    store = FakeStore([note])
    api = FakeAPI(send_template=[ApiError(43004, "require subscribe")])
    assert run(store, api, note.notification_id).status == "skipped" and note.status == "skipped"


def test_a_crash_mid_attempt_is_settled_as_a_retry_not_left_claimed():
    note = citizen_note()
    store = FakeStore([note], [citizen()])

    def broken(openid):
        raise RuntimeError("table unavailable")
    store.citizen = broken
    outcome = run(store, FakeAPI(), note.notification_id)
    assert outcome.status == "retry" and not outcome.unreachable
    assert note.status == "pending" and note.last_error == "RuntimeError"


def test_the_policy_reads_attempts_and_template_ids_from_settings():
    settings = SimpleNamespace(notification_max_attempts=3, is_local=True,
                               wechat_templates={"answered": {"subscribe": "SUB-1"}})
    policy = policy_from(settings)
    assert policy.max_attempts == 3
    assert policy.template_id("answered", "subscribe") == "SUB-1"
    # On the local stage an account with no templates at all sends the key itself as an id (the
    # stand-in takes any); one with templates parks what it has none for, as WeChat would refuse it
    assert dataclasses.replace(policy, templates={}).template_id("answered", "template") == "answered"
    with pytest.raises(TemplateUnconfigured):
        policy.template_id("answered", "template")


class FakeSenders:
    """The composition root's senders: one client and one set of template ids per account."""

    def __init__(self, accounts):
        self.accounts, self.asked = accounts, []

    def for_account(self, account):
        self.asked.append(account)
        return self.accounts.get(account or "360722", (None, {}))


def test_each_notification_goes_out_through_its_own_accounts_client_with_that_accounts_template():
    # Given a lawyer notice from the lawyers' account and a citizen notice from bureau 360723
    lawyer = outbox.notification(idempotency_key="l1", audience="lawyer", to_openid="oLawyer",
                                 template_key="new_question", now=NOW, url="/h5/lawyer",
                                 bureau="360723", account="lawyers")
    note = outbox.notification(idempotency_key="c1", audience="citizen", to_openid="oCitizen",
                               template_key="answered", channel="subscribe", now=NOW, url="/h5/c",
                               bureau="360723")
    lawyers_api, dayu_api, default_api = FakeAPI(), FakeAPI(), FakeAPI()
    senders = FakeSenders({
        "lawyers": (lawyers_api, {"new_question": {"template": "L-TMPL"}}),
        "360723": (dayu_api, {"answered": {"subscribe": "DY-SUB"}}),
        "360722": (default_api, {})})
    store = FakeStore([lawyer, note], [citizen()], {("oCitizen", "DY-SUB"): 1})
    policy = Policy(key_as_template=False)
    # When both are delivered
    assert run(store, senders, lawyer.notification_id, policy=policy).status == "sent"
    assert run(store, senders, note.notification_id, policy=policy).status == "sent"
    # Then each went out through its own account, with that account's template id
    assert (lawyer.account, note.account) == ("lawyers", "360723")
    assert lawyers_api.sent == [("send_template", "oLawyer", "L-TMPL")]
    assert dayu_api.sent == [("send_subscribe", "oCitizen", "DY-SUB")] and default_api.sent == []


def test_a_lawyer_bound_before_issue_10_hears_from_the_default_bureaus_account():
    note = lawyer_note()  # no account given: the lawyer has no openid_account
    default_api = FakeAPI()
    senders = FakeSenders({"360722": (default_api, {"new_question": {"template": "T"}})})
    assert note.account is None
    assert run(FakeStore([note]), senders, note.notification_id).status == "sent"
    assert senders.asked == [None] and default_api.sent == [("send_template", "oLawyer", "T")]


def test_off_the_local_stage_a_missing_template_id_parks_the_notice_at_once_for_staff():
    # Given an account without a template id for this message, on a real WeChat
    note = lawyer_note()
    api = FakeAPI()
    store = FakeStore([note])
    # When it is delivered
    outcome = run(store, FakeSenders({"360722": (api, {})}), note.notification_id,
                  policy=Policy(key_as_template=False))
    # Then nothing is sent and it is parked after one attempt, saying why
    assert (outcome.status, note.status, note.last_error) == (
        "failed", "failed", "template_unconfigured")
    assert api.sent == [] and note.attempts == 1
    assert policy_from(SimpleNamespace(notification_max_attempts=6, is_local=False,
                                       wechat_templates={})).key_as_template is False


def test_a_notice_for_an_account_that_has_no_secrets_is_parked_not_retried():
    note = citizen_note()
    note.account = "360799"
    store = FakeStore([note], [citizen()])
    outcome = run(store, FakeSenders({}), note.notification_id)
    assert (outcome.status, note.status, note.last_error) == ("failed", "failed", "account_unconfigured")



def test_by_default_six_failures_park_a_notification(env):
    from chalicelib.settings import Settings

    assert policy_from(Settings()).max_attempts == 6


# -- citizens' authorisation (issue 11): outside the 48-hour window only what they authorised ------

def test_outside_the_window_a_citizen_who_authorised_nothing_is_parked_as_not_authorised():
    # Given a citizen who last wrote 48 hours and a minute ago and authorised no subscribe notice
    person = citizen(last_inbound=NOW - timedelta(hours=48, minutes=1))
    note = citizen_note()
    store, api = FakeStore([note], [person]), FakeAPI()
    # When their notice comes up
    outcome = run(store, api, note.notification_id)
    # Then nothing is sent and staff see it parked, saying 未授权
    from chalicelib.delivery_triggers import park_reason

    assert (outcome.status, note.status, note.last_error) == ("failed", "failed", "not_authorised")
    assert api.sent == [] and park_reason(note.last_error) == "未授权"


def test_the_window_is_48_hours_from_the_citizens_last_message_by_the_clock():
    # Given a citizen who wrote at NOW and authorised nothing
    person = citizen(last_inbound=NOW)
    for hours, channel in ((47.9, "custom"), (48, None)):
        note = citizen_note()
        store, api = FakeStore([note], [person]), FakeAPI()
        person.cs_sent_since_inbound = 0
        # When delivery runs `hours` later
        outcome = run(store, api, note.notification_id, at=NOW + timedelta(hours=hours))
        # Then inside the window the customer-service message goes; from 48 hours on it is parked
        assert note.channel_used == channel, hours
        assert outcome.status == ("sent" if channel else "failed")


def test_each_notice_spends_one_authorisation_and_the_next_without_one_is_parked():
    # Given a citizen outside the window with two one-time authorisations of the template
    store = FakeStore([], [citizen(last_inbound=None)], {("oCitizen", "answered"): 2})
    api = FakeAPI()
    outcomes = []
    for n in range(3):
        note = outbox.notification(idempotency_key=f"a{n}", audience="citizen", to_openid="oCitizen",
                                   template_key="answered", data={"note": "x"}, text="t", now=NOW,
                                   url="/h5/consultations/c1")
        store.notes[note.notification_id] = note
        outcomes.append(run(store, api, note.notification_id).status)
    # Then two go out, spending both, and the third is parked
    assert outcomes == ["sent", "sent", "failed"]
    assert store.authorised == {("oCitizen", "answered"): 0}


def test_a_send_that_fails_gives_the_authorisation_back_and_wechats_43101_clears_ours():
    person = citizen(last_inbound=None)
    note = citizen_note()
    store = FakeStore([note], [person], {("oCitizen", "answered"): 3})
    # When WeChat is unreachable, the authorisation is given back and the notice retried
    api = FakeAPI(send_subscribe=[ApiUnavailable("timed out")])
    assert run(store, api, note.notification_id).status == "retry"
    assert store.authorised[("oCitizen", "answered")] == 3
    # When WeChat says the citizen holds no subscription (43101), ours is cleared and it is parked
    api = FakeAPI(send_subscribe=[ApiError(43101, "user refuse to accept the msg")])
    assert run(store, api, note.notification_id, at=NOW + timedelta(minutes=5)).status == "failed"
    assert note.last_error == "not_authorised" and store.authorised[("oCitizen", "answered")] == 0
