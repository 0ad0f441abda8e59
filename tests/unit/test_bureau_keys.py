"""Key shapes for many bureaus (docs/decisions/many-bureaus.md §2; docs/data-model.md "Many bureaus").

Each row is one key of the design, built by its builder and compared with the text the design writes
down, so a typo in a builder or a drift in the design shows up here first.
"""
import zlib

import pytest

from chalicelib.db import keys

SHAPES = [
    # (what, built, expected)
    ("bureau item PK", keys.bureau_pk("360722"), "BUREAU#360722"),
    ("bureau item SK", keys.BUREAU_SK, "BUREAU"),
    ("bureaus index partition", keys.BUREAUS_PARTITION, "BUREAUS"),
    ("office SK", keys.office_sk("xf-gzc"), "OFFICE#xf-gzc"),
    ("content SK", keys.content_sk("fees-2026"), "CONTENT#fees-2026"),
    ("content index", keys.bureau_content_key("360722"), "CONTENT#360722"),
    ("content order", keys.content_sort("2026-12-01T08:00:00+08:00", "fees-2026"),
     "2026-12-01T08:00:00+08:00#fees-2026"),
    ("county claim PK", keys.county_claim_pk("360722"), "COUNTY#360722"),
    ("account PK", keys.account_pk("360722"), "ACCOUNT#360722"),
    ("lawyers' account PK", keys.account_pk(keys.LAWYERS_ACCOUNT), "ACCOUNT#lawyers"),
    ("account SK", keys.ACCOUNT_SK, "ACCOUNT"),
    ("access token PK", keys.access_token_pk("360723"), "WECHAT#360723"),
    ("access token SK", keys.ACCESS_TOKEN_SK, "ACCESS_TOKEN"),
    ("dedupe PK", keys.dedupe_pk("360722", "24531987456"), "DEDUPE#360722#24531987456"),
    ("dedupe PK of an event", keys.dedupe_pk("lawyers", "oL#1700000000#subscribe"),
     "DEDUPE#lawyers#oL#1700000000#subscribe"),
    ("staff of a bureau", keys.staff_list_key("360722"), "STAFF#360722"),
    ("staff on duty", keys.staff_on_duty_key("360722"), "DUTY#360722"),
    ("duty roster PK", keys.duty_roster_pk("360722", "2026-12-02"), "DUTY#360722#2026-12-02"),
    ("duty shift SK", keys.shift_sk(3), "SHIFT#3"),
    ("consultations of a day", keys.consday_key("360722", "2026-12-02"), "CONSDAY#360722#2026-12-02"),
    ("consultation order", keys.consday_sort("2026-12-02T09:00:00+08:00", "c1"),
     "2026-12-02T09:00:00+08:00#c1"),
    ("payout ledger PK", keys.payout_pk("360722", "2026-11"), "PAYOUT#360722#2026-11"),
    ("payout line SK", keys.payout_line_sk("2026-11-03T10:00:00+08:00", "c1"),
     "LINE#2026-11-03T10:00:00+08:00#c1"),
    ("payout correction SK", keys.payout_correction_sk("2026-12-02T10:00:00+08:00", "k1"),
     "CORR#2026-12-02T10:00:00+08:00#k1"),
    ("settlement SK", keys.SETTLEMENT_SK, "SETTLEMENT"),
    ("earnings index", keys.earnings_key("L1"), "EARN#L1"),
    ("earnings order", keys.earnings_sort("2026-11", "360722", "2026-11-03T10:00:00+08:00", "c1"),
     "2026-11#360722#2026-11-03T10:00:00+08:00#c1"),
    ("monthly report PK", keys.report_pk("360722"), "REPORT#360722"),
    ("monthly report SK", keys.report_sk("2026-11"), "MONTH#2026-11"),
    ("reports of a month", keys.reports_of_month_key("2026-11"), "REPORTS#2026-11"),
    ("report job PK", keys.report_job_pk("360722"), "REPORTJOB#360722"),
    ("report job SK", keys.REPORT_JOB_SK, "JOB"),
    ("review queue", keys.application_queue_key("360722", "submitted"), "APPQ#360722#submitted"),
    ("review queue order", keys.application_queue_sort("2026-12-09", "a1"), "2026-12-09#a1"),
    ("commission queue", keys.commission_queue_key("360722", "open"), "COMMQ#360722#open"),
    ("appointment slots PK", keys.appointment_slot_pk("360722", "xf-gzc", "2026-12-03"),
     "SLOT#360722#xf-gzc#2026-12-03"),
    ("calendar additions PK", keys.calendar_pk("360722", 2026), "CALENDAR#360722#2026"),
    ("audit trail PK", keys.audit_pk("360722", "2026-12-02"), "AUDIT#360722#2026-12-02"),
    ("platform audit trail PK", keys.audit_pk(keys.PLATFORM, "2026-12-02"), "AUDIT#PLATFORM#2026-12-02"),
    ("parked notifications", keys.failed_notifications_key("360722"), "OUTBOX_FAILED#360722"),
    ("parked order", keys.failed_notifications_sort("2026-12-02T10:00:00+08:00", "n1"),
     "2026-12-02T10:00:00+08:00#n1"),
    ("lawyer PK", keys.lawyer_pk("L1"), "LAWYER#L1"),
    ("reach slot SK", keys.reach_slot_sk("labor", "360723"), "SLOT#labor#AT#360723"),
    ("reach slot pool", keys.pool_key("county", "360723", "labor"), "POOL#county#360723#labor"),
    ("served county entry SK", keys.serves_sk("360723"), "SERVES#360723"),
    ("county directory", keys.county_lawyers_key("360723"), "LAWYERS#360723"),
    ("county directory order", keys.lawyer_directory_sort("张三", "L1"), "张三#L1"),
    ("migration progress PK", keys.migration_pk("m010"), "MIGRATION#m010"),
    ("DUE, one shard", keys.due_partition("CONS#c1"), "DUE"),
]


@pytest.mark.parametrize("what,built,expected", SHAPES, ids=[s[0] for s in SHAPES])
def test_every_bureau_key_has_the_shape_the_design_writes_down(what, built, expected):
    assert built == expected


def test_a_sharded_due_key_is_stable_per_item_and_within_the_shard_count():
    # Given four shards and one consultation
    expected = f"DUE#{zlib.crc32(b'CONS#c1') % 4}"
    # When its DUE partition is built twice (two successive due times)
    first, second = keys.due_partition("CONS#c1", 4), keys.due_partition("CONS#c1", 4)
    # Then it is the same crc32-based shard both times, and every item lands on DUE#0..DUE#3
    assert first == second == expected
    assert {keys.due_partition(f"CONS#c{i}", 4) for i in range(200)} == {f"DUE#{n}" for n in range(4)}


def test_no_shard_count_below_one():
    with pytest.raises(ValueError):
        keys.due_partition("CONS#c1", 0)


@pytest.mark.parametrize("bad", ["", "3607#22", "360722#"])
def test_a_key_part_that_is_empty_or_holds_a_separator_is_refused(bad):
    # Given a bureau code that would make one bureau's key read as another's (or as no bureau)
    # Then no key is built from it
    with pytest.raises(ValueError):
        keys.consday_key(bad, "2026-12-02")



@pytest.mark.parametrize("account,message_key", [("3607#22", "1"), ("", "1"), ("360722", "")])
def test_a_dedupe_key_needs_a_clean_account_and_a_message_key(account, message_key):
    with pytest.raises(ValueError):
        keys.dedupe_pk(account, message_key)
