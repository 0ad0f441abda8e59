"""Outbox records: ids from idempotency keys, and the index keys each delivery state carries."""
import pytest

from chalicelib import outbox
from chalicelib.clock import parse_instant
from chalicelib.db.messaging import AccessToken

NOW = parse_instant("2026-03-02T02:00:00Z")


def note(**overrides):
    fields = dict(idempotency_key="answered:a1", audience="lawyer", to_openid="oL",
                  template_key="new_question", data={"first": "新咨询"}, now=NOW,
                  url="/h5/lawyer")
    fields.update(overrides)
    return outbox.notification(**fields)


def test_a_retried_request_derives_the_same_notification_id():
    assert note().notification_id == note().notification_id
    assert note().notification_id != note(idempotency_key="answered:a2").notification_id


def test_a_new_notification_is_pending_and_due_now_in_the_due_index():
    item = note().serialize()
    nid = note().notification_id
    assert (item["PK"]["S"], item["SK"]["S"]) == (f"OUTBOX#{nid}", "OUTBOX")
    assert item["DUEPK"]["S"] == "DUE" and item["DUEAT"]["S"] == f"2026-03-02T02:00:00Z#{nid}"
    assert item["status"]["S"] == "pending" and "GSI2PK" not in item


def test_a_claimed_notification_is_due_again_when_its_lease_runs_out():
    n = note()
    n.status, n.lease_until = "sending", "2026-03-02T02:00:30Z"
    assert n.serialize()["DUEAT"]["S"].startswith("2026-03-02T02:00:30Z#")


def test_a_parked_notification_leaves_the_due_index_for_the_staff_list():
    n = note()
    n.status, n.failed_at, n.next_attempt_at = "failed", "2026-03-02T03:00:00Z", None
    item = n.serialize()
    assert "DUEPK" not in item and "DUEAT" not in item
    assert item["GSI2PK"]["S"] == "OUTBOX_FAILED#360722"  # the default bureau's staff see it
    assert item["GSI2SK"]["S"] == f"2026-03-02T03:00:00Z#{n.notification_id}"


def test_sent_and_skipped_notifications_have_no_pending_work():
    for status in ("sent", "skipped"):
        n = note()
        n.status = status
        item = n.serialize()
        assert not {"DUEPK", "DUEAT", "GSI2PK"} & set(item)


def test_channels_follow_the_audience():
    assert note().channel == "template"
    citizen = note(audience="citizen", text="律师已回答")
    assert citizen.channel == "custom"
    assert citizen.payload["text"] == '律师已回答\n<a href="/h5/lawyer">点击查看</a>'
    assert note(audience="citizen", channel="subscribe").channel == "subscribe"
    with pytest.raises(ValueError):
        note(audience="lawyer", channel="custom")
    with pytest.raises(ValueError):
        note(audience="citizen")  # a customer-service message without its text
    with pytest.raises(ValueError):
        note(to_openid="")


def test_each_account_has_its_own_access_token_item():
    # Given the tokens of bureau 360723's account and of the lawyers' account
    dayu = AccessToken(account="360723", token="t").serialize()
    lawyers = AccessToken(account="lawyers", token="u").serialize()
    # Then each lives in its own item (one token and one refresh lease per appid), in no index
    assert (dayu["PK"]["S"], dayu["SK"]["S"]) == ("WECHAT#360723", "ACCESS_TOKEN")
    assert lawyers["PK"]["S"] == "WECHAT#lawyers"
    assert not {"DUEPK", "GSI2PK"} & set(dayu)


def test_the_sending_account_is_picked_by_audience():
    def note(audience, **fields):
        return outbox.notification(idempotency_key=f"k:{audience}:{fields}", audience=audience,
                                   to_openid="o1", template_key="t", now=NOW, url="/h5/x",
                                   text="文字" if audience == "citizen" else None, **fields)
    # A citizen and staff hear from the account of the case's bureau (a bureau's account is its code)
    assert note("citizen", bureau="360723").account == "360723"
    assert note("staff", bureau="360723").account == "360723"
    # a lawyer from the account of their openid, whatever the bureau of the case
    assert note("lawyer", bureau="360723", account="lawyers").account == "lawyers"
    # and with nothing known, the default bureau's account (absent)
    assert note("lawyer", bureau="360723").account is None
    assert note("citizen").account is None
