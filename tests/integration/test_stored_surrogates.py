"""DynamoDB (here DynamoDB Local) stores a lone UTF-16 surrogate and gives it back: a value written
before the edge refused them must never break a response for anyone who reads it afterwards."""
import json

import pytest
from chalice.test import Client

from chalicelib.auth import Caller, sign_in
from chalicelib.db.consultations import Consultation
from chalicelib.db.models import Category

QUESTION = "公司拖欠我三个月工资一共九千元\ud800，该怎么办？"


@pytest.fixture
def stored(ddb_table):
    # Given a category and a consultation whose text holds a lone surrogate, as stored before the fix
    Category(code="labor", name="劳动争议\udc00", order=1, keywords=[]).save()
    Consultation(id="ZX20260302-AAAAAA", openid="oC", category="labor", question=QUESTION,
                 source="h5", county="360722", status="answering",
                 created_at="2026-03-02T02:00:00Z").save()
    assert Consultation.get("CONS#ZX20260302-AAAAAA", "META").question == QUESTION  # stored as sent
    return ddb_table


def test_a_stored_lone_surrogate_is_shown_as_a_replacement_character_not_a_dropped_response(stored):
    from app import app

    token = sign_in(Caller("citizen", "oC", openid="oC"), settings=stored.settings,
                    clock=stored.clock)[0]["token"]
    with Client(app) as client:
        # When the citizen reads their consultation and anyone reads the categories
        mine = client.http.get("/api/consultations/ZX20260302-AAAAAA",
                               headers={"authorization": f"Bearer {token}"})
        categories = client.http.get("/api/categories")
    # Then both answer 200, the bad character replaced and the rest as stored
    assert mine.status_code == 200 and categories.status_code == 200
    assert json.loads(mine.body)["question"] == QUESTION.replace("\ud800", "\ufffd")
    assert json.loads(categories.body)[0]["name"] == "劳动争议\ufffd"
