"""Every H5 page says which bureau it speaks for (issue 10: "its name and look on the H5 pages"):
the signed-in caller's bureau, else the page's `?bureau=`, else the default bureau."""
import json

import pytest
from chalice.test import Client

from chalicelib import bureaus
from chalicelib.db.bureaus import Bureau

DAYU = "360723"


@pytest.fixture
def site(moto_table):
    from app import app

    bureaus.forget_cached()
    Bureau(code=DAYU, name="大余县司法局", short_name="大余", level="county", regions=[DAYU],
           account=DAYU, status="live",
           look={"footer": {"address": "南安镇公共法律服务中心", "phone": "0797-0000000",
                            "hours": "工作日"}}).save()
    with Client(app) as client:
        yield client
    bureaus.forget_cached()


def _page(site, path, cookie=None):
    response = site.http.get(path, headers={"cookie": cookie} if cookie else {})
    return response.status_code, response.body.decode("utf-8")


def _footer(body):
    start = body.index('<footer class="zst-footer"')
    return body[start:body.index("</footer>", start)]


def test_a_page_without_a_bureau_speaks_for_the_default_bureau(site):
    status, body = _page(site, "/h5/")
    assert status == 200 and "信丰县司法局 主办" in _footer(body)
    assert "大余" not in body


def test_the_menu_link_of_a_bureau_shows_its_name_and_footer(site):
    status, body = _page(site, f"/h5/?bureau={DAYU}")
    footer = _footer(body)
    assert status == 200 and "大余县司法局 主办" in footer
    assert "南安镇公共法律服务中心" in footer and "0797-0000000（工作日）" in footer
    assert "· 大余</title>" in body


@pytest.mark.parametrize("query", ["?bureau=999999", "?bureau=36072x", "?bureau=%00"])
def test_an_unknown_or_malformed_bureau_falls_back_to_the_default(site, query):
    status, body = _page(site, "/h5/" + query)
    assert status in (200, 400) and ("信丰县司法局 主办" in body or status == 400)


def test_a_signed_in_staff_member_sees_their_own_bureau_whatever_the_link_says(site):
    login = site.http.post("/dev/login", body=json.dumps({"role": "staff", "id": "dy-1",
                                                          "bureau": DAYU}),
                           headers={"content-type": "application/json"})
    cookie = login.headers["Set-Cookie"].split(";")[0]
    status, body = _page(site, "/h5/staff?bureau=360722", cookie=cookie)
    assert status == 200 and "大余县司法局 主办" in _footer(body)
    # And a public page read with the same cookie speaks for 大余 too, without a table read of the session
    assert "大余县司法局 主办" in _footer(_page(site, "/h5/laws", cookie=cookie)[1])


def test_a_lawyers_page_speaks_for_the_platform_not_one_bureau(site):
    from chalicelib.db.models import Lawyer

    Lawyer(lawyer_id="L1", name="张律师", licence_no="13607201010000001", firm="信丰律师事务所",
           county="360722", city="360700", province="360000", openid="o-lawyer").save()
    login = site.http.post("/dev/login", body=json.dumps({"role": "lawyer", "id": "o-lawyer"}),
                           headers={"content-type": "application/json"})
    cookie = login.headers["Set-Cookie"].split(";")[0]
    status, body = _page(site, f"/h5/lawyer?bureau={DAYU}", cookie=cookie)
    assert status == 200 and "掌上通 · 律师服务" in _footer(body) and "主办" not in _footer(body)
