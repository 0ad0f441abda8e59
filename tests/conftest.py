"""Shared fixtures: an in-process moto table for fast tests, with the app's services wired to it."""

import pytest

from chalicelib import settings as settings_module
from chalicelib.clock import FixedClock, parse_instant
from chalicelib.wiring import Services, use

TEST_ENV = {
    "STAGE": "local", "TABLE_NAME": "zst-test", "UPLOAD_BUCKET": "zst-test-uploads",
    "AWS_REGION": "us-east-1", "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
}


@pytest.fixture
def env(monkeypatch):
    """A clean, known environment; returns a function to set more variables."""
    for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_DYNAMODB", "AWS_ENDPOINT_URL_S3",
                 "WECHAT_API_BASE", "WECHAT_ENCODING_AES_KEY", "DEFAULT_BUREAU", "BUREAU_COUNTY",
                 "SSM_PREFIX", "LOCAL_ACCOUNTS", "LEGACY_READS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in TEST_ENV.items():
        monkeypatch.setenv(name, value)
    settings_module.reset_settings()

    def set_env(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        settings_module.reset_settings()
    yield set_env
    # The variables go back first, then the cached settings are forgotten: forgotten first, a thread
    # still at work (after-commit work, a search layer) could cache the test's settings again — an SSM
    # prefix and a non-local stage — for every later test on this worker.
    monkeypatch.undo()
    settings_module.reset_settings()


@pytest.fixture
def clock():
    return FixedClock(parse_instant("2026-03-02T02:00:00Z"))


MOTO_BACKEND_CALLS = ("transact_write_items", "transact_get_items", "put_item", "update_item",
                      "delete_item", "get_item", "query", "batch_write_item", "batch_get_item")


def _serialise_moto(monkeypatch):
    """moto applies a transaction item by item without a lock, and a failed one restores the whole
    table from a copy taken before it started — erasing, or crashing on, a concurrent writer (work
    the app starts after a commit runs on a thread). DynamoDB is atomic; make the emulator so."""
    import threading

    from moto.dynamodb.models import DynamoDBBackend

    lock = threading.RLock()
    for name in MOTO_BACKEND_CALLS:
        original = getattr(DynamoDBBackend, name)

        def locked(*args, _original=original, **kwargs):
            with lock:
                return _original(*args, **kwargs)
        monkeypatch.setattr(DynamoDBBackend, name, locked)


@pytest.fixture
def moto_table(env, clock, monkeypatch):
    """A moto DynamoDB table built from the one table definition, with services bound to it."""
    from moto import mock_aws

    from chalicelib.db.schema import table_definition

    _serialise_moto(monkeypatch)
    with mock_aws():
        services = use(Services(clock=clock))
        services.dynamodb().create_table(**table_definition(services.settings.table_name))
        services.table()
        yield services
        from chalicelib.after_commit import wait_idle
        wait_idle()  # work started after a commit finishes against this table, not a torn-down one
    use(None)
    from chalicelib import aws
    aws._client.cache_clear()


@pytest.fixture(scope="session")
def dynamodb_local():
    """The endpoint of an in-memory DynamoDB Local shared by the whole test session."""
    from tests.dynamodb_local import start_server, stop_server

    server, endpoint = start_server()
    yield endpoint
    stop_server(server)


@pytest.fixture
def ddb_table(env, clock, dynamodb_local, request):
    """A fresh table on DynamoDB Local for this test, with services bound to it."""
    import re

    from chalicelib.db.schema import table_definition

    name = "t-" + re.sub(r"[^A-Za-z0-9_.-]", "-", request.node.name)[-60:]
    env(AWS_ENDPOINT_URL_DYNAMODB=dynamodb_local, TABLE_NAME=name, AWS_READ_TIMEOUT="10")
    services = use(Services(clock=clock))
    services.dynamodb().create_table(**table_definition(name))
    services.table()
    yield services
    services.dynamodb().delete_table(TableName=name)
    use(None)


@pytest.fixture(autouse=True)
def _fresh_bureau_cache():
    """The per-container Bureau cache (5 minutes) and the search's published layers must not carry
    one test's bureaus and content into the next, whose table is a new one."""
    import sys

    from chalicelib import bureaus

    def forget():
        bureaus.forget_cached()
        finder = sys.modules.get("chalicelib.library.finder")  # the search's layers: per container
        if finder is not None:
            finder.forget_live()

    forget()
    settings_module.reset_settings()  # each test reads the settings of its own environment
    yield
    forget()
