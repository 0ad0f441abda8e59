"""The writes of application uploads and of commissions as data (issue 10, seam 1): what each change
commits, under which conditions and labels, read off an in-memory store or the db/ builders. No table,
no moto; the functional and race tests run the same changes against one."""
from datetime import datetime, timezone
from types import SimpleNamespace

import pytest

from chalicelib.applications import uploads
from chalicelib.applications.lifecycle import Context
from chalicelib.db import applications as app_db, commissions as comm_db
from chalicelib.errors import Conflict
from tests.unit.fake_store import FakeStore, Put, Update

NOW = datetime(2026, 3, 2, 2, 0, tzinfo=timezone.utc)
LEGAL_AID = SimpleNamespace(service_type="legal_aid", name="法律援助", fields=[], deadlines={},
                            materials=[{"code": "id_card", "name": "身份证", "required": True}])
REQUEST = {"material": "id_card", "filename": "id.jpg", "content_type": "image/jpeg", "size": 100}


class PresigningS3:
    def generate_presigned_post(self, bucket, key, **kwargs):
        return {"url": "https://bucket", "fields": {"key": key}}


def draft(**fields):
    return app_db.new_application(**{
        "application_id": "SQ1", "service_type": "legal_aid", "openid": "o1", "status": "draft",
        "created_at": "t", "updated_at": "t", "consented_at": "t", **fields})


def context(store):
    return Context(NOW, calendar=None, catalog=[LEGAL_AID], store=store,
                   new_id=iter(f"up{n}" for n in range(10)).__next__)


def test_an_upload_grant_is_the_grant_on_a_free_key_and_one_more_on_the_applications_counter():
    # Given a consented draft on the in-memory store
    store = FakeStore(draft())
    # When the citizen asks to upload their ID card
    uploads.grant(context(store), PresigningS3(), "bucket", "SQ1", "o1", REQUEST)
    # Then one commit puts the grant on a free key and counts it under the cap
    (commit,) = store.commits
    assert [(type(e).__name__, e.label) for e in commit] == [("Put", "grant"), ("Update", "count")]
    grant, count = commit
    assert (grant.item.PK, grant.item.SK, grant.item.material) == ("APP#SQ1", "UPLOAD#up0", "id_card")
    assert str(grant.condition) == "attribute_not_exists (PK)"
    assert (count.item.PK, count.item.SK) == ("APP#SQ1", "UPLOADS")
    assert str(count.condition) == f"(attribute_not_exists (count) OR count < {{'N': '{uploads.UPLOAD_CAP}'}})"


def test_a_refused_count_is_the_upload_cap_and_any_other_refusal_is_not():
    # Given a store that refuses the counter's condition (the cap reached)
    store = FakeStore(draft(), refuse={"count"})
    # When the citizen asks for one more upload, Then it is the cap's 409, and nothing is written
    with pytest.raises(Conflict) as refused:
        uploads.grant(context(store), PresigningS3(), "bucket", "SQ1", "o1", REQUEST)
    assert refused.value.code == "too_many_uploads" and store.commits == []


@pytest.mark.parametrize("round_, condition", [
    (2, "(status IN ({'S': 'draft'}, {'S': 'supplement'}) AND supplement_notices = {'N': '2'})"),
    (0, "(status IN ({'S': 'draft'}, {'S': 'supplement'}) AND (supplement_notices = {'N': '0'}"
        " OR attribute_not_exists (supplement_notices)))"),
])
def test_attaching_a_material_checks_the_application_puts_the_material_once_and_uses_the_grant_once(
        round_, condition):
    # Given an application in supplement round `round_` and a granted upload
    app = draft(supplement_notices=round_)
    grant = SimpleNamespace(application_id="SQ1", material="id_card", upload_id="U1", filename="id.jpg",
                            content_type="image/jpeg")
    # When the attaching change is built
    material, effects = app_db.attach_material(app, grant, size=3, key="applications/SQ1/U1/id_card.jpg",
                                               at="t", editable=("draft", "supplement"))
    # Then the application must still be editable in that round, the material's key free, the grant unused
    check, put, update = effects
    assert (check.label, str(check.condition)) == ("application", condition)
    assert (put.label, put.item, str(put.condition)) == ("material", material, "attribute_not_exists (PK)")
    assert (update.label, str(update.condition)) == ("grant", "status = {'S': 'granted'}")
    assert [str(a) for a in update.actions] == ["status = {'S': 'confirmed'}"]
    assert (material.PK, material.SK, material.supplement_round) == ("APP#SQ1", "MAT#id_card#U1", round_)


def commission(**fields):
    return comm_db.new_commission(**{
        "id": "WT1", "openid": "o1", "bureau": "360722", "status": "offered", "created_at": "t",
        "county": "360722", "category": "labor", "service": "文书代写", "summary": "s",
        "other_party": "某公司", "other_party_key": "某公司", **fields})


def test_a_commission_is_written_at_the_status_and_rev_it_was_read_in_and_moves_its_rev_on():
    # Given a commission read at rev 2, offered in round 1
    c = commission(rev=2, round=1)
    # When its change and the round's check are built
    written, check = comm_db.written_at(c, "offered"), comm_db.still_at_round(c)
    # Then the write asks for the status and rev read, the rev moves on, the round check asks both
    assert (written.label, str(written.condition)) == (
        "commission", "(status = {'S': 'offered'} AND rev = {'N': '2'})")
    assert c.rev == 3
    assert (check.label, check.hash_key, check.range_key, str(check.condition)) == (
        "commission", "COMM#WT1", "META", "(status = {'S': 'offered'} AND round = {'N': '1'})")


def test_a_new_commission_and_a_rounds_offer_take_free_keys_and_a_directed_offer_is_as_before():
    lawyer = SimpleNamespace(lawyer_id="L1", openid="oL1", openid_account="lawyers")
    c = commission()
    assert str(comm_db.created(c).condition) == "attribute_not_exists (PK)"
    offered = comm_db.new_offer(c, lawyer, 2, "t")
    assert (offered.item.SK, offered.item.round, offered.item.lawyer_account) == ("OFFER#L1", 2, "lawyers")
    assert str(offered.condition) == "attribute_not_exists (PK)"
    assert comm_db.new_offer(c, lawyer, 0, "t", once=False).condition is None
    moved = comm_db.offer_moved(offered.item, "open")
    assert isinstance(moved, Put) and str(moved.condition) == "state = {'S': 'open'}"


def test_a_party_mark_is_put_and_deleted_by_the_same_key():
    c = commission(lawyer_id="L1")
    put, deleted = comm_db.marked(c, "AGAINST", "某公司", "t"), comm_db.unmarked(c, "AGAINST", "某公司")
    assert (put.item.PK, put.item.SK) == (deleted.item.PK, deleted.item.SK) == (
        "PARTY#某公司", "AGAINST#L1#WT1")
    assert put.label == deleted.label == "mark" and not isinstance(deleted, Update)
