"""`POST /api/staff/lawyers/import` (issue 11): a dry run writes nothing; applying creates profiles
with their dispatch slots and no openid; a second run of the same file changes nothing; a changed
line updates in place; another bureau's lawyers and counties are refused line by line; a file too
big is 413 and a file that is no roster 422 — on moto through the routes."""
import json

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db import reach
from chalicelib.db.base import Item
from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import Lawyer, LawyerSlot
from chalicelib.roster import sheet
from tests.roster_files import LICENCE, LINES, csv_bytes, seed_reference, xlsx_bytes

A, B = "360722", "360723"  # 信丰, 大余
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def roster(moto_table):
    seed_reference()
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    from app import app

    with Client(app) as client:
        yield client, moto_table


def token(services, bureau=A, staff_id="xf-clerk"):
    body, _ = sign_in(Caller("staff", staff_id, staff_id=staff_id, bureau=bureau),
                      settings=services.settings, clock=services.clock)
    return body["token"]


def upload(client, services, data, *, dry_run=False, bureau=A, content_type="application/octet-stream"):
    path = "/api/staff/lawyers/import" + ("?dry_run=1" if dry_run else "")
    return client.http.post(path, body=data, headers={
        "authorization": f"Bearer {token(services, bureau)}", "content-type": content_type})


def answer(response):
    return json.loads(response.body)


def table():
    """Everything but sessions (each call here signs in afresh). Tests may scan."""
    return sorted(json.dumps(i.serialize(), sort_keys=True) for i in Item.scan()
                  if i.entity != "Session")


def profile(licence):
    return Lawyer.get(f"LAWYER#L{licence}", "PROFILE", consistent_read=True)


def test_a_dry_run_says_what_would_happen_line_by_line_and_writes_nothing(roster):
    client, services = roster
    before = table()
    response = upload(client, services, csv_bytes(), dry_run=True)
    body = answer(response)
    assert response.status_code == 200
    assert (body["dry_run"], body["created"], body["updated"], body["unchanged"], body["errors"]) == (
        True, 3, 0, 0, [])
    assert [(x["line"], x["name"], x["outcome"]) for x in body["lines"]] == [
        (2, "王建国", "created"), (3, "李秀英", "created"), (4, "陈明", "created")]
    assert table() == before


def test_applying_creates_profiles_with_slots_and_no_openid_and_a_second_run_changes_nothing(roster):
    client, services = roster
    # When the roster is applied
    body = answer(upload(client, services, xlsx_bytes(), content_type=XLSX))
    assert (body["created"], body["updated"], body["unchanged"], body["errors"]) == (3, 0, 0, [])
    # Then each lawyer has a profile keyed by their licence, unbound, with the roster's fields
    wang = profile(LICENCE["wang"])
    assert (wang.name, wang.firm, wang.county, wang.city, wang.province) == (
        "王建国", "江西信丰律师事务所", A, "360700", "360000")
    assert (wang.serves, wang.specialties, wang.mobile, wang.openid) == (
        [B], ["labor", "marriage_family"], "13812345678", None)
    assert (wang.stars, wang.years_in_practice, wang.version) == (0, 14, 1)
    # And one dispatch slot per specialty in the home county's pools, and reach entries in 大余
    slots = list(LawyerSlot.query(f"LAWYER#L{LICENCE['wang']}", LawyerSlot.SK.startswith("SLOT#")))
    assert sorted((s.category, s.county, s.GSI1PK) for s in slots if isinstance(s, LawyerSlot)) == [
        ("labor", A, f"POOL#county#{A}#labor"), ("marriage_family", A, f"POOL#county#{A}#marriage_family")]
    assert {i.county for i in Item.query(f"LAWYER#L{LICENCE['wang']}") if isinstance(i, reach.LawyerReach)} == {B}
    # When the same file is applied again (as CSV this time)
    after_first = table()
    again = answer(upload(client, services, csv_bytes()))
    # Then nothing is created or changed, and nothing was written
    assert (again["created"], again["updated"], again["unchanged"], again["errors"]) == (0, 0, 3, [])
    assert table() == after_first


def test_a_changed_line_updates_the_profile_and_its_slots_keeping_its_binding(roster):
    client, services = roster
    upload(client, services, csv_bytes())
    bound = profile(LICENCE["li"])
    bound.openid = "oLiXiuying"
    bound.save()
    # When 李秀英 moves firm, drops labor for contract and serves 大余 as well
    changed = [("李秀英", LICENCE["li"], "江西新律师事务所", "信丰、大余", "合同纠纷", "13900001111")]
    body = answer(upload(client, services, csv_bytes(changed)))
    assert body["updated"] == 1 and body["lines"][0]["changes"] == ["律所", "服务县区", "专长"]
    li = profile(LICENCE["li"])
    assert (li.firm, li.serves, li.specialties, li.openid) == ("江西新律师事务所", [B], ["contract"], "oLiXiuying")
    slots = {s.category for s in Item.query(f"LAWYER#L{LICENCE['li']}") if isinstance(s, LawyerSlot)}
    assert slots == {"contract"}


def test_another_bureaus_counties_and_lawyers_are_refused_line_by_line(roster):
    client, services = roster
    # Given 大余's staff imported a lawyer of 大余
    dayu = [("赵大余", "13607201611000999", "大余律师事务所", "大余县", "labor", "")]
    assert answer(upload(client, services, csv_bytes(dayu), bureau=B))["created"] == 1
    # When 信丰's clerk imports a file with that lawyer (serving 大余 only), and 信丰's own lawyers
    mixed = LINES[:1] + [dayu[0]] + [("钱", "13607201611000998", "所", "360723", "labor", "")]
    before = profile("13607201611000999").serialize()
    body = answer(upload(client, services, csv_bytes(mixed)))
    # Then 信丰's line goes in and the lines with only 大余's county are refused, each by its line
    assert body["created"] == 1
    assert [e["line"] for e in body["errors"]] == [3, 4]
    assert all("本局辖区" in e["message"] for e in body["errors"])
    assert profile("13607201611000999").serialize() == before
    # And listing 信丰 beside 大余 does not let 信丰 take over 大余's lawyer either
    grab = [("赵大余", "13607201611000999", "信丰律师事务所", "信丰、大余", "labor", "")]
    body = answer(upload(client, services, csv_bytes(grab)))
    assert body["errors"] and "其他司法局" in body["errors"][0]["message"]
    assert profile("13607201611000999").serialize() == before


def test_duplicate_and_hostile_lines_are_refused_and_the_rest_imported(roster):
    client, services = roster
    rows = LINES[:1] + [LINES[0]] + [("=cmd|' /C calc'!A0", "13607201611000997", "所", "信丰", "labor", "")]
    body = answer(upload(client, services, csv_bytes(rows)))
    assert body["created"] == 1
    assert [(e["line"], "重复" in e["message"] or "公式" in e["message"]) for e in body["errors"]] == [
        (3, True), (4, True)]
    assert not [i for i in Item.scan() if "cmd|" in json.dumps(i.serialize(), ensure_ascii=False)]


def test_an_oversized_file_is_413_and_garbage_is_422_and_nothing_is_written(roster):
    client, services = roster
    before = table()
    big = upload(client, services, b"a" * (sheet.MAX_BYTES + 1))
    garbage = upload(client, services, b"\x00\x01binary\x00junk")
    empty = upload(client, services, b"")
    assert (big.status_code, answer(big)["error"]["code"]) == (413, "roster_too_large")
    assert (garbage.status_code, answer(garbage)["error"]["code"]) == (422, "roster_unreadable")
    assert empty.status_code == 422
    assert table() == before


def test_only_staff_may_import(roster):
    client, services = roster
    anonymous = client.http.post("/api/staff/lawyers/import", body=csv_bytes(),
                                 headers={"content-type": "text/csv"})
    body, _ = sign_in(Caller("citizen", "oCitizen", openid="oCitizen"), settings=services.settings,
                      clock=services.clock)
    citizen = client.http.post("/api/staff/lawyers/import", body=csv_bytes(), headers={
        "content-type": "text/csv", "authorization": f"Bearer {body['token']}"})
    assert (anonymous.status_code, citizen.status_code) == (401, 403)


def test_the_page_offers_the_file_the_dry_run_and_the_apply(roster):
    client, services = roster
    page = client.http.get("/h5/staff/lawyers/import", headers={
        "authorization": f"Bearer {token(services)}"})
    text = page.body.decode()
    assert page.status_code == 200 and 'type="file"' in text and "预览" in text


def test_a_body_of_another_kind_is_415_in_the_contracts_shape(roster):
    client, services = roster
    response = upload(client, services, b"<xml/>", content_type="application/xml")
    error = answer(response)["error"]
    assert response.status_code == 415 and error["code"] == "unsupported_media_type"
    assert "CSV 或 XLSX" in error["message"]
