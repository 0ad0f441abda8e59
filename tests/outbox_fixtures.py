"""Fixtures for the outbox and WeChat API tests; test modules import them by name.

The race tests run twice: on moto made linearizable, and on DynamoDB Local, the real engine.
"""
import re
import threading

import pytest

from tests.wechat_standin import WeChatStandIn


@pytest.fixture
def wechat():
    """The WeChat API stand-in on 127.0.0.1, up for the test."""
    standin = WeChatStandIn().start()
    yield standin
    standin.stop()


@pytest.fixture
def linearizable(monkeypatch):
    """Make in-process moto apply one DynamoDB request at a time.

    DynamoDB applies a conditional write atomically; in-process moto checks the condition and writes
    in two steps with no lock, so threads racing on one item could both pass. Serialising moto's
    request handling restores the property the race tests are about; the HTTP calls to the WeChat
    stand-in still overlap freely.
    """
    from moto.dynamodb.responses import DynamoHandler

    lock = threading.Lock()
    original = DynamoHandler.call_action

    def one_at_a_time(self):
        with lock:
            return original(self)
    monkeypatch.setattr(DynamoHandler, "call_action", one_at_a_time)


@pytest.fixture(scope="session")
def dynamodb_local_endpoint(dynamodb_local):
    """The session's one DynamoDB Local (tests/conftest.py; a JVM start costs seconds)."""
    return dynamodb_local


@pytest.fixture(params=["moto", pytest.param("dynamodb_local", marks=pytest.mark.dynamodb_local)])
def race_table(request, env, clock):
    """Services bound to a fresh table on moto (linearized) or on DynamoDB Local."""
    from chalicelib.db.schema import table_definition
    from chalicelib.wiring import Services, use

    if request.param == "moto":
        request.getfixturevalue("linearizable")
        yield request.getfixturevalue("moto_table")
        return
    endpoint = request.getfixturevalue("dynamodb_local_endpoint")
    env(AWS_ENDPOINT_URL_DYNAMODB=endpoint, TABLE_NAME="outbox-" + re.sub(r"[^A-Za-z0-9_.-]", "-", request.node.name)[-60:],
        AWS_READ_TIMEOUT="10")
    services = use(Services(clock=clock))
    services.dynamodb().create_table(**table_definition(services.settings.table_name))
    services.table()
    yield services
    use(None)
