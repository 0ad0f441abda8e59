import pytest
from chalice.test import Client


@pytest.fixture
def client(moto_table):
    from app import app

    with Client(app) as test_client:
        yield test_client
