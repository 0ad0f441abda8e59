"""Effects as data (issue 10, seam 1): the db helpers written for a transaction add labelled effects
to an `Effects` list, and the webhook's message effects expand into the same ones, so one commit
and one refusal map serve every rule. No table."""
from datetime import datetime, timezone

from chalicelib import outbox
from chalicelib.db import inbound
from chalicelib.db.consultations import CitizenDayCount, Consultation
from chalicelib.db.effects import Effects, Put, Refused, Update, flatten

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)


def note():
    return outbox.notification(idempotency_key="k1", audience="citizen", to_openid="oCitizen",
                               template_key="consultation_answered", now=NOW, url="https://x/h5",
                               text="您的咨询有了回答", data={})


def test_a_helper_written_for_a_transaction_adds_a_labelled_effect():
    # Given an effects list, and the outbox's helper that puts a notification into a transaction
    writes = Effects()
    # When the helper writes through a labelled view of the list
    made = note()
    queued = outbox.write_with(writes.labelled("notification"), made)
    # Then the list holds one Put of that notification, on a new key, under the label
    (put,) = writes
    assert isinstance(put, Put) and put.item is made and put.label == "notification"
    assert str(put.condition) == "attribute_not_exists (PK)" and queued == made.notification_id


def test_the_webhooks_message_effects_expand_into_the_same_effects():
    # Given a new consultation and the day's allowance, as the inbox plans them
    c = Consultation(id="ZX20260302-AAAAAA", openid="oC", category="labor", question="q" * 12,
                     source="chat", county="360722", status="dispatching",
                     created_at="2026-03-02T02:00:00Z")
    planned = [inbound.Create(c), inbound.TakeDayAllowance("oC", "2026-03-02", 5, NOW)]
    # When they are flattened for one commit
    create, allowance = flatten(planned)
    # Then the consultation is a Put on a free key, and the allowance an Update refused at the limit,
    # labelled so that its refusal reads as "over the daily limit"
    assert isinstance(create, Put) and create.item is c and str(create.condition) == "attribute_not_exists (PK)"
    assert isinstance(allowance, Update) and isinstance(allowance.item, CitizenDayCount)
    assert allowance.label == "allowance" and "count < {'N': '5'}" in str(allowance.condition)


def test_a_refusal_names_what_failed_and_what_met_another_transaction():
    refused = Refused(failed=["allowance"], conflicts=["dedupe"])
    assert refused.labels == {"allowance", "dedupe"} and refused.failed == {"allowance"}
    assert isinstance(inbound._why(refused), inbound.Contended)
    assert isinstance(inbound._why(Refused(failed=["allowance"])), inbound.OverDailyLimit)
    assert isinstance(inbound._why(Refused(failed=["dedupe", "allowance"])), inbound.AlreadyHandled)
