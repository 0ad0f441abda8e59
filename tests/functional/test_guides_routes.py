"""The public half of issue 13's guides: `GET /api/fees` answers the worked example with its
breakdown and refuses what is not money in the house error shape; `/h5/fees`, `/h5/guides` and a
guide page open for anyone; an unknown guide is a 404 page."""
import json

import pytest
from chalice.test import Client


@pytest.fixture
def client(moto_table):
    from app import app

    with Client(app) as c:
        yield c


def test_the_fee_of_a_150000_claim_is_3300_with_three_brackets(client):
    found = json.loads(client.http.get("/api/fees?kind=property&amount=150000").body)
    assert found["fee"] == "3300.00" and len(found["brackets"]) == 3
    halved = json.loads(client.http.get("/api/fees?kind=property&amount=150000&procedure=summary").body)
    assert halved["fee"] == "1650.00"


@pytest.mark.parametrize("query", ["kind=property&amount=-1", "kind=property&amount=1e9",
                                   "kind=property", "kind=bribe&amount=5", "amount=5",
                                   "kind=property&amount=" + "9" * 30, "kind=property&procedure=x&amount=5",
                                   "kind=property&amount=%3Cscript%3E"])
def test_what_is_not_a_fee_question_is_a_400_in_chinese(client, query):
    response = client.http.get(f"/api/fees?{query}")
    assert response.status_code == 400
    error = json.loads(response.body)["error"]
    assert error["message"] and not error["message"].isascii()


def test_the_pages_open_and_link_each_other(client):
    fees = client.http.get("/h5/fees?kind=divorce").body.decode()
    assert 'id="fee-form"' in fees and 'value="divorce" selected' in fees
    listing = client.http.get("/h5/guides").body.decode()
    for title in ("劳动合同纠纷", "交通事故纠纷", "行政纠纷", "刑事案件", "赡养纠纷", "婚姻家庭纠纷"):
        assert title in listing
    guide = client.http.get("/h5/guides/traffic").body.decode()
    assert "/h5/fees?kind=property" in guide and "/h5/templates/traffic" in guide
    assert "/h5/laws/road-traffic-safety-law#art-76" in guide and "交通管理大队" in guide


def test_an_unknown_guide_is_a_404(client):
    assert client.http.get("/h5/guides/lottery").status_code == 404
    assert client.http.get("/api/guides/lottery").status_code == 404
    assert client.http.get("/api/guides/LABOUR").status_code == 400
    assert json.loads(client.http.get("/api/guides").body)["guides"][0]["href"].startswith("/h5/guides/")
