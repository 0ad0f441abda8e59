"""诉讼指引's venues (issue 13, AP-240/241) and their isolation rows (docs/decisions/many-bureaus.md
§6): until 信丰 (A) saves its own list the guides show the seed marked 待核实; A's clerk saves a list
naming the version read, a stale version is a 409 that writes nothing, hostile lists are 400s that
write nothing, and nothing A saves reaches B's guides or B's staff page (nor B's reach A's)."""
import json

import pytest
from chalice.test import Client

from chalicelib.db.bureaus import Bureau
from tests.functional.isolation_support import clerk_tokens, table_snapshot

A, B = "360722", "360723"
COVERED = {
    ("GET", "/api/staff/venues"),
    ("PUT", "/api/staff/venues"),
    ("GET", "/h5/staff/venues"),
}
A_COURT = {"kind": "court", "name": "信丰县人民法院", "address": "信丰县嘉定镇某路 1 号",
           "phone": "0797-1234567", "hours": "工作日", "verified": True}
B_ARBITRATION = {"kind": "arbitration", "name": "大余县劳动人事争议仲裁委员会（B 独有）",
                 "address": "大余县南安镇某路 9 号", "phone": "", "hours": "", "verified": True}


@pytest.fixture
def two(moto_table):
    Bureau(code=B, name="大余县司法局", short_name="大余", regions=[B], account=B).save()
    from app import app

    with Client(app) as client:
        tokens = clerk_tokens(moto_table)

        def call(method, path, bureau=None, body=None):
            headers = {"content-type": "application/json"}
            if bureau:
                headers["authorization"] = f"Bearer {tokens[bureau]}"
            raw = body if isinstance(body, (str, bytes)) or body is None else json.dumps(body)
            return getattr(client.http, method.lower())(path, body=raw, headers=headers)
        saved = call("PUT", "/api/staff/venues", B, {"venues": [B_ARBITRATION], "version": 0})
        assert saved.status_code == 200, saved.body
        yield call


def _table():
    return table_snapshot(sessions=False)


def test_the_seed_is_shown_marked_unverified_until_the_bureau_saves_its_own(two):
    call = two
    # Given A never saved a list: the staff API answers the seed as version 0
    seed = json.loads(call("GET", "/api/staff/venues", A).body)
    assert seed["version"] == 0 and not any(v["verified"] for v in seed["venues"])
    assert "信丰县劳动人事争议仲裁委员会" in [v["name"] for v in seed["venues"]]
    # And the labour guide of A names the seed's arbitration commission, marked 信息待核实
    page = call("GET", f"/h5/guides/labour?bureau={A}").body.decode()
    assert "信丰县劳动人事争议仲裁委员会" in page and "信息待核实" in page
    # When A's clerk saves a verified court
    saved = call("PUT", "/api/staff/venues", A, {"venues": [A_COURT], "version": 0})
    assert saved.status_code == 200 and json.loads(saved.body)["version"] == 1
    # Then the civil guide shows it, without the mark, and the API gives it with its label
    page = call("GET", f"/h5/guides/civil?bureau={A}").body.decode()
    assert "信丰县嘉定镇某路 1 号" in page and "信息待核实" not in page
    guide = json.loads(call("GET", f"/api/guides/civil?bureau={A}").body)
    assert guide["venues"] == [dict(A_COURT, kind_label="人民法院")]


def test_a_save_on_a_stale_version_is_a_409_that_writes_nothing(two):
    call = two
    assert call("PUT", "/api/staff/venues", A, {"venues": [A_COURT], "version": 0}).status_code == 200
    before = _table()
    stale = call("PUT", "/api/staff/venues", A, {"venues": [], "version": 0})
    assert stale.status_code == 409 and "刷新" in json.loads(stale.body)["error"]["message"]
    assert _table() == before


@pytest.mark.parametrize("body", [
    {"venues": [dict(A_COURT, kind="casino")], "version": 0},
    {"venues": [dict(A_COURT, name="")], "version": 0},
    {"venues": [dict(A_COURT, name="法" * 41)], "version": 0},
    {"venues": [dict(A_COURT, address="   ")], "version": 0},
    {"venues": [dict(A_COURT, phone="<script>")], "version": 0},
    {"venues": [A_COURT] * 13, "version": 0},
    {"venues": [A_COURT], "version": -1},
    {"venues": [A_COURT]},
    {"venues": [dict(A_COURT, bureau=B)], "version": 0},
    {"venues": "court", "version": 0},
    '{"venues": [{"kind": "court", "name": "\\ud800", "address": "x"}], "version": 0}',
])
def test_hostile_lists_are_refused_and_write_nothing(two, body):
    call = two
    before = _table()
    response = call("PUT", "/api/staff/venues", A, body)
    assert response.status_code == 400, response.body
    assert "message" in json.loads(response.body)["error"]
    assert _table() == before


def test_nothing_of_b_reaches_a_and_nothing_of_a_reaches_b(two):
    call = two
    call("PUT", "/api/staff/venues", A, {"venues": [A_COURT], "version": 0})
    for path, bureau in (("/api/staff/venues", A), ("/h5/staff/venues", A),
                         (f"/h5/guides/labour?bureau={A}", None), (f"/api/guides/labour?bureau={A}", None)):
        text = call("GET", path, bureau).body.decode()
        assert "B 独有" not in text and "南安镇某路 9 号" not in text, path
    for path, bureau in (("/api/staff/venues", B), (f"/h5/guides/civil?bureau={B}", None)):
        assert "嘉定镇某路 1 号" not in call("GET", path, bureau).body.decode(), path
    assert "B 独有" in call("GET", f"/api/guides/labour?bureau={B}").body.decode()


def test_the_venue_routes_are_for_staff_only(two):
    call = two
    assert call("GET", "/api/staff/venues").status_code == 401
    assert call("PUT", "/api/staff/venues", body={"venues": [], "version": 0}).status_code == 401
