"""Sessions carry the bureau a citizen or staff member acts in (issue 10, design §4, §6 item 7):
`/dev/login` takes `"bureau"`, a staff id belongs to one bureau, and a token whose bureau claim was
edited fails its signature."""
import base64
import json

import pytest
from chalice.test import Client

from chalicelib.auth import sessions
from chalicelib.db.bureaus import Bureau
from chalicelib.db.models import Lawyer, StaffAccount

DAYU = "360723"


@pytest.fixture
def site(moto_table):
    from app import app

    Bureau(code=DAYU, name="大余县司法局", short_name="大余", level="county", regions=[DAYU],
           account=DAYU, status="live").save()
    with Client(app) as client:
        yield client


def _post(site, path, body, token=None):
    headers = {"content-type": "application/json"}
    if token:
        headers["authorization"] = f"Bearer {token}"
    return site.http.post(path, body=json.dumps(body), headers=headers)


def _me(site, token):
    response = site.http.get("/api/auth/me", headers={"authorization": f"Bearer {token}"})
    return response.status_code, json.loads(response.body)


def _login(site, **body):
    response = _post(site, "/dev/login", body)
    assert response.status_code == 200, response.body
    return json.loads(response.body)


def test_staff_signed_in_at_a_bureau_act_in_it_and_their_account_is_created_there(site):
    # When a new staff member signs in at 大余
    body = _login(site, role="staff", id="dy-1", bureau=DAYU)
    # Then the session acts in 大余 and the staff account was created there
    assert body["bureau"] == DAYU
    assert _me(site, body["token"]) == (200, {"role": "staff", "roles": ["staff"],
                                               "staff_id": "dy-1", "bureau": DAYU,
                                               "account": DAYU})
    assert StaffAccount.get("STAFF#dy-1", "PROFILE").bureau == DAYU
    # And signing in again without naming the bureau keeps the account's own bureau
    assert _me(site, _login(site, role="staff", id="dy-1")["token"])[1]["bureau"] == DAYU


def test_without_a_bureau_citizens_and_staff_act_in_the_default_bureau(site):
    for role, subject in (("staff", "xf-1"), ("citizen", "o-xf")):
        assert _me(site, _login(site, role=role, id=subject)["token"])[1]["bureau"] == "360722"


def test_a_staff_id_of_one_bureau_cannot_sign_in_at_another(site):
    # Given a staff member of the default bureau from before issue 10 (no bureau attribute)
    StaffAccount(staff_id="old-1", name="老科员").save()
    # When they try to sign in at 大余
    response = _post(site, "/dev/login", {"role": "staff", "id": "old-1", "bureau": DAYU})
    # Then they are refused and the account is unchanged
    assert response.status_code == 409
    assert json.loads(response.body)["error"]["code"] == "staff_other_bureau"
    assert StaffAccount.get("STAFF#old-1", "PROFILE").bureau is None


def test_an_unknown_bureau_or_a_lawyer_with_a_bureau_is_refused_and_nothing_is_written(site):
    Lawyer(lawyer_id="L1", name="张律师", licence_no="13607201010000001", firm="信丰律师事务所",
           county="360722", city="360700", province="360000", openid="o-lawyer").save()
    unknown = _post(site, "/dev/login", {"role": "staff", "id": "x-1", "bureau": "999999"})
    lawyer = _post(site, "/dev/login", {"role": "lawyer", "id": "o-lawyer", "bureau": DAYU})
    assert (unknown.status_code, json.loads(unknown.body)["error"]["code"]) == (404, "bureau_not_found")
    assert (lawyer.status_code, json.loads(lawyer.body)["error"]["code"]) == (400, "bureau_not_for_role")
    assert StaffAccount.count("STAFF#x-1") == 0
    # And a lawyer's own session carries no bureau: they serve every bureau of their counties
    assert "bureau" not in _me(site, _login(site, role="lawyer", id="o-lawyer")["token"])[1]


def test_a_token_whose_bureau_claim_was_edited_is_refused(site):
    # Given a staff token of 大余
    token = _login(site, role="staff", id="dy-2", bureau=DAYU)["token"]
    payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    # When its bureau claim is changed to 信丰, keeping the signature or re-signing with a guess
    edited = base64.urlsafe_b64encode(json.dumps({**claims, "b": "360722"}, separators=(",", ":"),
                                                 sort_keys=True).encode()).rstrip(b"=").decode()
    for forged in (f"{edited}.{signature}", sessions.sign({**claims, "b": "360722"}, b"guess" * 8)):
        # Then the token is refused
        assert _me(site, forged)[0] == 401
    assert _me(site, token)[1]["bureau"] == DAYU
