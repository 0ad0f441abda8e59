"""The bureau's catalogue of lawyers' service items (点单, issue 12) and its isolation rows
(docs/decisions/many-bureaus.md §6): 信丰's admin (A) reads and saves A's catalogue only; 大余's
(B) edits show nowhere of A — not on A's staff page, not in A's directory — and A's writes never
touch B's item. The directory of a bureau shows only lawyers serving its counties."""
import json

import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from chalicelib.db.directory import ServiceCatalogue
from tests.functional.commission_support import add_lawyer
from tests.functional.isolation_support import clerk_tokens, table_snapshot

A, B = "360722", "360723"
B_ITEM = "大余特色家事调解包"

COVERED = {
    ("GET", "/api/staff/services"),
    ("PUT", "/api/staff/services"),
    ("GET", "/h5/staff/services"),
}


@pytest.fixture
def two(moto_table):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    add_lawyer("XF1", A, 4.5)
    add_lawyer("DY1", B, 4.8)
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)

        def call(method, path, bureau=None, body=None):
            headers = {"content-type": "application/json"}
            if bureau:
                headers["authorization"] = f"Bearer {tokens[bureau]}"
            raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
            return getattr(client.http, method.lower())(path, body=raw, headers=headers)

        b_items = json.loads(call("GET", "/api/staff/services", B).body)["items"]
        saved = call("PUT", "/api/staff/services", B, {"items": [
            {"code": i["code"], "name": i["name"]} for i in b_items] + [{"name": B_ITEM, "cap_yuan": 200}]})
        assert saved.status_code == 200, saved.body
        yield call


def test_each_bureau_reads_its_own_catalogue_and_the_default_until_it_saves(two):
    call = two
    a = json.loads(call("GET", "/api/staff/services", A).body)
    assert a["rev"] == 0 and B_ITEM not in json.dumps(a, ensure_ascii=False)
    b = json.loads(call("GET", "/api/staff/services", B).body)
    assert b["rev"] == 1 and b["items"][-1]["name"] == B_ITEM


def test_a_saving_writes_only_its_own_catalogue(two):
    call = two
    b_before = ServiceCatalogue.get(f"BUREAU#{B}", "SVCCATALOGUE").serialize()
    a = json.loads(call("GET", "/api/staff/services", A).body)
    # When A's admin sends B's item code as if it were A's
    b_code = json.loads(call("GET", "/api/staff/services", B).body)["items"][-1]["code"]
    before = table_snapshot(sessions=False)
    sneaky = call("PUT", "/api/staff/services", A, {"items": [
        {"code": i["code"], "name": i["name"]} for i in a["items"]] + [{"code": b_code, "name": "借用"}]})
    # Then it is no code of A's catalogue: a 400 that writes nothing
    assert sneaky.status_code == 400 and json.loads(sneaky.body)["error"]["code"] == "unknown_service"
    assert table_snapshot(sessions=False) == before
    # And A's own save leaves B's catalogue as it was
    ok = call("PUT", "/api/staff/services", A, {"items": [
        {"code": i["code"], "name": i["name"], "cap_yuan": 100} for i in a["items"]]})
    assert ok.status_code == 200
    assert ServiceCatalogue.get(f"BUREAU#{B}", "SVCCATALOGUE").serialize() == b_before


def test_pages_and_directory_of_a_hold_nothing_of_b(two):
    call = two
    for path, bureau in (("/h5/staff/services", A), ("/api/staff/services", A),
                         (f"/h5/lawyers?bureau={A}", None), (f"/api/lawyers?bureau={A}", None)):
        text = call("GET", path, bureau).body.decode()
        assert B_ITEM not in text and "律师DY1" not in text, path
    assert "律师XF1" in call("GET", f"/api/lawyers?bureau={A}").body.decode()
    # B's lawyer is A's 404, the same as nobody's
    theirs, nobody = (call("GET", f"/api/lawyers/{i}?bureau={A}") for i in ("DY1", "NOBODY"))
    assert theirs.status_code == 404 and theirs.body == nobody.body
    # B's own directory has B's item and lawyer
    b_page = call("GET", f"/h5/lawyers?bureau={B}").body.decode()
    assert B_ITEM in b_page and "律师DY1" in b_page and "律师XF1" not in b_page


def test_the_catalogue_is_for_staff_and_admins_only(two, moto_table):
    call = two
    assert call("GET", "/api/staff/services").status_code == 401
    assert call("PUT", "/api/staff/services", body={"items": [{"name": "x"}]}).status_code == 401
    from chalicelib.auth import Caller, sign_in

    body, _ = sign_in(Caller("staff", "xf-duty", staff_id="xf-duty", bureau=A,
                             staff_roles=["duty_manager"]),
                      settings=moto_table.settings, clock=moto_table.clock)
    from app import app

    with Client(app) as client:
        refused = client.http.get("/api/staff/services",
                                  headers={"authorization": f"Bearer {body['token']}"})
    assert refused.status_code == 403
