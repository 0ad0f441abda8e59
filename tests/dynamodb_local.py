"""DynamoDB Local for tests: one in-memory server per test session, a fresh table per test.

moto applies transactions without a lock and copies the table on each one; races and anything with the
full lawyer pool run here instead. Outside CI a machine without Java or `npm ci` skips these tests;
in CI (CI=true) that is a failure, since `make test` installs both.
"""
import os
import socket

import pytest

from local.services import SetupError, start_dynamodb_local, stop_dynamodb_local


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server():
    """Start DynamoDB Local in memory; returns the server and its endpoint URL."""
    port = free_port()
    try:
        server = start_dynamodb_local(port)
    except SetupError as error:
        reason = f"{error} (make test installs `npm ci` and Java 17)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    except RuntimeError as error:
        pytest.fail(str(error))
    return server, f"http://127.0.0.1:{port}"


stop_server = stop_dynamodb_local
